package platformtest

import (
	"context"
	"os"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

type staffMember struct {
	p      access.Principal
	active bool
}

// Staff gives each principal an active account with its name and grants,
// so that the identity service knows who a case may be given to.
func Staff(ps ...access.Principal) Option {
	return func(o *options) {
		for _, p := range ps {
			o.staff = append(o.staff, staffMember{p, true})
		}
	}
}

// Leavers gives each principal a disabled account.
func Leavers(ps ...access.Principal) Option {
	return func(o *options) {
		for _, p := range ps {
			o.staff = append(o.staff, staffMember{p, false})
		}
	}
}

func (p *Platform) addStaff(staff []staffMember) {
	p.T.Helper()
	for _, m := range staff {
		u := auth.User{ID: m.p.UserID, Name: m.p.Name, Email: m.p.UserID + "@council.example", Kind: m.p.Kind, Active: m.active, Grants: m.p.Grants}
		if u.Kind == "" {
			u.Kind = access.KindStaff
		}
		if err := p.Store.CreateUser(context.Background(), u); err != nil {
			p.T.Fatalf("platformtest: account for %s: %v", m.p.UserID, err)
		}
	}
}

// Client is a browser-like client, signed in as who (anonymous when who
// has no user id).
func (p *Platform) Client(who access.Principal) *webtest.Client {
	c := webtest.NewClient(p.T, p.URL)
	if who.UserID != "" {
		p.Who.SignIn(c, p.URL, who)
	}
	return c
}

// Tab is a browser tab (a browsertest.Page), as SignInTab needs it.
type Tab interface {
	Navigate(url string)
	SetCookie(base, name, value string)
}

// SignInTab signs who in on a browser tab by the test cookie, without
// walking the sign-in pages (internal/web/account tests those), and opens
// the site's home page, where the cookie is set.
func (p *Platform) SignInTab(tab Tab, who access.Principal) {
	p.Who.Add(who)
	tab.Navigate(p.URL + "/")
	tab.SetCookie(p.URL, webtest.PrincipalCookie, who.UserID)
}

// Submit makes a case as who would through ch, failing the test if it
// cannot; staff and councillors are recorded as its creator.
func (p *Platform) Submit(who access.Principal, serviceID string, a service.Answers, ch cases.Channel) cases.Case {
	p.T.Helper()
	sub := cases.Submission{ServiceID: serviceID, Answers: a, Channel: ch}
	if who.Kind == access.KindStaff || who.Kind == access.KindCouncillor {
		sub.CreatedBy = who.UserID
	}
	c, err := p.Cases.Submit(context.Background(), who, sub)
	if err != nil {
		p.T.Fatalf("submit %s: %v", serviceID, err)
	}
	return c
}

// Token issues an API token as an administrator and returns its secret.
func (p *Platform) Token(req auth.TokenRequest) string {
	p.T.Helper()
	secret, _, err := p.Auth.IssueToken(context.Background(), Admin, req)
	if err != nil {
		p.T.Fatalf("platformtest: token %s: %v", req.Name, err)
	}
	return secret
}

// Admin is an administrator with a second factor: who issues test tokens.
var Admin = access.Principal{Kind: access.KindStaff, UserID: "u-admin", Name: "Ada Admin",
	Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}, MFA: true}

// StoredFiles is how many files (uploads, documents) the platform's
// document store holds. (Documents is the platform's records service.)
func (p *Platform) StoredFiles() int {
	p.T.Helper()
	n := 0
	if err := p.Blobs.Walk(context.Background(), func(string) error { n++; return nil }); err != nil {
		p.T.Fatalf("platformtest: counting documents: %v", err)
	}
	return n
}

// ImportGazetteer imports the gazetteer CSV file at path (the sample is
// internal/people/testdata/gazetteer.csv) through the platform's people
// service, as guildhall import --gazetteer does.
func (p *Platform) ImportGazetteer(path string) {
	p.T.Helper()
	f, err := os.Open(path)
	if err != nil {
		p.T.Fatal(err)
	}
	defer f.Close()
	props, _, err := people.ReadGazetteer(f)
	if err != nil {
		p.T.Fatal(err)
	}
	if err := p.People.ImportGazetteer(context.Background(), "test", props); err != nil {
		p.T.Fatal(err)
	}
}
