package acceptance

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// TestCouncilDay plays a council's first day on each database, in order:
// each step builds on the ones before, as a council's first weeks do.
func TestCouncilDay(t *testing.T) {
	server.EachDatabase(t, func(t *testing.T, url string) {
		c := newCouncil(t, url)
		for _, step := range []struct {
			name string
			run  func()
		}{
			{"first administrator", c.firstAdministrator},
			{"teams and people", c.teamsAndPeople},
			{"pothole through the front door", c.potholeThroughTheFrontDoor},
			{"pothole through Open311", c.potholeThroughOpen311},
			{"officer works the pothole", c.officerWorksThePothole},
			{"missed bin by text message", c.missedBinByText},
			{"member enquiry", c.memberEnquiry},
			{"myIT request", c.myITRequest},
			{"FOI received", c.foiReceived},
			{"SAR received", c.sarReceived},
			{"weeks later", func() { c.later(weeks) }},
			{"FOI clarified", c.foiClarified},
			{"SAR identity arrives", c.sarIdentityArrives},
		} {
			start, pages := time.Now(), c.pages
			step.run()
			t.Logf("%s: %d pages, %s", step.name, c.pages-pages, time.Since(start).Round(time.Millisecond))
		}
		t.Logf("%d pages landed on, %d distinct pages checked with axe-core so far (on either database)", c.pages, len(c.axed))
		if testing.Verbose() {
			for k := range c.axed {
				t.Log("axe:", k)
			}
		}
	})
}

// teamMailbox is serve's --team-mailbox, as a council sets it: each team's
// shared inbox.
const teamMailbox = "{team}@council.example"

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
	// The requests that span the weeks, and who made them.
	foiRef, sarRef             string
	foiRequester, sarRequester *person
	// tokens are API tokens by the grants they carry.
	tokens map[string]string

	// pages counts the pages people landed on; axed are those checked
	// with axe-core.
	pages int
	axed  map[string]bool

	// teamReceived counts the messages to each team's mailbox compared so far.
	teamReceived map[string]int

	// started is when the council's first day began (real time).
	started time.Time
	// offset is how far the server's test clock is ahead of the real time.
	offset time.Duration
}

// now is the time on the server's clock.
func (c *council) now() time.Time { return time.Now().Add(c.offset) }

// later restarts the server with its clock d further on (the program is
// built with its test clock, see cmd/guildhall/testclock.go): the same
// data, a later day. Sessions read the same clock, so after more than a
// session's lifetime the staff sign in again, as they would.
func (c *council) later(d time.Duration) {
	c.t.Helper()
	c.srv.Stop()
	c.offset += d
	c.srv.Env = []string{fmt.Sprintf("GUILDHALL_TEST_CLOCK_OFFSET=%s", c.offset)}
	c.srv.Start(c.t)
	if d < 12*time.Hour {
		return
	}
	for _, p := range []*person{c.admin, c.officer, c.councillor, c.auditor} {
		if p != nil && p.password != "" {
			p.signInAgain()
		}
	}
}

// person is someone with a browser tab of their own (own cookies).
type person struct {
	c     *council
	p     *browsertest.Page
	email string
	name  string
	phone string
	// received counts the messages to them compared so far.
	received int
	// totp is the authenticator key they enrolled, password the password
	// they chose.
	totp, password string
}

func newCouncil(t *testing.T, dbURL string) *council {
	b := browsertest.Shared(t)
	started := time.Now()
	n := notifytest.NewServer(t)
	srv := server.New(t, server.StoreFlags(t.TempDir(), dbURL),
		server.NotifyFlags(n, "--team-mailbox", teamMailbox, "--api-rate", "100000")...)
	srv.Start(t)
	email, secret := srv.FirstAdministrator(t)
	return &council{t: t, srv: srv, notify: n, b: b, adminEmail: email, adminSecret: secret, axed: axedPages, started: started}
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

// landed checks the page now shown: no server error, no sideways
// scrolling at 320px, and no axe-core violation (WCAG 2.2 A and AA).
func (p *person) landed() {
	t := p.c.t
	t.Helper()
	if strings.Contains(p.p.Title(), "problem with the service") {
		t.Fatalf("%s: server error page", p.path())
	}
	if over := p.p.Overflow(); over > 0 {
		t.Errorf("%s: %dpx wider than a 320px screen (sideways scrolling) because of:\n%s", p.path(), over, p.tooWide())
	}
	// axe-core takes about a second a page on a shared CI machine: each
	// page (its path with references and ids taken out, and its title) is
	// checked the first time anyone lands on it; the same page shown again
	// for another case or person is the same template.
	path, _, _ := strings.Cut(p.path(), "?")
	key := idRE.ReplaceAllString(path+" "+p.p.Title(), "*")
	if !p.c.axed[key] {
		p.c.axed[key] = true
		p.p.CheckAccessible()
	}
	p.c.pages++
}

// axedPages are the pages checked with axe-core in this test binary, kept
// across the SQLite and PostgreSQL runs: a page's markup comes from its
// template, not from the database, so checking it twice only costs time
// (about a second a page on a shared machine). The runs are sequential.
var axedPages = map[string]bool{}

// idRE matches the parts of a path that name one case, person or token.
var idRE = regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}\b|[0-9a-f]{8,}(-[0-9a-f]+)*|[0-9]+`)

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

// tooWide lists the innermost elements that reach past the screen's right
// edge, to say what makes a page scroll sideways.
func (p *person) tooWide() string {
	return browsertest.Run(p.p, chromedp.Evaluate[string](`(() => {
		const w = document.documentElement.clientWidth, out = [];
		for (const e of document.querySelectorAll("body *")) {
			const r = e.getBoundingClientRect().left + e.scrollWidth;
			if (e.getBoundingClientRect().right <= w + 0.5 && r <= w + 0.5) continue;
			if ([...e.children].some(c => c.getBoundingClientRect().right > w + 0.5)) continue;
			out.push(e.outerHTML.slice(0, 200));
		}
		return out.slice(0, 5).join("\n") })()`))
}
