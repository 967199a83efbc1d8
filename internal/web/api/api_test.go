package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/api"
)

const jsonCT = "application/json"

func pothole(where string) string {
	return `{"service_id":"report-a-pothole","answers":{
		"location":{"location":{"description":"` + where + `"}},
		"surface":{"text":"road"},"dangerous":{"text":"no"},
		"full_name":{"text":"Jane Doe"},"email":{"text":"jane@example.org"}}}`
}

var highwaysOfficer = access.Grant{Role: "officer", Team: "highways"}

// TestEveryRouteIsDocumented checks that each pattern the API registers is a
// path and method of the OpenAPI document, and that the document has nothing
// the server does not serve.
func TestEveryRouteIsDocumented(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %s, want 3.1.0", doc.OpenAPI)
	}
	served := map[string]bool{}
	for _, p := range api.RoutePatterns() {
		method, path, _ := strings.Cut(p, " ")
		served[method+" "+path] = true
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("route %s is not in openapi.json", p)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !served[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which the server does not serve", method, path)
			}
		}
	}
}

func TestAPIScenarios(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		rw := f.token("highways writer", true, nil, highwaysOfficer)
		ro := f.token("highways reader", false, nil, highwaysOfficer)

		first := f.do("POST", "/api/v1/cases", rw, jsonCT, pothole("outside 12 Station Road"), "Idempotency-Key", "k-1")
		if first.Status != 201 {
			t.Fatalf("submit: %d %s", first.Status, first.Body)
		}
		var c struct {
			Reference string `json:"reference"`
			Channel   string `json:"channel"`
			Version   int    `json:"version"`
		}
		first.json(t, &c)
		if c.Channel != "api" || first.Header.Get("Location") != "/api/v1/cases/"+c.Reference {
			t.Errorf("submitted case %+v, Location %q", c, first.Header.Get("Location"))
		}

		tests := []struct {
			name, method, path, token, ct, body string
			hdr                                 []string
			status                              int
			contains, absent                    []string
		}{
			{name: "no token", method: "GET", path: "/api/v1/cases", status: 401, contains: []string{`"status":401`}},
			{name: "bad token", method: "GET", path: "/api/v1/cases", token: "gh_nonsense", status: 401},
			{name: "services", method: "GET", path: "/api/v1/services", token: ro, status: 200, contains: []string{`"id":"report-a-pothole"`}},
			{name: "service definition", method: "GET", path: "/api/v1/services/report-a-pothole", token: ro, status: 200, contains: []string{`"pages"`, `"workflow"`}},
			{name: "unknown service", method: "GET", path: "/api/v1/services/nope", token: ro, status: 404},
			{name: "repeat key, same body: first case", method: "POST", path: "/api/v1/cases", token: rw, ct: jsonCT,
				body: pothole("outside 12 Station Road"), hdr: []string{"Idempotency-Key", "k-1"}, status: 201, contains: []string{c.Reference}},
			{name: "repeat key, other body: 422", method: "POST", path: "/api/v1/cases", token: rw, ct: jsonCT,
				body: pothole("somewhere else"), hdr: []string{"Idempotency-Key", "k-1"}, status: 422, contains: []string{`"field":"Idempotency-Key"`}},
			{name: "form-encoded: 415", method: "POST", path: "/api/v1/cases", token: rw, ct: "application/x-www-form-urlencoded",
				body: "service_id=report-a-pothole", status: 415},
			{name: "unknown field: 400", method: "POST", path: "/api/v1/cases", token: rw, ct: jsonCT, body: `{"service_id":"x","answers":{},"extra":1}`, status: 400},
			{name: "missing answers: field list", method: "POST", path: "/api/v1/cases", token: rw, ct: jsonCT,
				body: `{"service_id":"report-a-pothole","answers":{}}`, status: 422, contains: []string{`"errors"`, `"field":"surface"`}},
			{name: "read-only token may not submit", method: "POST", path: "/api/v1/cases/" + c.Reference + "/notes", token: ro, ct: jsonCT,
				body: `{"text":"hello"}`, status: 403},
			{name: "get", method: "GET", path: "/api/v1/cases/" + c.Reference, token: ro, status: 200, contains: []string{`"state":"received"`}},
			{name: "get unknown", method: "GET", path: "/api/v1/cases/ZZZZ-ZZZZ", token: ro, status: 404},
			{name: "list", method: "GET", path: "/api/v1/cases?service=report-a-pothole&open=true", token: ro, status: 200, contains: []string{c.Reference}},
			{name: "search", method: "GET", path: "/api/v1/cases?q=Station", token: ro, status: 200, contains: []string{c.Reference}},
			{name: "search miss", method: "GET", path: "/api/v1/cases?q=zebra", token: ro, status: 200, absent: []string{c.Reference}},
			{name: "bad limit", method: "GET", path: "/api/v1/cases?limit=0", token: ro, status: 422},
			{name: "note", method: "POST", path: "/api/v1/cases/" + c.Reference + "/notes", token: rw, ct: jsonCT,
				body: `{"text":"Inspector booked","visibility":"resident"}`, status: 201, contains: []string{`"kind":"note"`}},
			{name: "transitions a writer may apply", method: "GET", path: "/api/v1/cases/" + c.Reference + "/transitions", token: rw, status: 200,
				contains: []string{`"state":"received"`, `"id":"send_for_inspection"`, `"fields":[]`}},
			{name: "a reader may apply none", method: "GET", path: "/api/v1/cases/" + c.Reference + "/transitions", token: ro, status: 200,
				contains: []string{`"transitions":[]`}},
			{name: "transitions of an unknown case", method: "GET", path: "/api/v1/cases/ZZZZ-ZZZZ/transitions", token: rw, status: 404},
			{name: "transition with stale version: 409", method: "POST", path: "/api/v1/cases/" + c.Reference + "/transitions", token: rw, ct: jsonCT,
				body: `{"transition":"send_for_inspection","version":1}`, status: 409},
			{name: "transition", method: "POST", path: "/api/v1/cases/" + c.Reference + "/transitions", token: rw, ct: jsonCT,
				body: `{"transition":"send_for_inspection"}`, status: 200, contains: []string{`"state":"awaiting_inspection"`}},
			{name: "unknown transition", method: "POST", path: "/api/v1/cases/" + c.Reference + "/transitions", token: rw, ct: jsonCT,
				body: `{"transition":"teleport"}`, status: 400},
			{name: "events", method: "GET", path: "/api/v1/cases/" + c.Reference + "/events", token: ro, status: 200,
				contains: []string{`"kind":"submitted"`, `"Inspector booked"`, `"to_state":"awaiting_inspection"`}},
			{name: "openapi document", method: "GET", path: "/api/v1/openapi.json", status: 200, contains: []string{`"openapi": "3.1.0"`}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := f.do(tt.method, tt.path, tt.token, tt.ct, tt.body, tt.hdr...)
				if res.Status != tt.status {
					t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
				}
				if res.Status >= 400 && res.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("error Content-Type %q, want application/problem+json", res.Header.Get("Content-Type"))
				}
				for _, s := range tt.contains {
					if !strings.Contains(string(res.Body), s) {
						t.Errorf("body lacks %q: %s", s, res.Body)
					}
				}
				for _, s := range tt.absent {
					if strings.Contains(string(res.Body), s) {
						t.Errorf("body has %q: %s", s, res.Body)
					}
				}
			})
		}
		page, err := f.Cases.Find(context.Background(), access.System, cases.Filter{ServiceIDs: []string{"report-a-pothole"}})
		if err != nil || len(page.Cases) != 1 {
			t.Errorf("after the repeats there are %d pothole cases (%v), want exactly 1", len(page.Cases), err)
		}
	})
}

// TestTokenNeverSeesAnotherTeamsSensitiveCase: a token for highways must not
// learn that a social-care OFFICIAL-SENSITIVE case exists, by any read path.
func TestTokenNeverSeesAnotherTeamsSensitiveCase(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		secret, err := f.Cases.Submit(context.Background(), access.Anonymous, cases.Submission{
			ServiceID: "safeguarding-concern", Channel: cases.ChannelWeb,
			Answers: service.Answers{"concern": {Text: "Zanzibar neighbour concern"}, "full_name": {Text: "Sam Resident"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		highways := f.token("highways", true, nil, highwaysOfficer)
		social := f.token("social care", false, nil, access.Grant{Role: "social_worker", Team: "social-care"})
		for _, tt := range []struct {
			name, path string
		}{
			{"get", "/api/v1/cases/" + secret.Ref},
			{"events", "/api/v1/cases/" + secret.Ref + "/events"},
			{"transitions", "/api/v1/cases/" + secret.Ref + "/transitions"},
		} {
			if res := f.do("GET", tt.path, highways, "", ""); res.Status != 404 || strings.Contains(string(res.Body), "Zanzibar") {
				t.Errorf("%s: %d %s, want 404 with nothing of the case", tt.name, res.Status, res.Body)
			}
		}
		for _, path := range []string{"/api/v1/cases", "/api/v1/cases?q=Zanzibar", "/api/v1/cases?service=safeguarding-concern"} {
			if res := f.do("GET", path, highways, "", ""); res.Status != 200 || strings.Contains(string(res.Body), secret.Ref) {
				t.Errorf("%s: %d %s, want 200 without %s", path, res.Status, res.Body, secret.Ref)
			}
		}
		res := f.do("POST", "/api/v1/cases/"+secret.Ref+"/notes", highways, jsonCT, `{"text":"x"}`)
		if res.Status != 404 {
			t.Errorf("note on hidden case: %d, want 404", res.Status)
		}
		if res := f.do("GET", "/api/v1/cases?q=Zanzibar", social, "", ""); !strings.Contains(string(res.Body), secret.Ref) {
			t.Errorf("the owning team's token cannot find its own case: %s", res.Body)
		}
	})
}

func TestPerTokenRateLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, limited(3))
	a := f.token("a", false, nil, highwaysOfficer)
	b := f.token("b", false, nil, highwaysOfficer)
	var statuses []int
	for range 4 {
		statuses = append(statuses, f.do("GET", "/api/v1/services", a, "", "").Status)
	}
	if !slices.Equal(statuses, []int{200, 200, 200, 429}) {
		t.Fatalf("statuses %v, want three 200s then 429", statuses)
	}
	res := f.do("GET", "/api/v1/services", a, "", "")
	if res.Header.Get("Retry-After") == "" || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("429 without Retry-After or problem+json: %v", res.Header)
	}
	if got := f.do("GET", "/api/v1/services", b, "", "").Status; got != http.StatusOK {
		t.Errorf("another token was limited too: %d", got)
	}
}

func TestCursorPaging(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.token("w", true, nil, highwaysOfficer)
	for i := range 5 {
		if res := f.do("POST", "/api/v1/cases", tok, jsonCT, pothole(fmt.Sprintf("lamp post %d", i))); res.Status != 201 {
			t.Fatalf("submit %d: %d %s", i, res.Status, res.Body)
		}
	}
	seen := map[string]bool{}
	path := "/api/v1/cases?limit=2&sort=submitted"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		var page struct {
			Cases []struct {
				Reference string `json:"reference"`
			} `json:"cases"`
			Next string `json:"next_cursor"`
		}
		f.do("GET", path, tok, "", "").json(t, &page)
		for _, c := range page.Cases {
			if seen[c.Reference] {
				t.Errorf("%s on two pages", c.Reference)
			}
			seen[c.Reference] = true
		}
		path = ""
		if page.Next != "" {
			path = "/api/v1/cases?limit=2&sort=submitted&cursor=" + page.Next
		}
	}
	if len(seen) != 5 {
		t.Errorf("paged through %d cases, want 5", len(seen))
	}
}

// TestDueFields: a case carries its due date (a UK calendar date) and the
// last second of that day with the UK offset, in winter and in summer. The
// bundled pothole clock is 5 working days.
func TestDueFields(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		rw := f.token("highways writer", true, nil, highwaysOfficer)
		for _, tt := range []struct {
			name         string
			now          time.Time
			date, endsAt string
		}{
			{"GMT", time.Date(2026, 12, 1, 23, 45, 0, 0, time.UTC), "2026-12-08", "2026-12-08T23:59:59+00:00"},
			{"BST, after midnight", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "2026-06-09", "2026-06-09T23:59:59+01:00"},
		} {
			f.Clock.Set(tt.now)
			ref := f.submit(rw, tt.name)
			var got struct {
				DueDate string `json:"due_date"`
				DueAt   string `json:"due_at"`
			}
			f.do("GET", "/api/v1/cases/"+ref, rw, "", "").json(t, &got)
			if got.DueDate != tt.date || got.DueAt != tt.endsAt {
				t.Errorf("%s: due_date %q, due_at %q; want %q, %q", tt.name, got.DueDate, got.DueAt, tt.date, tt.endsAt)
			}
		}
	})
}

// TestIdempotencyKeySentAtOnce: one request with one Idempotency-Key, sent
// by twelve goroutines at the same moment (a client retrying too eagerly),
// makes one case, and every reply is the same 201 with the same body.
func TestIdempotencyKeySentAtOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		tok := f.token("retrying client", true, nil, highwaysOfficer)
		const n = 12
		status, bodies := make([]int, n), make([]string, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			req, _ := http.NewRequest("POST", f.URL+"/api/v1/cases", strings.NewReader(pothole("outside 3 Mill Lane")))
			req.Header.Set("Content-Type", jsonCT)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Idempotency-Key", "retry-1")
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					errs[i] = err
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				status[i], bodies[i] = res.StatusCode, string(b)
			}()
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if status[i] != http.StatusCreated || bodies[i] != bodies[0] {
				t.Errorf("reply %d: %d %s\nfirst reply: %d %s", i, status[i], bodies[i], status[0], bodies[0])
			}
		}
		list := f.do("GET", "/api/v1/cases?limit=50", tok, "", "")
		if got := strings.Count(string(list.Body), `"reference"`); got != 1 {
			t.Errorf("%d cases made from one key sent %d times at once, want 1\n%s", got, n, list.Body)
		}
	})
}
