package records_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

var (
	rightsOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-ig", Name: "Ines Governance", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: people.RoleInformationGovernance, Team: "information-governance"}, {Role: "officer", Team: "information-governance"}}}
	rightsManager = access.Principal{Kind: access.KindStaff, UserID: "u-rm", Name: "Rhys Records", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "information-governance"}}}
	streetOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-street", Name: "Sam Street", MFA: true, Teams: []string{"street-scene"},
		Grants: []access.Grant{{Role: "officer", Team: "street-scene"}}}
)

// rightsCase is Jane Smith's closed graffiti report, her erasure request
// and the platform three years on; it returns the two references and the
// single view's person.
func rightsCase(t *testing.T, p *platformtest.Platform) (report, request string, person int64) {
	ctx := context.Background()
	c := p.Submit(access.Anonymous, "report-graffiti", service.Answers{
		"location": {Location: &service.Location{Description: "Bus shelter, Elm Grove"}}, "details": {Text: "Tag by the gate"},
		"full_name": {Text: "Jane Smith"}, "email": {Text: "jane.smith@example.com"}}, cases.ChannelWeb)
	if _, err := p.Cases.Apply(ctx, streetOfficer, c.Ref, cases.TransitionRequest{Transition: "remove"}); err != nil {
		t.Fatal(err)
	}
	req := p.Submit(access.Anonymous, records.RightsServiceID, service.Answers{
		"right": {Text: "erasure"}, "details": {Text: "Please delete my graffiti report"}, "full_name": {Text: "Jane Smith"},
		"date_of_birth": {Text: "1980-03-27"}, "email": {Text: "jane.smith@example.com"},
		"address": {Address: &service.Address{Line1: "4 Elm Grove", Town: "Westbury", Postcode: "BA13 3AA"}}}, cases.ChannelWeb)
	if err := p.People.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	found, err := p.People.Search(ctx, rightsOfficer, people.SearchQuery{Name: "Jane Smith"})
	if err != nil || len(found) == 0 {
		t.Fatalf("Jane is not in the single view: %v %v", found, err)
	}
	p.Clock.Add(3 * 365 * 24 * time.Hour)
	return c.Ref, req.Ref, found[0].ID
}

func rightsPlatform() []platformtest.Option {
	return []platformtest.Option{platformtest.Fixtures("report-graffiti"), platformtest.BundledServices(records.RightsServiceID),
		platformtest.Staff(rightsOfficer, rightsManager, streetOfficer)}
}

// TestRightsRequestPages: information governance finds Jane in the single
// view, sees what erasure would do and asks for it; an officer cannot see
// the pages; the officer who asked cannot approve; the records manager
// can, and the certificate is listed.
func TestRightsRequestPages(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		report, req, person := rightsCase(t, p)
		page := "/records/rights/" + req
		webtest.Run(t, p.Client(streetOfficer), []webtest.Scenario{
			{Name: "an officer may not see a request", URL: page, Status: http.StatusForbidden, NotContains: []string{report}},
			{Name: "a graffiti case has no rights link", URL: "/workspace/cases/" + report, Status: 200, NotContains: []string{"/records/rights/"}},
			{Name: "nor choose its person", Method: "POST", URL: page + "/subject", Form: url.Values{"person": {strconv.FormatInt(person, 10)}}, Status: http.StatusForbidden},
		})
		webtest.Run(t, p.Client(rightsOfficer), []webtest.Scenario{
			{Name: "the case page links to the request's page", URL: "/workspace/cases/" + req, Status: 200,
				Contains: []string{`<li><a class="govuk-link" href="` + page + `">Find the person and plan what to erase</a></li>`}},
			{Name: "open by reference", URL: "/records/rights?ref=" + strings.ToLower(req), Status: http.StatusSeeOther, Location: page},
			{Name: "search the single view", URL: page + "?name=Jane+Smith", Status: 200, Contains: []string{"Find the person in the single view", "Jane Smith", "This is the person"}},
			{Name: "choose the person", Method: "POST", URL: page + "/subject", Form: url.Values{"person": {strconv.FormatInt(person, 10)}}, Status: http.StatusSeeOther, Location: page},
			{Name: "the plan", URL: page, Status: 200, Contains: []string{
				"<td class=\"govuk-table__cell\">Case " + report + "</td>\n    <td class=\"govuk-table__cell\">Delete</td>\n    <td class=\"govuk-table__cell\">Retention rule service:report-graffiti has run: the case is deleted</td>",
				"<td class=\"govuk-table__cell\">Case " + req + "</td>\n    <td class=\"govuk-table__cell\">Keep</td>\n    <td class=\"govuk-table__cell\">This request: kept as the record of how the council answered it, under its own retention rule</td>",
				"Ask a records manager to approve erasure", "Restrict processing"}},
			{Name: "ask for erasure", Method: "POST", URL: page + "/erasure", Status: http.StatusSeeOther, Location: page},
			{Name: "asked once", Method: "POST", URL: page + "/erasure", Status: http.StatusConflict, Contains: []string{"an erasure can be asked for once"}},
			{Name: "waiting", URL: page, Status: 200, Contains: []string{"Erasure asked for: waiting for a records manager."}, NotContains: []string{"Approve erasure"}},
			{Name: "the officer may not approve", Method: "POST", URL: page + "/approve", Status: http.StatusForbidden},
		})
		webtest.Run(t, p.Client(rightsManager), []webtest.Scenario{
			{Name: "waiting list", URL: "/records/rights", Status: 200, Contains: []string{"Erasures waiting for your approval", ">" + req + "</a>"}},
			{Name: "what it will do", URL: page, Status: 200, Contains: []string{"Erasure cannot be undone", "Approve erasure", "Goes with case " + report}},
			{Name: "approve", Method: "POST", URL: page + "/approve", Status: http.StatusSeeOther, Location: "/records/certificates"},
			{Name: "done", URL: page, Status: 200, Contains: []string{"Erased."}, NotContains: []string{"Approve erasure"}},
			{Name: "the certificate", URL: "/records/certificates", Status: 200, Contains: []string{"erasure " + req}},
			{Name: "the erased case is gone", URL: "/workspace/cases/" + report, Status: http.StatusNotFound},
		})
	}, rightsPlatform()...)
}

// TestRightsPagesInChromium walks the rights pages and the holds page
// with person and search holds in Chromium, with and without JavaScript at
// 320px, checking each with axe-core.
func TestRightsPagesInChromium(t *testing.T) {
	b := browsertest.Shared(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := platformtest.New(t, rightsPlatform()...)
		report, req, _ := rightsCase(t, p)
		tab := m.NewPage(t)
		p.SignInTab(tab, rightsOfficer)
		tab.Navigate(p.URL + "/records/rights")
		tab.CheckAccessible()
		tab.Type("#ref", req)
		tab.Click("button.govuk-button")
		tab.Type("#name", "Jane Smith")
		tab.Click("button.govuk-button--secondary")
		tab.CheckAccessible()
		tab.Click("table button.govuk-button")
		if !strings.Contains(tab.HTML(), "Goes with case "+report) {
			t.Fatalf("no plan after choosing the person:\n%s", tab.HTML())
		}
		tab.CheckAccessible()
		tab.Click("form[action$='/erasure'] button")
		tab.CheckAccessible()
		mgr := m.NewPage(t)
		p.SignInTab(mgr, rightsManager)
		mgr.Navigate(p.URL + "/records/holds")
		mgr.Check("#kind-5") // a person
		mgr.Type("#target", "case:"+report)
		mgr.Type("#reason", "Claim by the landlord")
		mgr.Click("form[action='/records/holds'] button")
		if !strings.Contains(mgr.HTML(), "the person linked to record case:"+report) {
			t.Fatalf("the person hold is not listed:\n%s", mgr.HTML())
		}
		mgr.CheckAccessible()
		mgr.Navigate(p.URL + "/records/rights/" + req)
		if !strings.Contains(mgr.HTML(), "Legal hold #1 Claim by the landlord") {
			t.Fatalf("the plan does not show the hold:\n%s", mgr.HTML())
		}
		mgr.CheckAccessible()
		mgr.Click("form[action$='/approve'] button")
		mgr.CheckAccessible()
	})
}
