package workspace_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// newSite is the platform as serve wires it, with the bundled services and
// a street lighting team for the officer to pass an enquiry to.
func newSite(t *testing.T) *platformtest.Platform {
	t.Helper()
	p := platformtest.New(t, platformtest.Bundled())
	if err := p.Auth.PutTeam(context.Background(), platformtest.Admin, access.Team{ID: "street-lighting", Name: "Street lighting"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// signIn goes through the identity pages the first time: one-time secret,
// a new password, and enrolling an authenticator, whose code the test works
// out from the setup key on the page, as the app would.
func signIn(t *testing.T, s *platformtest.Platform, p *browsertest.Page, email, secret string) {
	t.Helper()
	p.Navigate(s.URL + "/workspace")
	if !strings.Contains(p.Location(), "/sign-in") {
		t.Fatalf("not sent to sign in: %s", p.Location())
	}
	typeInto(p, "#email", email)
	typeInto(p, "#password", secret)
	p.Click(`form[action="/sign-in"] button`)
	typeInto(p, "#password", platformtest.Password)
	p.Click(`form[action="/sign-in/password"] button`)
	typeInto(p, "#code", s.TOTPCode(p.Text("#setup-key")))
	p.Click(`form[action="/sign-in/authenticator"] button`)
	if !strings.HasSuffix(p.Location(), "/workspace") {
		t.Fatalf("after sign-in at %s", p.Location())
	}
}

// typeInto types into an empty field. (Page.Type clears the field first,
// which chromedp v0.23 cannot do on these inputs.)
func typeInto(p *browsertest.Page, css, text string) {
	p.T.Helper()
	p.Do(chromedp.WaitVisible(chromedp.CSS(css)), chromedp.SendKeys(chromedp.CSS(css), text))
}

// check runs axe-core on a workspace page and insists it shows want.
func check(t *testing.T, p *browsertest.Page, want ...string) {
	t.Helper()
	if !strings.Contains(p.Location(), "/workspace") {
		t.Fatalf("left the workspace: %s", p.Location())
	}
	p.CheckAccessible()
	html := p.HTML()
	for _, w := range want {
		if !strings.Contains(html, w) {
			t.Errorf("%s lacks %q", p.Location(), w)
		}
	}
}

// TestWorkspaceInBrowser signs in with TOTP, works a member enquiry from the
// queue through a transition (missing field first), takes it and adds a note,
// then follows it as the councillor who raised it and reads the audit log as
// an auditor: in real Chromium, with and without JavaScript, with axe-core
// (WCAG 2.2 A and AA) finding nothing on any workspace page visited.
func TestWorkspaceInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		s := newSite(t)
		suffix := m.Name
		officerEmail := "officer-" + suffix + "@example.gov.uk"
		_, officerSecret := s.NewAccount(officerEmail, "Test officer", access.KindStaff,
			access.Grant{Role: "members_services", Team: "members-services"}, access.Grant{Role: "team_leader", Team: "members-services"})
		cllrID, cllrSecret := s.NewAccount("cllr-"+suffix+"@example.gov.uk", "Test councillor", access.KindCouncillor)
		_, auditorSecret := s.NewAccount("auditor-"+suffix+"@example.gov.uk", "Test auditor", access.KindStaff, access.Grant{Role: access.RoleAuditor, Team: "*"})
		enquiry := raiseEnquiry(t, s.Cases, cllrID)

		officer := m.NewPage(t)
		signIn(t, s, officer, officerEmail, officerSecret)
		check(t, officer, "Your queues", "Team members-services")
		officer.Click(`a[href="/workspace/queue?team=members-services"]`)
		check(t, officer, enquiry, "OFFICIAL-SENSITIVE", "Reassign selected cases")
		officer.Do(chromedp.Click(chromedp.CSS(`label[for="overdue"]`))) // a checkbox: no navigation
		officer.Click(`form[action="/workspace/queue"] button`)
		check(t, officer, "No cases match these filters")
		officer.Navigate(s.URL + "/workspace/queue?team=members-services&q=" + url.QueryEscape("elm roads"))
		check(t, officer, "1 case matches ‘elm roads’.", enquiry, `<option value="relevance" selected="">Best match</option>`)
		officer.Navigate(s.URL + "/workspace/queue?team=members-services")
		officer.Click(`a[href="/workspace/cases/` + enquiry + `"]`)
		check(t, officer, "Case "+enquiry, "This page shows OFFICIAL-SENSITIVE information", "Received", "Elm Road")
		officer.Click(`form[action$="/assign"] input[value]:not([name=version]) ~ button`)
		check(t, officer, "The case was assigned", "Assigned to")
		officer.Click(`a[href$="/transitions/assign_to_service"]`)
		check(t, officer, "Which team should deal with it?")
		officer.Click(`form[action$="/transitions/assign_to_service"] button`)
		check(t, officer, "There is a problem", `href="#service_team"`)
		if !strings.HasPrefix(officer.Title(), "Error: ") {
			t.Errorf("title without Error: %q", officer.Title())
		}
		officer.Do(chromedp.SetValue(chromedp.CSS("#service_team"), "street-lighting"))
		officer.Click(`form[action$="/transitions/assign_to_service"] button`)
		check(t, officer, "The case was updated", "With the service", "Which team should deal with it?: Street lighting")
		typeInto(officer, "#note", "Spoke to the lighting team")
		officer.Click(`form[action$="/notes"] button`)
		check(t, officer, "Your note was added", "Spoke to the lighting team")
		officer.Navigate(s.URL + "/workspace/raise")
		check(t, officer, "Raise a request", "myIT - ask IT for something", "Add a risk to the risk register")

		cllr := m.NewPage(t)
		signIn(t, s, cllr, "cllr-"+suffix+"@example.gov.uk", cllrSecret)
		check(t, cllr, "My enquiries")
		cllr.Click(`a[href="/workspace/enquiries"]`)
		check(t, cllr, enquiry, "With the service")
		cllr.Click(`a[href="/workspace/cases/` + enquiry + `"]`)
		check(t, cllr, "Elm Road", "OFFICIAL-SENSITIVE")
		if cllr.Has(`form[action$="/notes"]`) || strings.Contains(cllr.HTML(), "Spoke to the lighting team") {
			t.Error("the councillor sees the internal note or the officer's forms")
		}

		aud := m.NewPage(t)
		signIn(t, s, aud, "auditor-"+suffix+"@example.gov.uk", auditorSecret)
		aud.Click(`a[href="/workspace/audit"]`)
		check(t, aud, "Audit log", "case.transition", "withheld (OFFICIAL-SENSITIVE)")
		typeInto(aud, "#from", "yesterday")
		aud.Click(`form[action="/workspace/audit"] button`)
		check(t, aud, "There is a problem")

		for _, pg := range []*browsertest.Page{officer, cllr, aud} {
			if errs := pg.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		}
	})
}

// raiseEnquiry makes a member enquiry as the councillor would from the front door.
func raiseEnquiry(t *testing.T, cs *cases.Service, cllrID string) string {
	t.Helper()
	p := access.Principal{Kind: access.KindCouncillor, UserID: cllrID, Name: "Councillor", MFA: true}
	a := service.Answers{
		"resident_name":    {Text: "Rosa Resident"},
		"resident_address": {Address: &service.Address{Line1: "4 Elm Road", Town: "Guildtown", Postcode: "SW1A 1AA"}},
		"consent":          {Text: "yes"},
		"ward":             {Text: "abbey"},
		"service_area":     {Text: "highways"},
		"details":          {Text: "The streetlight outside 4 Elm Road has been out for a month"},
		"urgent":           {Text: "no"},
		"share_with":       {Text: "nobody"},
	}
	c, err := cs.Submit(context.Background(), p, cases.Submission{ServiceID: "member-enquiry", Answers: a, Channel: cases.ChannelStaff, CreatedBy: cllrID})
	if err != nil {
		t.Fatal(err)
	}
	return c.Ref
}
