package records_test

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestRectificationCorrects: Jane's graffiti report has her name and email
// wrong. Information governance proposes the corrections on her
// rectification request; only a records manager approves them; then the
// officer, the JSON API, search, the track page and the single view all
// show the corrected values, the case's timeline keeps the old ones, and
// Jane is told.
func TestRectificationCorrects(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		report := w.Submit(access.Anonymous, "report-graffiti", service.Answers{
			"location": {Location: &service.Location{Description: "Bus shelter, Elm Grove"}}, "details": {Text: "Tag by the gate"},
			"full_name": {Text: "Jane Smyth"}, "email": {Text: "jane.smyth@example.com"}}, cases.ChannelWeb).Ref
		bob := w.graffiti("Bob Jones", "Paint on the wall", true)
		req := w.request("Jane Smith", "rectification")
		w.ingest()
		if w.personOf(report) == w.personOf(req) {
			t.Fatal("the misspelt report is already linked to Jane: the test proves nothing")
		}
		if n := w.streetCasesOf("Jane Smith"); n != 0 {
			t.Fatalf("before correction the street officer finds %d cases of Jane Smith: the test proves nothing", n)
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(report, req)); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.ProposeCorrection(ctx, streetOfficer, req, report, "full_name", "Jane Smith"); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("an officer proposed a correction: %v", err)
		}
		if err := p.Records.ProposeCorrection(ctx, governance, req, bob, "full_name", "Jane Smith"); !errors.Is(err, fault.Invalid) {
			t.Fatalf("a correction to someone else's case: %v", err)
		}
		// In this order: the message to Jane lists corrections as proposed.
		for _, qv := range [][2]string{{"full_name", "Jane Smith"}, {"email", "jane.smith@example.com"}} {
			if err := p.Records.ProposeCorrection(ctx, governance, req, strings.ToLower(report), qv[0], qv[1]); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Records.ApproveCorrections(ctx, governance, req); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("information governance approved its own corrections: %v", err)
		}
		if c, _ := p.Cases.Get(ctx, streetOfficer, report); c.Answers["full_name"].Text != "Jane Smyth" {
			t.Fatalf("corrected before approval: %q", c.Answers["full_name"].Text)
		}
		if err := p.Records.ApproveCorrections(ctx, recordsManager, req); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.ApproveCorrections(ctx, recordsManager, req); !errors.Is(err, fault.Conflict) {
			t.Fatalf("approved twice: %v", err)
		}
		cs, err := p.Records.Corrections(ctx, governance, req)
		if err != nil || len(cs) != 2 || cs[0].State != records.CorrectionMade || cs[1].State != records.CorrectionMade || cs[0].MadeBy != recordsManager.UserID {
			t.Fatalf("corrections after approval: %+v %v", cs, err)
		}

		// The officer's case, its timeline and search.
		c, err := p.Cases.Get(ctx, streetOfficer, report)
		if err != nil || c.Answers["full_name"].Text != "Jane Smith" || c.Applicant.Name != "Jane Smith" || c.Applicant.Email != "jane.smith@example.com" {
			t.Fatalf("the officer's case after correction: %+v %+v %v", c.Answers, c.Applicant, err)
		}
		events, err := p.Cases.Timeline(ctx, streetOfficer, report)
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, e := range events {
			if e.Kind == cases.EventCorrected {
				kept = append(kept, e.Fields["question"].Text+": "+e.Fields["from"].Text+" -> "+e.Fields["to"].Text+" ("+string(e.Visibility)+", "+e.Note+")")
			}
		}
		want := []string{"email: jane.smyth@example.com -> jane.smith@example.com (internal, Email address corrected on data protection request " + req + ")",
			"full_name: Jane Smyth -> Jane Smith (internal, Full name corrected on data protection request " + req + ")"}
		slices.Sort(kept)
		if !slices.Equal(kept, want) {
			t.Errorf("the timeline keeps:\n%s\nwant\n%s", strings.Join(kept, "\n"), strings.Join(want, "\n"))
		}
		if page, err := p.Cases.Find(ctx, streetOfficer, cases.Filter{Query: "Smyth", Limit: 10}); err != nil || len(page.Cases) != 0 {
			t.Errorf("search still finds the old name: %+v %v", page.Cases, err)
		}
		if page, err := p.Cases.Find(ctx, streetOfficer, cases.Filter{Query: "Jane Smith", Limit: 10}); err != nil || len(page.Cases) != 1 || page.Cases[0].Ref != report {
			t.Errorf("search does not find the corrected name: %+v %v", page.Cases, err)
		}
		entries, err := p.Store.AuditEntries(ctx, audit.Filter{Action: cases.AuditCorrect, Limit: 10})
		if err != nil || len(entries) != 2 || entries[0].Subject != report || entries[0].Actor != recordsManager.UserID || strings.Contains(string(entries[0].Detail), "Smyth") {
			t.Errorf("the corrections' audit entries (naming the question, not the values): %+v %v", entries, err)
		}

		// The JSON API and the track page.
		token := p.Token(auth.TokenRequest{Name: "rectification check", Grants: []access.Grant{{Role: "officer", Team: "street-scene"}}})
		webtest.Run(t, p.Client(access.Principal{}), []webtest.Scenario{
			{Name: "the API reads the corrected case", URL: "/api/v1/cases/" + report, Headers: map[string]string{"Authorization": "Bearer " + token},
				Status: 200, Contains: []string{"Jane Smith", "jane.smith@example.com"}, NotContains: []string{"Smyth", "smyth"}},
			{Name: "a page with a form token", URL: "/track", Status: 200},
			{Name: "the track page finds it by the corrected email", Method: "POST", URL: "/track", Form: url.Values{"ref": {report}, "contact": {"jane.smith@example.com"}},
				Status: 200, Contains: []string{report}},
			{Name: "and no longer by the wrong one", Method: "POST", URL: "/track", Form: url.Values{"ref": {report}, "contact": {"jane.smyth@example.com"}},
				Status: http.StatusUnprocessableEntity},
		})

		// The single view follows: the report's record is rewritten.
		w.ingest()
		if found, err := p.People.Search(ctx, streetOfficer, people.SearchQuery{Name: "Jane Smyth"}); err != nil || len(found) != 0 {
			t.Errorf("the single view still finds Jane Smyth: %+v %v", found, err)
		}
		if n := w.streetCasesOf("Jane Smith"); n != 1 {
			t.Errorf("the street officer finds %d cases of Jane Smith in the single view, want the corrected report", n)
		}
		w.checkToldCorrected(req, report)
	}, rightsOptions()...)
}

// streetCasesOf is how many cases the street officer finds in the single
// view for people named name.
func (w *rightsWorld) streetCasesOf(name string) int {
	w.t.Helper()
	found, err := w.People.Search(w.ctx, streetOfficer, people.SearchQuery{Name: name})
	if err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, f := range found {
		n += f.Cases
	}
	return n
}

// checkToldCorrected: Jane is told, by email, what was corrected.
func (w *rightsWorld) checkToldCorrected(req, report string) {
	w.t.Helper()
	entries, err := w.Store.AuditEntries(w.ctx, audit.Filter{Action: records.AuditCorrectionsMade, Limit: 10})
	if err != nil || len(entries) != 1 || entries[0].Actor != recordsManager.UserID {
		w.t.Fatalf("the approval's audit entry: %+v %v", entries, err)
	}
	got, _ := w.told(entries[0], req)
	want := "We have corrected your personal information as you asked in request " + req + ":\n\n" +
		"- on " + report + ", your answer now reads: Jane Smith\n" +
		"- on " + report + ", your answer now reads: jane.smith@example.com\n\n" +
		"If anything is still wrong, reply to this message. You can also complain to the Information Commissioner's Office: https://ico.org.uk/make-a-complaint/"
	if got["to"] != "jane.smith@example.com" || got["subject"] != "We have corrected your personal information "+req || got["body"] != want {
		w.t.Errorf("the message telling Jane:\n%q\nwant body\n%q", got, want)
	}
}
