package frontdoor_test

import (
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestAlreadyReported: a resident placing a report near an open one of the
// same service is shown it before going on, and follows it instead; a place
// with none near goes straight on.
func TestAlreadyReported(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		millLane(t, e)
		lat, lng := 52.5202, -1.8230
		existing := e.Submit(access.Anonymous, "street-report", service.Answers{
			"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "By the post box"}},
			"details":  {Text: "Broken slab"}, "full_name": {Text: "Bo Reporter"}}, cases.ChannelWeb)
		c := e.Client(zeroPrincipal)
		const where = "/services/street-report/questions/where"
		report := cases.ReportPath(existing.Ref)
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "the place's page", URL: where, Status: 200},
			{Name: "a place 20 m away stops at the reports near it", Method: "POST", URL: where,
				Form: url.Values{"location-lat": {"52.52038"}, "location-lng": {"-1.8230"}}, Status: 303,
				Location: "/services/street-report/already-reported?from=where"},
			{Name: "the open report near it", URL: "/services/street-report/already-reported?from=where", Status: 200,
				Contains: []string{"Has it already been reported?", `<a class="govuk-link" href="` + report + `#follow">Report ` + existing.Ref + `</a>`,
					`<strong class="govuk-tag">Reported</strong>`, "By the post box – about 20 metres away",
					`<a href="/services/street-report/questions/about" role="button"`, "Continue with a new report"}},
			{Name: "the report offers following", URL: report, Status: 200, Contains: []string{"Follow this report", `action="` + report + `/follow"`}},
			{Name: "an address that is neither", Method: "POST", URL: report + "/follow", Form: url.Values{"contact": {"not an address"}}, Status: 422,
				Contains: []string{"Enter an email address or a UK mobile number"}},
			{Name: "follow it", Method: "POST", URL: report + "/follow", Form: url.Values{"contact": {"ada@example.org"}}, Status: 200,
				Contains: []string{"You are following report " + existing.Ref, "You do not need to report this problem again."}},
			{Name: "a place with nothing near goes on", Method: "POST", URL: where,
				Form: url.Values{"location-lat": {"52.53"}, "location-lng": {"-1.80"}}, Status: 303, Location: "/services/street-report/questions/about"},
		})
	}, platformtest.Fixtures("street-report"), withMap(t, nil), platformtest.Configure(func(c *platform.Config) {
		c.Limits.Form, c.Limits.Track = unlimited(), unlimited()
	}))
}
