package frontdoor_test

import (
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestEmailAddressErrors: the two pages that ask only for an email address
// (signing in to your account, saving a form to come back to) say what is
// wrong as GOV.UK error messages do, in the summary and at the field. They
// used to show the validation error's own text, which began in lower case.
func TestEmailAddressErrors(t *testing.T) {
	e := newEnv(t)
	c := e.Client(access.Anonymous)
	c.Get("/services/complaint/questions/service")
	c.PostForm("/services/complaint/questions/service", url.Values{"service_area": {"housing"}})
	const (
		empty   = "Enter your email address" // GOV.UK's words for an empty email field
		invalid = "Enter an email address in the correct format, like name@example.com"
	)
	var scenarios []webtest.Scenario
	for _, page := range []string{"/your-account/sign-in", "/services/complaint/save"} {
		scenarios = append(scenarios,
			webtest.Scenario{Name: page + " empty", Method: "POST", URL: page, Form: url.Values{"email": {"  "}}, Status: 422,
				Contains: []string{`<a href="#email">` + empty + `</a>`, `<span class="govuk-visually-hidden">Error:</span> ` + empty + `</p>`}},
			webtest.Scenario{Name: page + " invalid", Method: "POST", URL: page, Form: url.Values{"email": {"bea at example"}}, Status: 422,
				Contains: []string{`<a href="#email">` + invalid + `</a>`, `<span class="govuk-visually-hidden">Error:</span> ` + invalid + `</p>`}},
		)
	}
	webtest.Run(t, c, scenarios)
}
