package frontdoor_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestDraftsEndAtSignOut (a penetration test finding): on one shared browser, an officer's
// assisted-digital request never lands in the resident cookie, and signing
// out deletes the drafts and confirmation pages of the staff session and of
// the browser's resident cookie, and clears that cookie. The next person at
// the browser sees neither reference.
func TestDraftsEndAtSignOut(t *testing.T) {
	e := newEnv(t)
	e.Web.Browser().HandleFunc("POST /test-sign-out", func(w http.ResponseWriter, r *http.Request) {
		if err := e.Web.SignedOut(w, r); err != nil {
			t.Error(err)
		}
	})
	def, _ := e.Registry.Load().Get("report-a-pothole")
	c := e.Client(zeroPrincipal) // one browser for everyone
	base, _ := url.Parse(e.URL)
	cookie := func(name string) string {
		for _, ck := range c.HTTP.Jar.Cookies(base) {
			if ck.Name == name {
				return ck.Value
			}
		}
		return ""
	}
	signOut := func() {
		t.Helper()
		c.PostForm("/test-sign-out", nil)
		c.HTTP.Jar.SetCookies(base, []*http.Cookie{{Name: webtest.PrincipalCookie, Value: "", Path: "/", MaxAge: -1}})
	}
	confirmation := func(who, ref string) {
		t.Helper()
		res, body := c.Get("/services/report-a-pothole/confirmation")
		if res.StatusCode != http.StatusSeeOther || strings.Contains(body, ref) {
			t.Errorf("%s at the browser afterwards: %d, sees %s: %v", who, res.StatusCode, ref, strings.Contains(body, ref))
		}
	}

	// An officer helps a resident (assisted digital), then signs out.
	e.Who.SignIn(c, e.URL, officer)
	officerRef := journey(t, e, c, def)
	if v := cookie("guildhall_frontdoor"); v != "" {
		t.Errorf("the officer's assisted-digital work set the resident cookie")
	}
	signOut()
	confirmation("a resident", officerRef)
	e.Who.SignIn(c, e.URL, officer)
	confirmation("the officer signing in again", officerRef)
	signOut()

	// A resident submits, then an officer signs in and out on the same browser.
	residentRef := journey(t, e, c, def)
	if cookie("guildhall_frontdoor") == "" {
		t.Fatal("the resident has no front-door cookie")
	}
	e.Who.SignIn(c, e.URL, officer)
	confirmation("the officer (staff drafts are not the resident's)", residentRef)
	signOut()
	if cookie("guildhall_frontdoor") != "" {
		t.Error("sign-out left the front-door cookie")
	}
	confirmation("the next resident", residentRef)
	if n, err := e.Store.DeleteDraftsBefore(t.Context(), time.Now().Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("%d drafts left after sign-out (%v)", n, err)
	}
}
