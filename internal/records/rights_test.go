package records_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// The people of the rights tests.
var (
	governance = access.Principal{Kind: access.KindStaff, UserID: "u-ig", Name: "Ines Governance", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: people.RoleInformationGovernance, Team: "information-governance"}, {Role: "officer", Team: "information-governance"}}}
	recordsManager = access.Principal{Kind: access.KindStaff, UserID: "u-rm", Name: "Rhys Records", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "information-governance"}}}
	streetOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-street", Name: "Sam Street", MFA: true, Teams: []string{"street-scene", "highways"},
		Grants: []access.Grant{{Role: "officer", Team: "street-scene"}, {Role: "officer", Team: "highways"}}}
)

// rightsWorld is a platform with graffiti and pothole reports and the
// bundled data protection rights service.
type rightsWorld struct {
	*platformtest.Platform
	t   *testing.T
	ctx context.Context
}

func newRightsWorld(t *testing.T, p *platformtest.Platform) *rightsWorld {
	return &rightsWorld{Platform: p, t: t, ctx: context.Background()}
}

func rightsOptions() []platformtest.Option {
	return []platformtest.Option{platformtest.Fixtures("report-graffiti", "report-a-pothole"),
		platformtest.BundledServices(records.RightsServiceID), platformtest.Staff(governance, recordsManager, streetOfficer)}
}

// graffiti reports graffiti as name, closed (removed) unless open.
func (w *rightsWorld) graffiti(name, details string, open bool) string {
	c := w.Submit(access.Anonymous, "report-graffiti", service.Answers{
		"location": {Location: &service.Location{Description: "Bus shelter, Elm Grove"}}, "details": {Text: details},
		"full_name": {Text: name}, "email": {Text: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"}}, cases.ChannelWeb)
	if !open {
		w.apply(c.Ref, "remove")
	}
	return c.Ref
}

func (w *rightsWorld) pothole(name string) string {
	c := w.Submit(access.Anonymous, "report-a-pothole", service.Answers{"location": {Text: "Outside 4 Elm Grove"},
		"full_name": {Text: name}, "email": {Text: "jane.smith@example.com"}}, cases.ChannelWeb)
	w.apply(c.Ref, "start")
	w.apply(c.Ref, "fix", "resolution", "Filled")
	return c.Ref
}

func (w *rightsWorld) apply(ref, transition string, field ...string) {
	w.t.Helper()
	a := service.Answers{}
	for i := 0; i+1 < len(field); i += 2 {
		a[field[i]] = service.Answer{Text: field[i+1]}
	}
	if _, err := w.Cases.Apply(w.ctx, streetOfficer, ref, cases.TransitionRequest{Transition: transition, Answers: a}); err != nil {
		w.t.Fatalf("%s %s: %v", transition, ref, err)
	}
}

func (w *rightsWorld) request(name, right string) string {
	c := w.Submit(access.Anonymous, records.RightsServiceID, service.Answers{
		"right": {Text: right}, "details": {Text: "Please delete everything about me"}, "full_name": {Text: name},
		"date_of_birth": {Text: "1980-03-27"}, "email": {Text: "jane.smith@example.com"},
		"address": {Address: &service.Address{Line1: "4 Elm Grove", Town: "Westbury", Postcode: "BA13 3AA"}}}, cases.ChannelWeb)
	return c.Ref
}

// ingest turns the cases' applicants into people records.
func (w *rightsWorld) ingest() {
	w.t.Helper()
	if err := w.People.RunOnce(w.ctx); err != nil {
		w.t.Fatal(err)
	}
}

func caseKeys(refs ...string) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = "case:" + r
	}
	return out
}

// TestErasureKeepsWhatRulesAndHoldsKeepAndErasesTheRest: Jane Smith asks
// for erasure. Her old graffiti report goes; a held one, an open one, a
// pothole report its rule still keeps and the request itself stay, each
// saying why; an officer and the information governance officer cannot
// approve it; afterwards nothing erased is found by the case search or the
// single view, and the certificate verifies while a tampered copy does not.
func TestErasureKeepsWhatRulesAndHoldsKeepAndErasesTheRest(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		old := w.graffiti("Jane Smith", "Tag by Jane's gate", false)
		held := w.graffiti("Jane Smith", "Tag on the school wall", false)
		open := w.graffiti("Jane Smith", "Tag on the library", true)
		pothole := w.pothole("Jane Smith")
		bob := w.graffiti("Bob Jones", "Tag by Bob's gate", false)
		req := w.request("Jane Smith", "erasure")
		w.ingest()
		p.Clock.Add(3 * 365 * 24 * time.Hour) // past graffiti's two years, within potholes' six
		ctx := w.ctx
		if _, err := p.Records.PlaceHold(ctx, recordsManager, records.HoldTarget{Kind: records.HoldCase, Target: held}, "Claim 25-0042"); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.SetSubject(ctx, governance, bob, caseKeys(bob)); !errors.Is(err, fault.NotFound) {
			t.Fatalf("a graffiti report taken for a rights request: %v", err)
		}
		if err := p.Records.SetSubject(ctx, streetOfficer, req, caseKeys(old)); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("an officer chose the person: %v", err)
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(old, held, open, pothole, req)); err != nil {
			t.Fatal(err)
		}
		_, items, err := p.Records.RightsRequest(ctx, governance, req)
		if err != nil {
			t.Fatal(err)
		}
		until := records.Rule{Period: "P6Y"}.DueAt(p.Clock.Now().Add(-3 * 365 * 24 * time.Hour))
		want := strings.Join([]string{
			"case " + old + ": delete: Retention rule service:report-graffiti has run: the case is deleted",
			"case " + held + ": keep: Legal hold #1 Claim 25-0042",
			"case " + open + ": keep: The case is still open: close it first",
			"case " + pothole + ": keep: Retention rule class:3.1.1 (P6Y from closed: Highways Act 1980 s.58 (defence of claims); Limitation Act 1980 s.2 and s.11) keeps it until " + until.Format(time.DateOnly),
			"case " + req + ": keep: This request: kept as the record of how the council answered it, under its own retention rule",
		}, "\n") + "\n" + strings.Join(slices.Sorted(slices.Values([]string{
			keptRecordLine(held), keptRecordLine(open), keptRecordLine(pothole), keptRecordLine(req),
			"record case:" + old + ": delete: Goes with case " + old,
		})), "\n")
		if got := describe(items); got != want {
			t.Errorf("erasure plan:\n%s\nwant:\n%s", got, want)
		}
		for _, who := range []access.Principal{streetOfficer, governance, recordsManager} {
			if _, err := p.Records.ApproveErasure(ctx, who, req); err == nil {
				t.Fatalf("%s approved an erasure nobody asked for", who.UserID)
			}
		}
		if err := p.Records.ProposeErasure(ctx, recordsManager, req); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("a records manager proposed: %v", err)
		}
		if err := p.Records.ProposeErasure(ctx, governance, req); err != nil {
			t.Fatal(err)
		}
		for _, who := range []access.Principal{streetOfficer, governance} {
			if _, err := p.Records.ApproveErasure(ctx, who, req); !errors.Is(err, fault.Forbidden) {
				t.Fatalf("%s approved an erasure: %v", who.UserID, err)
			}
		}
		cert, err := p.Records.ApproveErasure(ctx, recordsManager, req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Records.ApproveErasure(ctx, recordsManager, req); !errors.Is(err, fault.Conflict) {
			t.Fatalf("erased twice: %v", err)
		}
		w.checkErased(old, held, open, pothole, req)
		w.checkErasedFromAPI(old, held, open)
		if _, err := w.Cases.Get(ctx, access.System, bob); err != nil {
			t.Errorf("Bob's report went with Jane's: %v", err)
		}
		w.checkCertificate(cert, old)
	}, rightsOptions()...)
}

// describe is an erasure plan one item a line: cases and documents in
// the plan's order, then people records sorted (their order is by key).
func describe(items []records.ErasureItem) string {
	var lines, recs []string
	for _, it := range items {
		line := it.Kind + " " + it.Subject + ": " + it.Action + ": " + it.Why
		if it.Kind == records.HoldRecord {
			recs = append(recs, line)
		} else {
			lines = append(lines, line)
		}
	}
	slices.Sort(recs)
	return strings.Join(append(lines, recs...), "\n")
}

func keptRecordLine(ref string) string {
	return "record case:" + ref + ": keep: It links case " + ref + ", which is kept, to the person: a subject access request must still find it"
}

// checkErased: the erased case is not found by reference or by the case
// search, nor its record in the single view; what was kept still is.
func (w *rightsWorld) checkErased(erased string, kept ...string) { // kept: the street cases, then the request
	w.t.Helper()
	if _, err := w.Cases.Get(w.ctx, access.System, erased); !errors.Is(err, fault.NotFound) {
		w.t.Errorf("erased case %s still found: %v", erased, err)
	}
	page, err := w.Cases.Find(w.ctx, access.System, cases.Filter{Query: "Jane", Limit: 200})
	if err != nil {
		w.t.Fatal(err)
	}
	var found []string
	for _, c := range page.Cases {
		found = append(found, c.Ref)
	}
	slices.Sort(found)
	want := slices.Sorted(slices.Values(kept))
	if !slices.Equal(found, want) {
		w.t.Errorf("search for Jane finds %v, want only what was kept %v", found, want)
	}
	links, err := w.Store.PersonLinks(w.ctx, caseKeys(erased))
	if err != nil || len(links.Records) != 0 {
		w.t.Errorf("single view still has record case:%s: %v %v", erased, links, err)
	}
	// The street officer finds Jane's street cases that were kept (the
	// request is information governance's own, OFFICIAL-SENSITIVE).
	results, err := w.People.Search(w.ctx, streetOfficer, people.SearchQuery{Name: "Jane Smith"})
	if err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, r := range results {
		n += r.Cases
	}
	if n != len(kept)-1 {
		w.t.Errorf("the single view finds %d of Jane's street cases, want the %d kept", n, len(kept)-1)
	}
	if links, err := w.Store.PersonLinks(w.ctx, caseKeys(kept...)); err != nil || len(links.Records) != len(kept) {
		w.t.Errorf("the single view lost a kept record: %v %v", links, err)
	}
}

// checkErasedFromAPI: the JSON API, read with a street team token, no
// longer has the erased case by reference, in its timeline, in the list or
// in its search, while the kept street cases are still listed and found.
func (w *rightsWorld) checkErasedFromAPI(erased string, kept ...string) {
	w.t.Helper()
	token := w.Token(auth.TokenRequest{Name: "erasure check", Grants: []access.Grant{{Role: "officer", Team: "street-scene"}}})
	bearer := map[string]string{"Authorization": "Bearer " + token}
	webtest.Run(w.t, w.Client(access.Principal{}), []webtest.Scenario{
		{Name: "the API does not read the erased case", URL: "/api/v1/cases/" + erased, Headers: bearer, Status: http.StatusNotFound},
		{Name: "nor its timeline", URL: "/api/v1/cases/" + erased + "/events", Headers: bearer, Status: http.StatusNotFound},
		{Name: "the API list has only what was kept", URL: "/api/v1/cases?service=report-graffiti", Headers: bearer, Status: 200,
			Contains: kept, NotContains: []string{erased}},
		{Name: "the API search finds only what was kept", URL: "/api/v1/cases?q=Jane", Headers: bearer, Status: 200,
			Contains: kept, NotContains: []string{erased, "Tag by Jane"}},
	})
}

// checkCertificate: the erasure's certificate verifies against its audit
// entry and the chain, holds no personal data, and a tampered copy fails.
func (w *rightsWorld) checkCertificate(sc records.StoredCertificate, erased string) {
	w.t.Helper()
	entries, err := w.Store.AuditEntries(w.ctx, audit.Filter{AfterSeq: sc.AuditSeq - 1, Limit: 1})
	if err != nil || len(entries) != 1 {
		w.t.Fatalf("audit entry %d: %v", sc.AuditSeq, err)
	}
	cert, err := records.VerifyCertificate(sc, entries[0])
	if err != nil {
		w.t.Fatal(err)
	}
	if cert.Kind != records.KindErasure || cert.ApprovedBy != recordsManager.UserID || cert.Rows["cases"] != 1 || cert.Rows["people_records"] != 1 || len(cert.Items) != 10 {
		w.t.Errorf("certificate: %s", sc.JSON)
	}
	for _, secret := range []string{"Jane", "jane.smith", "Tag by"} {
		if strings.Contains(string(sc.JSON), secret) {
			w.t.Errorf("the certificate holds %q: %s", secret, sc.JSON)
		}
	}
	if n, err := (&audit.Service{Store: w.Store, Key: w.Store.AuditKey()}).VerifyAll(w.ctx); err != nil {
		w.t.Fatalf("audit chain after erasure (%d entries): %v", n, err)
	}
	tampered := sc
	tampered.JSON = []byte(strings.Replace(string(sc.JSON), `"action":"delete"`, `"action":"keep"`, 1))
	if string(tampered.JSON) == string(sc.JSON) {
		w.t.Fatal("nothing to tamper with")
	}
	if _, err := records.VerifyCertificate(tampered, entries[0]); !errors.Is(err, fault.Invalid) {
		w.t.Errorf("a tampered certificate verified: %v", err)
	}
	if _, err := w.Store.Certificate(w.ctx, sc.ID); err != nil {
		w.t.Errorf("the certificate is not kept: %v", err)
	}
	_ = erased
}

// told is the message an audit entry's detail names ("told": the message
// that told the person), as queued in the request req's outbox, and its id.
func (w *rightsWorld) told(e audit.Entry, req string) (msg map[string]string, id string) {
	w.t.Helper()
	var detail struct{ Told string }
	if err := json.Unmarshal(e.Detail, &detail); err != nil {
		w.t.Fatal(err)
	}
	msgs, err := w.Store.OutboxByKey(w.ctx, "notify", req)
	if err != nil {
		w.t.Fatal(err)
	}
	i := slices.IndexFunc(msgs, func(m jobs.Message) bool { return m.ID == detail.Told })
	if i < 0 {
		w.t.Fatalf("the message the audit entry names (%q) is not in the outbox", detail.Told)
	}
	if err := json.Unmarshal(msgs[i].Payload, &msg); err != nil {
		w.t.Fatal(err)
	}
	return msg, detail.Told
}
