package records_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestRestrictionPages: once information governance restricts processing
// for Jane, the street officer's single view shows only the notice, with
// nothing of her; the rights page offers lifting with a reason, which is
// refused without one and, given one, brings her back.
func TestRestrictionPages(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		report, req, person := rightsCase(t, p)
		page := "/records/rights/" + req
		personPage := "/workspace/people/" + strconv.FormatInt(person, 10)
		notice := "Processing of this person&#39;s information is restricted (UK GDPR Art. 18). Only information governance can see it."
		jane := []string{"Jane", "jane.smith@example.com", "Elm Grove", report, "This is a different person"}
		restrictJane(t, p, req, person)
		webtest.Run(t, p.Client(streetOfficer), []webtest.Scenario{
			{Name: "the officer sees the notice only", URL: personPage, Status: 200, Contains: []string{"<h1 class=\"govuk-heading-l\">Processing restricted</h1>", notice}, NotContains: jane},
			{Name: "and finds no details", URL: "/workspace/people?name=Jane+Smith", Status: 200, Contains: []string{">Processing restricted</a>"}, NotContains: []string{"Elm Grove", "27 March 1980"}},
			{Name: "and her report's page is the notice", URL: "/workspace/cases/" + report, Status: http.StatusForbidden,
				Contains: []string{"Processing of this person&#39;s information is restricted (UK GDPR Art. 18). The case is kept"}, NotContains: jane[:3]},
			{Name: "nor may lift it", Method: "POST", URL: page + "/lift", Form: url.Values{"reason": {"no"}}, Status: http.StatusForbidden},
		})
		webtest.Run(t, p.Client(rightsOfficer), []webtest.Scenario{
			{Name: "the restricted request", URL: page, Status: 200},
			{Name: "lifting needs a reason", Method: "POST", URL: page + "/lift", Form: url.Values{"reason": {""}}, Status: http.StatusConflict,
				Contains: []string{"Say why the restriction is lifted: the person is told"}},
			{Name: "lift", Method: "POST", URL: page + "/lift", Form: url.Values{"reason": {"Your claim was settled"}}, Status: http.StatusSeeOther, Location: page},
			{Name: "lifted", URL: page, Status: 200, Contains: []string{"Restrict processing</button>"}, NotContains: []string{"Lift the restriction"}},
		})
		webtest.Run(t, p.Client(streetOfficer), []webtest.Scenario{
			{Name: "the officer sees Jane again", URL: personPage, Status: 200, Contains: []string{"Jane Smith", report}, NotContains: []string{"Processing restricted"}},
		})
	}, rightsPlatform()...)
}

// restrictJane has information governance restrict processing for the
// person of request req through the rights page.
func restrictJane(t *testing.T, p *platformtest.Platform, req string, person int64) {
	t.Helper()
	page := "/records/rights/" + req
	webtest.Run(t, p.Client(rightsOfficer), []webtest.Scenario{
		{Name: "the request's case (a page with a form token)", URL: "/workspace/cases/" + req, Status: 200},
		{Name: "choose the person", Method: "POST", URL: page + "/subject", Form: url.Values{"person": {strconv.FormatInt(person, 10)}}, Status: http.StatusSeeOther, Location: page},
		{Name: "restrict", Method: "POST", URL: page + "/restrict", Status: http.StatusSeeOther, Location: page},
		{Name: "restricted", URL: page, Status: 200, Contains: []string{"Restriction of processing</h2>", "Lift the restriction and tell the person"},
			NotContains: []string{"Restrict processing</button>"}},
	})
}

// TestRectificationPages: information governance proposes a correction on
// the rights page, the records manager approves it there, and the street
// officer's case page shows the corrected name, with the old one kept in
// the timeline.
func TestRectificationPages(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		report, req, person := rightsCase(t, p)
		page := "/records/rights/" + req
		webtest.Run(t, p.Client(rightsOfficer), []webtest.Scenario{
			{Name: "the request's case (a page with a form token)", URL: "/workspace/cases/" + req, Status: 200},
			{Name: "choose the person", Method: "POST", URL: page + "/subject", Form: url.Values{"person": {strconv.FormatInt(person, 10)}}, Status: http.StatusSeeOther, Location: page},
			{Name: "propose", Method: "POST", URL: page + "/corrections", Form: url.Values{"case": {report}, "question": {"full_name"}, "value": {"Jane Smythe"}},
				Status: http.StatusSeeOther, Location: page},
			{Name: "proposed", URL: page, Status: 200, Contains: []string{"<td class=\"govuk-table__cell\">Jane Smythe</td>\n    <td class=\"govuk-table__cell\">Waiting for a records manager</td>"},
				NotContains: []string{"Approve the corrections"}},
			{Name: "not its own approver", Method: "POST", URL: page + "/corrections/approve", Status: http.StatusForbidden},
		})
		webtest.Run(t, p.Client(rightsManager), []webtest.Scenario{
			{Name: "the records manager sees it", URL: page, Status: 200, Contains: []string{"Approve the corrections and tell the person"}},
			{Name: "approves", Method: "POST", URL: page + "/corrections/approve", Status: http.StatusSeeOther, Location: page},
			{Name: "made", URL: page, Status: 200, Contains: []string{"<td class=\"govuk-table__cell\">Made</td>"}, NotContains: []string{"Approve the corrections"}},
		})
		webtest.Run(t, p.Client(streetOfficer), []webtest.Scenario{
			{Name: "the officer sees the corrected name and the old one in the timeline", URL: "/workspace/cases/" + report, Status: 200,
				Contains: []string{"Jane Smythe", "Corrected: Full name", "Jane Smith"}},
		})
	}, rightsPlatform()...)
}
