package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestStoreErrorsShowNoDatabaseText: when the database itself refuses a write
// (a unique index breaks: a store conflict; a trigger aborts: an internal
// error) the client is told the kind of problem in words written for it, and
// never the driver's or the database's text.
func TestStoreErrorsShowNoDatabaseText(t *testing.T) {
	t.Parallel()
	leaks := []string{"UNIQUE", "constraint", "case_events", "duplicate key", "SQLSTATE", "sqlite", "pq:", "ERROR:", "one_event_per_case", "tampered"}
	storetest.EachTamper(t, func(t *testing.T, s *store.Store, tamper storetest.Tamper) {
		f := newFixture(t, platformtest.OnStore(s))
		tok := f.token("integration", true, nil, highwaysOfficer)
		ref := f.submit(tok, "outside 9 Mill Lane")

		// A second event on any case now breaks a unique index: the database
		// reports a unique violation, which the store maps to a conflict.
		tamper("CREATE UNIQUE INDEX one_event_per_case ON case_events (case_id)")
		res := f.do("POST", "/api/v1/cases/"+ref+"/transitions", tok, jsonCT, `{"transition":"send_for_inspection"}`)
		if res.Status != http.StatusConflict {
			t.Fatalf("transition against a unique index: %d %s, want 409", res.Status, res.Body)
		}
		body := string(res.Body)
		if !strings.Contains(body, `"title":"Somebody else changed this"`) || !strings.Contains(body, `"detail":"already exists"`) {
			t.Errorf("conflict body %s: want the conflict title and the store's public message", body)
		}
		for _, l := range leaks {
			if strings.Contains(strings.ToLower(body), strings.ToLower(l)) {
				t.Errorf("conflict body shows %q: %s", l, body)
			}
		}
		tamper("DROP INDEX one_event_per_case")

		// A database error of no kind is a 500 with an incident number only.
		ref = f.submit(tok, "outside 9 Mill Lane")
		if s.Dialect() == "sqlite" {
			tamper("CREATE TRIGGER tampered BEFORE INSERT ON case_events BEGIN SELECT RAISE(ABORT, 'tampered: no events'); END")
		} else {
			tamper(`CREATE FUNCTION tampered() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'tampered: no events'; END $$`)
			tamper("CREATE TRIGGER tampered BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION tampered()")
		}
		// Sent without f.do: the OpenAPI document lists no 500s.
		req, _ := http.NewRequest("POST", f.URL+"/api/v1/cases/"+ref+"/transitions", strings.NewReader(`{"transition":"send_for_inspection"}`))
		req.Header.Set("Content-Type", jsonCT)
		req.Header.Set("Authorization", "Bearer "+tok)
		raw, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(raw.Body)
		raw.Body.Close()
		res.Status, body = raw.StatusCode, string(b)
		if res.Status != http.StatusInternalServerError || !strings.Contains(body, `"incident":`) || strings.Contains(body, `"detail"`) {
			t.Errorf("transition against an aborting trigger: %d %s, want 500 with an incident and no detail", res.Status, body)
		}
		for _, l := range leaks {
			if strings.Contains(strings.ToLower(body), strings.ToLower(l)) {
				t.Errorf("internal error body shows %q: %s", l, body)
			}
		}
	})
}
