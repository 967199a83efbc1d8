package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestCouncillorWardAndParty: an administrator records a councillor's ward
// and party on the people page; they reach the councillor's principal (and
// so the sharing rule); a member of staff has none to set.
func TestCouncillorWardAndParty(t *testing.T) {
	eachSite(t, func(t *testing.T, s *platformtest.Platform) {
		ctx := context.Background()
		email, secret := s.Bootstrap()
		admin := webtest.NewClient(t, s.URL)
		s.FirstSignIn(admin, email, secret, "/admin/people")
		admin.Get("/admin/people/new")
		res, body := admin.PostForm("/admin/people/new", url.Values{"email": {"cllr.jones@example.gov.uk"}, "name": {"Cllr Jones"}, "kind": {"councillor"}})
		must(t, res, body, http.StatusOK, "")
		admin.PostForm("/admin/people/new", url.Values{"email": {"ola@example.gov.uk"}, "name": {"Ola Officer"}, "kind": {"staff"}})
		cllr, err := s.Store.UserByEmail(ctx, "cllr.jones@example.gov.uk")
		if err != nil {
			t.Fatal(err)
		}
		staff, _ := s.Store.UserByEmail(ctx, "ola@example.gov.uk")

		res, body = admin.Get("/admin/people/" + cllr.ID)
		must(t, res, body, http.StatusOK, "")
		if !strings.Contains(body, "Ward and party") {
			t.Errorf("a councillor's page has no ward and party form")
		}
		res, body = admin.PostForm("/admin/people/"+cllr.ID+"/seat", url.Values{"ward": {"  Abbey "}, "party": {"Labour  Co-operative"}})
		must(t, res, body, http.StatusSeeOther, "/admin/people/"+cllr.ID+"?done=ward+and+party")
		u, _ := s.Store.UserByID(ctx, cllr.ID)
		if p := s.Auth.PrincipalOf(u, true); p.Ward != "Abbey" || p.Party != "Labour Co-operative" {
			t.Errorf("principal ward %q party %q", p.Ward, p.Party)
		}

		res, body = admin.Get("/admin/people/" + staff.ID)
		if strings.Contains(body, "Ward and party") {
			t.Errorf("a member of staff's page offers a ward")
		}
		res, body = admin.PostForm("/admin/people/"+staff.ID+"/seat", url.Values{"ward": {"Abbey"}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
		if !strings.Contains(body, "Only councillors have a ward and party") {
			t.Errorf("no reason given for refusing a ward to staff")
		}
	})
}
