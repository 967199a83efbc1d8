package workspace_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// streetOfficer works the street-report fixture (a public report service).
var streetOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-streets", Name: "Sol Streets", Teams: []string{"streets"},
	Grants: []access.Grant{{Role: "officer", Team: "streets"}}, MFA: true}

var streetServices = platformtest.Fixtures("street-report", "pothole")

// streetReport is a street report lat degrees north of Market Place.
func streetReport(lat float64, name, email string) service.Answers {
	lng := -2.187
	return service.Answers{
		"location":  {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "Market Place"}},
		"details":   {Text: "Broken paving slab"},
		"full_name": {Text: name},
		"email":     {Text: email},
	}
}

// TestMergeFromTheCasePage: an officer opens "Close as a duplicate" from a
// report's case page, is offered the nearby open report (not the far one,
// nor one of another service), is refused a reference of another service
// and the case itself with the reason on the page, merges into the report
// offered, and sees both timelines say so; the public page of the
// duplicate points at the original. An officer of another team gets 404
// for the page and the post.
func TestMergeFromTheCasePage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.Who.Add(streetOfficer)
		orig := e.Submit(access.Anonymous, "street-report", streetReport(51.26, "Ada Resident", "ada@example.org"), cases.ChannelWeb)
		dup := e.Submit(access.Anonymous, "street-report", streetReport(51.26009, "Bo Resident", "bo@example.org"), cases.ChannelWeb)
		far := e.Submit(access.Anonymous, "street-report", streetReport(51.27, "Far Resident", "far@example.org"), cases.ChannelWeb)
		pothole := e.Submit(access.Anonymous, "pothole", details("Hole"), cases.ChannelWeb)
		base := "/workspace/cases/" + dup.Ref
		v := fmt.Sprint(dup.Version)
		webtest.Run(t, e.Client(streetOfficer), []webtest.Scenario{
			{Name: "the case page offers it", URL: base, Status: 200, Contains: []string{`href="` + base + `/duplicate"`, "Close as a duplicate</a>"}},
			{Name: "the page suggests the nearby report", URL: base + "/duplicate", Status: 200, Contains: []string{
				"<title>Close as a duplicate – case " + dup.Ref,
				`<a class="govuk-link" href="/workspace/cases/` + orig.Ref + `">` + orig.Ref + `</a>`,
				`<td class="govuk-table__cell">Reported</td>`, `<td class="govuk-table__cell">10 metres away</td>`,
				`<input type="hidden" name="original" value="` + orig.Ref + `">`,
				`Merge<span class="govuk-visually-hidden"> case ` + dup.Ref + ` into ` + orig.Ref + `</span>`,
				`name="version" value="` + v + `"`},
				NotContains: []string{far.Ref, pothole.Ref}},
			{Name: "another service's report is refused", Method: "POST", URL: base + "/duplicate", Form: url.Values{"original": {pothole.Ref}, "version": {v}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"There is a problem", `href="#original"`,
					"There is no report " + pothole.Ref + " that you can work on", `value="` + pothole.Ref + `"`}},
			{Name: "itself is refused", Method: "POST", URL: base + "/duplicate", Form: url.Values{"original": {dup.Ref}, "version": {v}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"A report cannot be a duplicate of itself: enter the reference of another report"}},
			{Name: "a stale page is not applied", Method: "POST", URL: base + "/duplicate", Form: url.Values{"original": {orig.Ref}, "version": {"99"}},
				Status: http.StatusConflict, Contains: []string{"This case was changed by someone else"}},
			{Name: "merge", Method: "POST", URL: base + "/duplicate", Form: url.Values{"original": {orig.Ref}, "version": {v}},
				Status: http.StatusSeeOther, Location: base + "?done=merged"},
			{Name: "the duplicate's timeline", URL: base + "?done=merged", Status: 200, Contains: []string{
				"The case was closed as a duplicate", "Closed as a duplicate of " + orig.Ref, ">Closed as a duplicate</strong>"},
				NotContains: []string{`href="` + base + `/duplicate"`}},
			{Name: "the original's timeline", URL: "/workspace/cases/" + orig.Ref, Status: 200, Contains: []string{
				"Case " + dup.Ref + " was closed as a duplicate of this one"}},
			{Name: "a closed case cannot be merged again", URL: base + "/duplicate", Status: http.StatusNotFound},
		})
		other := atDesk(e, officerB)
		webtest.Run(t, other, []webtest.Scenario{
			{Name: "another team: the page", URL: "/workspace/cases/" + far.Ref + "/duplicate", Status: http.StatusNotFound},
			{Name: "another team: the post", Method: "POST", URL: "/workspace/cases/" + far.Ref + "/duplicate",
				Form: url.Values{"original": {orig.Ref}, "version": {"1"}}, Status: http.StatusNotFound},
		})
		webtest.Run(t, e.Client(access.Anonymous), []webtest.Scenario{
			{Name: "the duplicate's public page", URL: "/reports/" + dup.Ref, Status: 200, Contains: []string{
				`<a class="govuk-link" href="/reports/` + orig.Ref + `">Report ` + orig.Ref + `</a>`, "Closed as a duplicate"},
				NotContains: []string{"Follow this report</button>"}},
		})
		got, err := e.Cases.Get(context.Background(), access.System, far.Ref)
		if err != nil || got.ClosedAt != nil {
			t.Errorf("the far report: %+v %v", got.ClosedAt, err)
		}
	}, streetServices)
}

// TestMergeInBrowser: the officer merges from the case page in real
// Chromium, with JavaScript and without it at 320px, a wrong reference
// first; axe-core finds nothing on the page, its error state included.
func TestMergeInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	for _, mode := range []struct {
		name string
		opts []browsertest.Option
	}{{"javascript", nil}, {"no javascript", []browsertest.Option{browsertest.NoJavaScript(), browsertest.Width(320)}}} {
		t.Run(mode.name, func(t *testing.T) {
			e := newEnv(t, streetServices)
			orig := e.Submit(access.Anonymous, "street-report", streetReport(51.26, "Ada Resident", "ada@example.org"), cases.ChannelWeb)
			dup := e.Submit(access.Anonymous, "street-report", streetReport(51.26009, "Bo Resident", "bo@example.org"), cases.ChannelWeb)
			tab := b.NewPage(t, mode.opts...)
			e.SignInTab(tab, streetOfficer)
			tab.Navigate(e.URL + "/workspace/cases/" + dup.Ref)
			tab.Click(`a[href$="/duplicate"]`)
			check(t, tab, "Close as a duplicate", orig.Ref, "10 metres away")
			typeInto(tab, "#original", "ZZZZ-ZZZZ")
			tab.Click(`form:not(:has(input[name="original"][type="hidden"])) button`)
			check(t, tab, "There is a problem", "There is no report ZZZZ-ZZZZ that you can work on")
			tab.Click(`input[name="original"][type="hidden"] ~ button`)
			check(t, tab, "The case was closed as a duplicate", "Closed as a duplicate of "+orig.Ref)
			if mode.opts != nil && tab.Overflow() > 0 {
				t.Errorf("%s is wider than 320px", tab.Location())
			}
			if errs := tab.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
}
