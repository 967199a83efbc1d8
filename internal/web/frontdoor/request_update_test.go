package frontdoor_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// signedInResident signs email in through its emailed link and returns
// the browser's client.
func signedInResident(t *testing.T, e *env, email string) *webtest.Client {
	t.Helper()
	c := e.Client(access.Anonymous)
	c.Get("/your-account/sign-in")
	if res, _ := c.PostForm("/your-account/sign-in", url.Values{"email": {email}}); res.StatusCode != 200 {
		t.Fatalf("sending the link: %d", res.StatusCode)
	}
	_, links := signInEmails(t, e)
	won := signInAtOnce(t, e, links[len(links)-1], 1)
	if len(won) != 1 {
		t.Fatal("not signed in")
	}
	return won[0]
}

// TestResidentAddsAnUpdate: a resident signed in with their emailed link
// is offered "Add an update" on each of their open requests, is refused an
// empty, too long or hidden-character update on the page, in English and
// in Welsh, adds one, and is told it was sent; it is on
// the officer's timeline as theirs (and audited). Knowing the reference of
// someone else's request gets 404; signed out goes to sign in.
func TestResidentAddsAnUpdate(t *testing.T) {
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC)))
	mine := submitBin(t, e, "bea@example.org")
	theirs := submitBin(t, e, "cy@example.org")
	path := "/your-account/requests/" + mine + "/update"
	if res, _ := e.Client(access.Anonymous).Get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/your-account/sign-in" {
		t.Fatalf("signed out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	bea := signedInResident(t, e, "bea@example.org")
	webtest.Run(t, bea, []webtest.Scenario{
		{Name: "offered on the list", URL: "/your-account", Status: 200, Contains: []string{
			`<a class="govuk-link" href="` + path + `">Add an update<span class="govuk-visually-hidden"> to request ` + mine + `</span></a>`},
			NotContains: []string{theirs}},
		{Name: "the form", URL: path, Status: 200, Contains: []string{"<title>Add an update to request " + mine,
			`<textarea class="govuk-textarea" id="update" name="update" rows="6"`, "The council will read it; it is not published."}},
		{Name: "someone else's request", URL: "/your-account/requests/" + theirs + "/update", Status: http.StatusNotFound},
		{Name: "someone else's request, posted", Method: "POST", URL: "/your-account/requests/" + theirs + "/update",
			Form: url.Values{"update": {"Not mine"}}, Status: http.StatusNotFound},
		{Name: "empty", Method: "POST", URL: path, Form: url.Values{"update": {"  "}}, Status: http.StatusUnprocessableEntity,
			Contains: []string{"There is a problem", `href="#update"`, "Enter your update"}},
		{Name: "too long", Method: "POST", URL: path, Form: url.Values{"update": {strings.Repeat("a", 2001)}}, Status: http.StatusUnprocessableEntity,
			Contains: []string{"Your update must be 2000 characters or fewer"}},
		{Name: "hidden characters", Method: "POST", URL: path, Form: url.Values{"update": {"Still\x07 there"}}, Status: http.StatusUnprocessableEntity,
			Contains: []string{`href="#update">Update must not include hidden control characters</a>`}},
		{Name: "sent", Method: "POST", URL: path, Form: url.Values{"update": {"The bin is still on the pavement.\r\nIt is blocking the way."}},
			Status: http.StatusSeeOther, Location: "/your-account?added=" + mine},
		{Name: "told it was sent", URL: "/your-account?added=" + mine, Status: 200,
			Contains: []string{`<p class="govuk-notification-banner__heading" id="added">Your update to request ` + mine + ` was sent</p>`}},
		{Name: "another's reference is not echoed", URL: "/your-account?added=" + theirs, Status: 200, NotContains: []string{`id="added"`}},
	})
	bea.Get("/?lang=cy")
	webtest.Run(t, bea, refusedInWelsh(path, "update", 2001))
	evs, err := e.Cases.Timeline(context.Background(), access.System, mine)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Kind != cases.EventResidentUpdate || last.Note != "The bin is still on the pavement.\nIt is blocking the way." ||
		last.ActorName != "Bea Binner" || last.Visibility != cases.Resident {
		t.Errorf("last event: %+v", last)
	}
	other, _ := e.Cases.Timeline(context.Background(), access.System, theirs)
	if k := other[len(other)-1].Kind; k == cases.EventResidentUpdate {
		t.Error("someone else's request was updated")
	}
}

// refusedInWelsh are the refusals of a text box in Welsh, for a client
// whose language is Welsh: nothing typed, too many characters, a hidden
// control character and a character that turns the text round.
func refusedInWelsh(path, field string, tooLong int) []webtest.Scenario {
	refused := func(name, typed, want string) webtest.Scenario {
		return webtest.Scenario{Name: name + " in Welsh", Method: "POST", URL: path, Form: url.Values{field: {typed}},
			Status: http.StatusUnprocessableEntity, Contains: []string{`href="#` + field + `">` + want + `</a>`, `<html lang="cy"`}}
	}
	long := map[string]string{"update": "Rhaid i’ch diweddariad fod yn 2000 o nodau neu lai", "comment": "Rhaid i’ch sylw fod yn 1200 o nodau neu lai"}
	out := []webtest.Scenario{
		refused("too long", strings.Repeat("a", tooLong), long[field]),
		refused("hidden control character", "Still\x07 there", "Rhaid i’r ateb beidio â chynnwys nodau rheoli cudd"),
		refused("direction of text", "Still \u202Ethere", "Rhaid i’r ateb beidio â chynnwys nodau sy’n newid cyfeiriad y testun"),
	}
	if field == "update" {
		out = append(out, refused("nothing typed", " ", "Rhowch eich diweddariad"))
	}
	return out
}

// TestBrowserResidentAddsAnUpdate: the same in Chromium, with JavaScript
// and without it at 320px, an empty update first; axe-core finds nothing.
func TestBrowserResidentAddsAnUpdate(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.At(closedBinDay))
	ref := submitBin(t, e, "bea@example.org")
	for i, mode := range []struct {
		name string
		opts []browsertest.Option
	}{{"javascript", nil}, {"no-javascript-320px", []browsertest.Option{browsertest.NoJavaScript(), browsertest.Width(320)}}} {
		t.Run(mode.name, func(t *testing.T) {
			e.Clock.Add(time.Minute)
			check := func(p *browsertest.Page) {
				t.Helper()
				p.CheckAccessible()
				if over := p.Overflow(); over > 0 {
					t.Errorf("%s: %dpx sideways scrolling", p.Location(), over)
				}
			}
			p := b.NewPage(t, mode.opts...)
			p.Navigate(e.URL + "/your-account")
			p.Type("#email", "bea@example.org")
			p.Click("form .govuk-button")
			_, links := signInEmails(t, e)
			p.Navigate(e.URL + links[i])
			p.Click("form .govuk-button")
			p.Click(`a[href="/your-account/requests/` + ref + `/update"]`)
			check(p)
			p.Click("form .govuk-button")
			if !p.Has(".govuk-error-summary") {
				t.Fatal("no error for an empty update")
			}
			check(p)
			p.Type("#update", "Still there")
			p.Click("form .govuk-button")
			if got := p.Text("#added"); got != "Your update to request "+ref+" was sent" {
				t.Fatalf("after sending: %q", got)
			}
			check(p)
		})
	}
}
