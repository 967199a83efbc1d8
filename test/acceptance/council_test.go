package acceptance

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// TestCouncilDay plays a council's first day on each database, in order:
// each step builds on the ones before, as a council's first weeks do.
func TestCouncilDay(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := ""
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			c := newCouncil(t, url)
			c.firstAdministrator()
			c.teamsAndPeople()
			c.potholeThroughTheFrontDoor()
			c.potholeThroughOpen311()
			c.officerWorksThePothole()
		})
	}
}

var (
	emailRE  = regexp.MustCompile(`Email:\s+(\S+)`)
	secretRE = regexp.MustCompile(`One-time secret:\s+(\S+)`)
)

// council is one running Guildhall with the Notify it sends through and
// the people who use it.
type council struct {
	t      *testing.T
	srv    *server.Server
	notify *notifytest.Server
	b      *browsertest.Browser

	adminEmail, adminSecret string
	// The people, each signed in in a browser tab of their own.
	admin, officer, councillor, auditor *person

	potholeRef string // the resident's report through the front door
}

// person is someone with a browser tab of their own (own cookies).
type person struct {
	c     *council
	p     *browsertest.Page
	email string
	totp  string // the authenticator key they enrolled
}

func newCouncil(t *testing.T, dbURL string) *council {
	b := browsertest.Shared(t)
	n := notifytest.NewServer(t)
	srv := server.New(t, server.StoreFlags(t.TempDir(), dbURL),
		"--notify-api-key", n.APIKey, "--notify-base-url", n.URL,
		"--notify-email-template", n.EmailTemplate, "--notify-sms-template", n.SMSTemplate,
		"--api-rate", "100000")
	srv.Start(t)
	log := srv.Log()
	e, s := emailRE.FindStringSubmatch(log), secretRE.FindStringSubmatch(log)
	if e == nil || s == nil {
		t.Fatalf("serve printed no first administrator:\n%s", log)
	}
	return &council{t: t, srv: srv, notify: n, b: b, adminEmail: e[1], adminSecret: s[1]}
}

// newPerson opens a tab 320 CSS pixels wide: every page a person lands on
// is checked there for sideways scrolling.
func (c *council) newPerson(email string) *person {
	return &person{c: c, p: c.b.NewPage(c.t, browsertest.Width(320)), email: email}
}

// visit loads a path and checks the page it lands on.
func (p *person) visit(path string) {
	p.c.t.Helper()
	p.p.Navigate(p.c.srv.URL + path)
	p.landed()
}

// click follows a link or submits a form and checks the page it lands on.
// On a narrow screen the service navigation is behind its Menu button: a
// person opens it first.
func (p *person) click(css string) {
	p.c.t.Helper()
	browsertest.Run(p.p, chromedp.Evaluate[bool](`(() => {
		const b = document.querySelector(".govuk-service-navigation__toggle");
		if (b && !b.hidden && b.offsetParent !== null && b.getAttribute("aria-expanded") !== "true") b.click();
		return true })()`))
	p.p.Click(css)
	p.landed()
}

// landed checks the page now shown: no sideways scrolling at 320px, no
// server error.
func (p *person) landed() {
	t := p.c.t
	t.Helper()
	if over := p.p.Overflow(); over > 0 {
		t.Errorf("%s: %dpx wider than a 320px screen (sideways scrolling)", p.path(), over)
	}
	if strings.Contains(p.p.Title(), "problem with the service") {
		t.Fatalf("%s: server error page", p.path())
	}
}

// path is the current location without the server's address.
func (p *person) path() string {
	return strings.TrimPrefix(p.p.Location(), p.c.srv.URL)
}

// at fails unless the person is on path (query ignored).
func (p *person) at(want string) {
	p.c.t.Helper()
	got := p.path()
	if i := strings.IndexByte(got, '?'); i >= 0 {
		got = got[:i]
	}
	if got != want {
		p.c.t.Fatalf("landed on %s, want %s\n%s", p.path(), want, p.p.Text("main"))
	}
}

// label is the text of the label for field id.
func (p *person) label(id string) string {
	p.c.t.Helper()
	return strings.TrimSpace(p.p.Text(`label[for="` + id + `"]`))
}

// waitFor waits (bounded) for cond; the outbox is sent by a background worker.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
