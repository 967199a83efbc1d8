package frontdoor_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// signInByLink signs a fresh browser in to email's account with an emailed link.
func signInByLink(t *testing.T, e *env, email string) *webtest.Client {
	t.Helper()
	e.Clock.Add(time.Minute) // this link is the newest email (signInEmails lists by time queued)
	c := e.Client(access.Anonymous)
	c.Get("/your-account/sign-in")
	c.PostForm("/your-account/sign-in", url.Values{"email": {email}})
	_, links := signInEmails(t, e)
	link := links[len(links)-1]
	c.Get(link)
	if res, _ := c.PostForm(link, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in %s: %d", email, res.StatusCode)
	}
	return c
}

var continueForm = regexp.MustCompile(`<form method="post" action="/your-account/forms/(d-[a-z0-9]+)/continue" novalidate>`)

// TestResidentSavedForms: a form a signed-in resident starts on one device
// is listed on "Your requests" on another, where they continue it or
// delete it; another resident can do neither, and a form filled in by
// someone not signed in is nobody's.
func TestResidentSavedForms(t *testing.T) {
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)))
	phone := signInByLink(t, e, "bea@example.org")
	phone.Get("/services/complaint/questions/service")
	if res, _ := phone.PostForm("/services/complaint/questions/service", url.Values{"service_area": {"housing"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first page: %d", res.StatusCode)
	}
	stranger := e.Client(access.Anonymous) // not signed in: their form is theirs alone
	stranger.Get("/services/complaint/questions/service")
	stranger.PostForm("/services/complaint/questions/service", url.Values{"service_area": {"roads"}})

	e.Clock.Add(time.Hour)
	laptop := signInByLink(t, e, "bea@example.org")
	_, body := laptop.Get("/your-account")
	forms := continueForm.FindAllStringSubmatch(body, -1)
	if len(forms) != 1 || !strings.Contains(body, `<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Make a complaint</h3>`) ||
		!strings.Contains(body, "Last changed 4 December 2026") {
		t.Fatalf("forms listed: %v\n%s", forms, body)
	}
	id := forms[0][1]

	cal := signInByLink(t, e, "cal@example.org")
	if _, body := cal.Get("/your-account"); strings.Contains(body, "Forms you have not sent") {
		t.Error("another resident sees Bea's form")
	}
	webtest.Run(t, cal, []webtest.Scenario{
		{Name: "another resident continues it", Method: "POST", URL: "/your-account/forms/" + id + "/continue", Status: http.StatusNotFound},
		{Name: "another resident deletes it", Method: "POST", URL: "/your-account/forms/" + id + "/delete", Status: http.StatusNotFound},
	})
	nobody := e.Client(access.Anonymous)
	nobody.Get("/your-account/sign-in")
	if res, _ := nobody.PostForm("/your-account/forms/"+id+"/delete", nil); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/your-account/sign-in" {
		t.Errorf("signed out, deleting: %d", res.StatusCode)
	}

	res, _ := laptop.PostForm("/your-account/forms/"+id+"/continue", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/services/complaint/check-answers" {
		t.Fatalf("continue: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := laptop.Get("/services/complaint/questions/service"); !strings.Contains(body, `<option value="housing" selected>Housing</option>`) {
		t.Errorf("the laptop does not have the answers given on the phone:\n%s", body)
	}
	webtest.Run(t, laptop, []webtest.Scenario{
		{Name: "delete", Method: "POST", URL: "/your-account/forms/" + id + "/delete", Status: http.StatusSeeOther, Location: "/your-account"},
		{Name: "gone from the list", URL: "/your-account", Status: 200, NotContains: []string{"Forms you have not sent", id}},
		{Name: "deleted twice", Method: "POST", URL: "/your-account/forms/" + id + "/delete", Status: http.StatusNotFound},
	})
}
