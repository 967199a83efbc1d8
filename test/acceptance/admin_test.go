package acceptance

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/auth"
)

const adminPassword = "Council-first-day-2026"

// firstAdministrator signs in with the one-time secret serve printed, sets
// a password and enrols an authenticator, all through the pages.
func (c *council) firstAdministrator() {
	t := c.t
	a := c.newPerson(c.adminEmail)
	a.visit("/sign-in")
	if got := a.label("password"); !strings.Contains(got, "one-time secret") {
		t.Errorf("sign-in asks for %q: the console's one-time secret must be asked for by that name", got)
	}
	a.signInFirstTime(c.adminSecret, adminPassword)
	c.admin = a
}

// code is the authenticator's current code (sign-in keeps the real time,
// whatever the test clock says).
func (p *person) code() string {
	code, err := auth.TOTPCode(p.totp, auth.TOTPStep(p.c.now())) // the server's clock, moved by later
	if err != nil {
		p.c.t.Fatal(err)
	}
	return code
}

// teamsAndPeople: the administrator finds the admin pages from the
// workspace navigation and sets up the teams and the first people, each of
// whom then signs in with the one-time code the administrator was shown.
func (c *council) teamsAndPeople() {
	t, a := c.t, c.admin
	a.visit("/workspace")
	a.click(`main a[href="/admin"]`)
	a.at("/admin/people")
	a.click(`a[href="/admin/teams"]`)
	for _, team := range [][2]string{{"highways", "Highways"}, {"information-governance", "Information governance"},
		{"members-services", "Members' services"}, {"it-service-desk", "IT service desk"}, {"waste-services", "Waste services"}} {
		a.p.Type("#id", team[0])
		a.p.Type("#team-name", team[1])
		a.click("main form button[type=submit]")
		a.at("/admin/teams")
		if !strings.Contains(a.p.Text("main"), team[1]) {
			t.Fatalf("team %s not listed after saving", team[1])
		}
	}
	c.officer = c.addPerson("olu.officer@council.example", "Olu Officer", "staff",
		"officer@highways, inspector@highways, officer@information-governance, officer@members-services, members_services@members-services, analyst@it-service-desk, officer@waste-services, crew_supervisor@waste-services")
	c.councillor = c.addPerson("cllr.carys@council.example", "Carys Councillor", "councillor", "")
	c.auditor = c.addPerson("audrey.auditor@council.example", "Audrey Auditor", "staff", "auditor@*")
	c.grantSlipsRefused()
	c.unstaffedServicesShown()
	// The integrations pages, with the webhooks hint that used to scroll
	// sideways at 320px.
	a.visit("/admin/webhooks")
	if !strings.Contains(a.p.Text("main"), "Register an endpoint") {
		t.Errorf("the webhooks page says:\n%s", a.p.Text("main"))
	}
	a.visit("/admin/dead-letters")
}

// addPerson adds someone on the admin pages and signs them in, in a tab of
// their own, with the one-time code shown to the administrator.
func (c *council) addPerson(email, name, kind, grants string) *person {
	a := c.admin
	a.visit("/admin/people/new")
	a.p.Type("#email", email)
	a.p.Type("#name", name)
	a.p.Check(`input[name="kind"][value="` + kind + `"]`)
	if grants != "" {
		a.p.Type("#grants", grants)
	}
	a.click("main form button[type=submit]")
	if !a.p.Has("#secret") {
		c.t.Fatalf("adding %s: no one-time code shown at %s:\n%s", email, a.path(), a.p.Text("main"))
	}
	secret := strings.TrimSpace(a.p.Text("#secret"))
	p := c.newPerson(email)
	p.signInFirstTime(secret, name+" password 2026")
	p.name = name
	return p
}

// signInFirstTime: one-time secret, a new password, an authenticator.
func (p *person) signInFirstTime(secret, password string) {
	p.visit("/sign-in")
	p.p.Type("#email", p.email)
	p.p.Type("#password", secret)
	p.click("main form button[type=submit]")
	p.at("/sign-in/password")
	p.p.Type("#password", password)
	p.password = password
	p.click("main form button[type=submit]")
	p.at("/sign-in/authenticator")
	p.totp = strings.ReplaceAll(strings.TrimSpace(p.p.Text("#setup-key")), " ", "")
	p.p.Type("#code", p.code())
	p.click("main form button[type=submit]")
	p.at("/workspace")
}

// signInAgain: a returning member of staff, whose session has ended,
// signs in with their password and a code from their authenticator.
func (p *person) signInAgain() {
	p.visit("/sign-in")
	p.p.Type("#email", p.email)
	p.p.Type("#password", p.password)
	p.click("main form button[type=submit]")
	p.at("/sign-in/code")
	p.p.Type("#code", p.code())
	p.click("main form button[type=submit]")
	if strings.HasPrefix(p.path(), "/sign-in") {
		p.c.t.Fatalf("%s signing in again: still at %s\n%s", p.email, p.path(), p.p.Text("main"))
	}
}

// grantSlipsRefused: a grant naming a team that does not exist or a role no
// service uses is refused with a message saying which, and nobody is added.
func (c *council) grantSlipsRefused() {
	t, a := c.t, c.admin
	for grant, want := range map[string]string{
		"officer@highway": `there is no team "highway"`,
		"offcer@highways": `no service uses the role "offcer"`,
	} {
		a.visit("/admin/people/new")
		a.p.Type("#email", "typo.person@council.example")
		a.p.Type("#name", "Typo Person")
		a.p.Check(`input[name="kind"][value="staff"]`)
		a.p.Type("#grants", grant)
		a.click("main form button[type=submit]")
		if a.p.Has("#secret") || !strings.Contains(a.textOf(".govuk-error-summary"), want) {
			t.Errorf("adding someone with the grant %s: want it refused with %q, the page says:\n%s", grant, want, a.p.Text("main"))
		}
	}
}

// unstaffedServicesShown: where the administrator lands, and on the teams
// page, a service whose cases nobody can be given is named as unstaffed (no
// team holds a complaint officer yet), and a staffed one is not.
func (c *council) unstaffedServicesShown() {
	a := c.admin
	a.visit("/admin")
	if got := a.textOf("#unstaffed"); !strings.Contains(got, "Make a complaint") || strings.Contains(got, "Report a pothole") {
		c.t.Errorf("the administrator's landing page should name complaints, not potholes, as unstaffed; it says:\n%s", a.p.Text("main"))
	}
	a.visit("/admin/teams")
	rows := map[string]string{}
	for _, line := range strings.Split(a.p.Text("main table:last-of-type tbody"), "\n") {
		for _, name := range []string{"Make a complaint", "Report a pothole"} {
			if strings.HasPrefix(line, name) {
				rows[name] = line
			}
		}
	}
	if !strings.Contains(rows["Make a complaint"], "Unstaffed") || rows["Report a pothole"] == "" || strings.Contains(rows["Report a pothole"], "Unstaffed") {
		c.t.Errorf("the teams page should mark complaints unstaffed and potholes staffed:\n%s", a.p.Text("main table:last-of-type"))
	}
}

// textOf is the text of css, or "" when the page has no such element (Text
// would wait for it).
func (p *person) textOf(css string) string {
	p.c.t.Helper()
	if !p.p.Has(css) {
		return ""
	}
	return p.p.Text(css)
}
