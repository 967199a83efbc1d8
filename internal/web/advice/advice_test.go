package advice_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// lastSuggestion is the newest logged suggestion.
func lastSuggestion(t *testing.T, st *store.Store) triage.Record {
	t.Helper()
	recs, err := st.AISuggestions(context.Background(), 1)
	if err != nil || len(recs) == 0 {
		t.Fatalf("no suggestion logged: %v", err)
	}
	return recs[0]
}

func suggestion(t *testing.T, st *store.Store, id int64) triage.Record {
	t.Helper()
	recs, _ := st.AISuggestions(context.Background(), 100)
	for _, r := range recs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("suggestion %d not logged", id)
	return triage.Record{}
}

// TestAskScenarios: a resident describes what they need, sees services with
// reasons or an honest "don't know", answers quoted from published pages,
// and the log records what was suggested and chosen, never their words.
func TestAskScenarios(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		st := e.Store
		var sid int64
		webtest.Run(t, e.Client(access.Anonymous), []webtest.Scenario{
			{Name: "form", URL: "/ask", Status: 200, Contains: []string{"Tell us what you need", "in English or Welsh"}},
			{Name: "empty", Method: "POST", URL: "/ask", Form: url.Values{"need": {" "}}, Status: 422,
				Contains: []string{"There is a problem", "Tell us what you need"}},
			{Name: "mattress", Method: "POST", URL: "/ask", Form: url.Values{"need": {"there's a mattress dumped in the lane behind my house"}},
				Status: 200, Contains: []string{"Services that may help", "Report fly-tipping", "Why we suggest it: You mentioned", "“mattress”", "Use this service"},
				Check: func(t *testing.T, _ *http.Response, _ string) {
					r := lastSuggestion(t, st)
					if r.Feature != triage.FeatureTriage || len(r.Suggested) == 0 || r.Suggested[0] != "report-fly-tipping" || r.DontKnow {
						t.Errorf("logged %+v", r)
					}
					sid = r.ID
				}},
		})
		webtest.Run(t, e.Client(access.Anonymous), []webtest.Scenario{
			{Name: "form again", URL: "/ask", Status: 200},
			{Name: "choose", Method: "POST", URL: "/ask/choose", Form: url.Values{"suggestion": {strconv.FormatInt(sid, 10)}, "service": {"report-fly-tipping"}},
				Status: 303, Location: "/services/report-fly-tipping", Check: func(t *testing.T, _ *http.Response, _ string) {
					if r := lastSuggestion(t, st); r.Outcome != triage.OutcomeAccepted || r.Chosen != "report-fly-tipping" || r.Actor != "" {
						t.Errorf("outcome %+v", r)
					}
				}},
			{Name: "choose a staff service", Method: "POST", URL: "/ask/choose", Form: url.Values{"service": {"risk-register"}}, Status: 404},
			{Name: "out of scope", Method: "POST", URL: "/ask", Form: url.Values{"need": {"how do I register a birth"}}, Status: 200,
				Contains: []string{"We could not tell which service you need", `href="https://www.example-council.gov.uk/contact"`,
					"We did not find an answer to this in our published pages."}},
			{Name: "advice quoted", Method: "POST", URL: "/ask", Form: url.Values{"need": {"when is my green bin collected"}}, Status: 200,
				Contains: []string{"What our pages say", "Green bins (garden waste) are collected every other week from March to November.",
					`<a class="govuk-link" href="https://www.example-council.gov.uk/bins">Bin collections</a>`}},
			{Name: "welsh", Method: "POST", URL: "/ask", Form: url.Values{"need": {"mae twll mawr yn y ffordd"}}, Status: 200,
				Contains: []string{"Report a pothole"}},
			{Name: "transparency", URL: "/ai", Status: 200, Contains: []string{"How we use automated tools", "Right first time"}},
		})
	})
}

// TestRouteScenarios: an officer routing a Member enquiry sees the suggested
// service and team with nothing chosen for them; their decision is logged
// and kept, redacted, as a training example; the case itself is not changed.
func TestRouteScenarios(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		st := e.Store
		var sid int64
		webtest.Run(t, e.Client(access.Anonymous), []webtest.Scenario{
			{Name: "signed out", URL: "/workspace/route", Status: 303, Location: "/sign-in"},
		})
		webtest.Run(t, e.Client(councillor), []webtest.Scenario{
			{Name: "councillor", URL: "/workspace/route", Status: 403},
		})
		webtest.Run(t, e.Client(router), []webtest.Scenario{
			{Name: "paste box", URL: "/workspace/route", Status: 200, Contains: []string{"Route an enquiry", "Suggest a service"}},
			{Name: "case", URL: "/workspace/route?case=" + e.enquiry, Status: 200,
				Contains: []string{"Case MEMB-0001", "Report fly-tipping", "street-scene", "You mentioned", "[phone]", "[postcode]", "Record my decision",
					"Open cases that may be about the same thing", `href="/workspace/cases/MEMB-0002">MEMB-0002</a>`},
				NotContains: []string{"07700 900123", "WV1 2AB", "Anita Patel", " checked", ">MEMB-0003<", `href="/workspace/cases/MEMB-0001"`},
				Check: func(t *testing.T, _ *http.Response, _ string) {
					r := lastSuggestion(t, st)
					if r.Feature != triage.FeatureRouting || r.CaseRef != e.enquiry || r.Suggested[0] != "report-fly-tipping" {
						t.Errorf("logged %+v", r)
					}
					sid = r.ID
				}},
			{Name: "no choice", Method: "POST", URL: "/workspace/route", Form: url.Values{"case": {e.enquiry}}, Status: 422,
				Contains: []string{"Select the service that should deal with it"}},
		})
		webtest.Run(t, e.Client(router), []webtest.Scenario{
			{Name: "page again", URL: "/workspace/route", Status: 200},
			{Name: "decide", Method: "POST", URL: "/workspace/route", Status: 200,
				Form:     url.Values{"case": {e.enquiry}, "suggestion": {strconv.FormatInt(sid, 10)}, "service": {"report-fly-tipping"}},
				Contains: []string{"Decision recorded", "Report fly-tipping", "street-scene", "Nothing has changed on the case", `href="/workspace/cases/MEMB-0001"`},
				Check: func(t *testing.T, _ *http.Response, _ string) {
					if r := suggestion(t, st, sid); r.Outcome != triage.OutcomeAccepted || r.Actor != "ms1" {
						t.Errorf("outcome %+v", r)
					}
					ex, _ := st.TriageExamples(context.Background())
					if len(ex) != 1 || ex[0].Service != "report-fly-tipping" || strings.Contains(ex[0].Text, "07700") || !strings.Contains(ex[0].Text, "sofa") {
						t.Errorf("training examples %+v", ex)
					}
					c, _ := st.CaseByRef(context.Background(), e.enquiry)
					if c.Team != "members-services" || c.State != "received" {
						t.Errorf("the case changed: team %s, state %s", c.Team, c.State)
					}
				}},
			{Name: "log is for auditors", URL: "/workspace/ai-log", Status: 403},
		})
		webtest.Run(t, e.Client(auditor), []webtest.Scenario{
			{Name: "log", URL: "/workspace/ai-log", Status: 200, Contains: []string{"What the AI suggested", "routing", "MEMB-0001", "accepted", "ms1"},
				NotContains: []string{"sofa"}},
		})
	})
}

// TestDuplicatesBySamePerson: routing a case lists the open cases the
// single view's record linkage found to be from the same person, however
// differently worded, first; a case of a team the officer cannot see is
// not listed (nor counted), and a closed one is not listed either.
func TestDuplicatesBySamePerson(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		highways := access.Principal{Kind: access.KindStaff, UserID: "u-hw", Name: "Hana Highways", MFA: true,
			Teams: []string{"highways"}, Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
		e.Who.Add(highways)
		priya := func(a service.Answers) service.Answers {
			a["full_name"], a["email"] = service.Answer{Text: "Priya Shah"}, service.Answer{Text: "priya.shah@example.org"}
			return a
		}
		first := e.Submit(access.Anonymous, "report-a-pothole", priya(service.Answers{
			"location": {Location: &service.Location{Description: "Outside 4 Mill Lane"}}, "surface": {Text: "road"}, "dangerous": {Text: "no"},
			"details": {Text: "A deep hole where the tarmac has crumbled away"}}), cases.ChannelWeb)
		second := e.Submit(access.Anonymous, "report-a-pothole", priya(service.Answers{
			"location": {Location: &service.Location{Description: "Corner of Station Road by the school gates"}}, "surface": {Text: "pavement"},
			"dangerous": {Text: "no"}, "details": {Text: "Broken paving slab, children trip on it every morning"}}), cases.ChannelWeb)
		bins := e.Submit(access.Anonymous, "missed-bin-collection", priya(service.Answers{
			"address":  {Address: &service.Address{Line1: "4 Mill Lane", Town: "Guildhall", Postcode: "GH1 1AA"}},
			"bin_type": {Text: "general"}, "collection_date": {Text: "2026-12-01"}, "put_out": {Text: "yes"}, "contact_by": {Text: "email"}}), cases.ChannelWeb)
		if err := e.People.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		same, err := e.People.SamePersonOpenCases(ctx, access.System, first.Ref)
		if err != nil || len(same) != 2 {
			t.Fatalf("the linkage found %d other cases of the same person (%v), want the second pothole and the bin", len(same), err)
		}

		res, page := e.Client(highways).Get("/workspace/route?case=" + first.Ref)
		status(t, res, http.StatusOK, page)
		want := []string{second.Ref + "</a>: Report a pothole (raised by the same person, by record linkage)"}
		got := all(page, `<li><a class="govuk-link" href="/workspace/cases/[^"]+">([^<]+</a>: [^<]*)</li>`)
		if len(got) != len(want) || got[0] != want[0] {
			t.Errorf("possible duplicates = %q, want %q (the bin case %s is another team's)", got, want, bins.Ref)
		}

		if _, err := e.Cases.Transition(ctx, highways, second.Ref, "mark_duplicate", nil, second.Version); err != nil {
			t.Fatal(err)
		}
		_, page = e.Client(highways).Get("/workspace/route?case=" + first.Ref)
		if got := all(page, `(raised by the same person, by record linkage)`); len(got) != 0 {
			t.Errorf("a closed case is still listed: %q", got)
		}
	})
}
