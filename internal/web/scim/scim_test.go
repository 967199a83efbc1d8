package scim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const token = "scim-secret-token-for-tests"

// site is the platform as serve wires it, with the bundled services, a
// SCIM token, the group map Entra ID's groups are read through and serve's
// public address, plus a page that shows a browser session's grants.
type site struct {
	ts  *platformtest.Platform
	svc *auth.Service
	st  *store.Store
}

func newSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	p := platformtest.New(t, platformtest.OnStore(st), platformtest.Configure(func(c *platform.Config) {
		c.SCIMToken, c.OIDCGroupMap, c.BaseURL = token, "Highways Officers=officer@highways", "https://guildhall.example"
	}))
	p.Web.Browser().Handle("GET "+pathGrants, web.RequireStaff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "grants="+auth.FormatGrants(web.PrincipalFrom(r.Context()).Grants))
	})))
	return &site{ts: p, svc: p.Auth, st: p.Store}
}

// each runs fn on a site over SQLite and over PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, s *site)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newSite(t, st)) })
}

// pathGrants shows the grants of the session a request carries: what a
// mover's next request is allowed.
const pathGrants = "/test/grants"

// call sends a SCIM request and decodes the JSON answer (nil for 204).
func (s *site) call(t *testing.T, method, path, body, bearer string) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.ts.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	if len(bytes.TrimSpace(b)) > 0 {
		if ct := res.Header.Get("Content-Type"); ct != "application/scim+json" {
			t.Errorf("%s %s: Content-Type %q", method, path, ct)
		}
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
	}
	return res.StatusCode, out, res.Header
}

// step is one request/response pair; {user}, {user2} and {group} are replaced
// by the ids the service gave.
type step struct {
	name, method, path, body string
	status                   int
	// want are JSON paths (a.b, list.0.c) and the values they must hold.
	want map[string]any
	// save names the id to remember from the response.
	save string
}

// The request and response pairs of Microsoft's "Develop a sample SCIM
// endpoint" tutorial (learn.microsoft.com/entra/identity/app-provisioning/
// use-scim-to-provision-users-and-groups), in its order.
var tutorial = []step{
	{name: "create user", method: "POST", path: "/scim/v2/Users", status: 201, save: "user", body: `{
		"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
		"externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
		"userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
		"active":true,
		"emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
		"meta":{"resourceType":"User"},
		"name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
		"roles":[]}`,
		want: map[string]any{"userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1", "active": true,
			"externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "emails.0.value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com",
			"name.familyName": "familyName", "meta.resourceType": "User", "schemas.0": "urn:ietf:params:scim:schemas:core:2.0:User"}},
	{name: "create duplicate userName (other case) is 409", method: "POST", path: "/scim/v2/Users", status: 409,
		body: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"TEST_USER_ab6490ee-1e48-479e-a20b-2d77186b5dd1","active":true}`,
		want: map[string]any{"scimType": "uniqueness", "status": "409", "schemas.0": "urn:ietf:params:scim:api:messages:2.0:Error"}},
	{name: "get user", method: "GET", path: "/scim/v2/Users/{user}", status: 200,
		want: map[string]any{"id": "{user}", "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1", "meta.location": "https://guildhall.example/scim/v2/Users/{user}"}},
	{name: "get unknown user is 404", method: "GET", path: "/scim/v2/Users/5171a35d82074e068ce2", status: 404,
		want: map[string]any{"status": "404", "schemas.0": "urn:ietf:params:scim:api:messages:2.0:Error"}},
	{name: "get user by query", method: "GET", path: "/scim/v2/Users?filter=" + url.QueryEscape(`userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"`), status: 200,
		want: map[string]any{"totalResults": 1.0, "itemsPerPage": 1.0, "startIndex": 1.0, "Resources.0.id": "{user}", "schemas.0": "urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
	{name: "get user by externalId", method: "GET", path: "/scim/v2/Users?filter=" + url.QueryEscape(`externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"`), status: 200,
		want: map[string]any{"totalResults": 1.0, "Resources.0.id": "{user}"}},
	{name: "get user by work email", method: "GET", path: "/scim/v2/Users?filter=" + url.QueryEscape(`emails[type eq "work"].value eq "test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"`), status: 200,
		want: map[string]any{"totalResults": 1.0, "Resources.0.id": "{user}"}},
	{name: "get user by query, zero results", method: "GET", path: "/scim/v2/Users?filter=" + url.QueryEscape(`userName eq "non-existent user"`), status: 200,
		want: map[string]any{"totalResults": 0.0, "itemsPerPage": 0.0, "Resources": []any{}}},
	{name: "unsupported filter is 400 invalidFilter", method: "GET", path: "/scim/v2/Users?filter=" + url.QueryEscape(`userName co "Test"`), status: 400,
		want: map[string]any{"scimType": "invalidFilter"}},
	{name: "update user, multi-valued properties", method: "PATCH", path: "/scim/v2/Users/{user}", status: 200, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[
			{"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},
			{"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}]}`,
		want: map[string]any{"emails.0.value": "updatedEmail@microsoft.com", "emails.0.type": "work", "name.familyName": "updatedFamilyName", "name.givenName": "givenName"}},
	{name: "update user, single-valued properties", method: "PATCH", path: "/scim/v2/Users/{user}", status: 200, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Replace","path":"userName","value":"5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]}`,
		want: map[string]any{"userName": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}},
	{name: "compliant dialect: path-less replace with an object", method: "PATCH", path: "/scim/v2/Users/{user}", status: 200, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"replace","value":{"displayName":"Ann Updated","name.givenName":"Ann",
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"E042"}}]}`,
		want: map[string]any{"displayName": "Ann Updated", "name.givenName": "Ann", "name.familyName": "updatedFamilyName",
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.employeeNumber": "E042"}},
	{name: "disable user (default dialect, string boolean)", method: "PATCH", path: "/scim/v2/Users/{user}", status: 200, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Replace","path":"active","value":"False"}]}`,
		want: map[string]any{"active": false}},
	{name: "disabled user is still returned", method: "GET", path: "/scim/v2/Users/{user}", status: 200, want: map[string]any{"active": false}},
	{name: "enable user (compliant dialect, JSON boolean)", method: "PATCH", path: "/scim/v2/Users/{user}", status: 200, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"replace","path":"active","value":true}]}`,
		want: map[string]any{"active": true}},
	{name: "create second user", method: "POST", path: "/scim/v2/Users", status: 201, save: "user2",
		body: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"second@testuser.com","active":true,"displayName":"Second"}`},
	{name: "replace user (PUT)", method: "PUT", path: "/scim/v2/Users/{user2}", status: 200,
		body: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"second@testuser.com","active":true,"displayName":"Second Replaced","title":"Officer"}`,
		want: map[string]any{"displayName": "Second Replaced", "title": "Officer"}},
	{name: "list users, paged", method: "GET", path: "/scim/v2/Users?startIndex=2&count=1", status: 200,
		want: map[string]any{"totalResults": 2.0, "itemsPerPage": 1.0, "startIndex": 2.0, "Resources.0.userName": "second@testuser.com"}},
	{name: "create group", method: "POST", path: "/scim/v2/Groups", status: 201, save: "group", body: `{
		"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
		"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"displayName","meta":{"resourceType":"Group"}}`,
		want: map[string]any{"displayName": "displayName", "members": []any{}, "meta.resourceType": "Group"}},
	{name: "create duplicate group is 409", method: "POST", path: "/scim/v2/Groups", status: 409,
		body: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"DISPLAYNAME"}`, want: map[string]any{"scimType": "uniqueness"}},
	{name: "get group", method: "GET", path: "/scim/v2/Groups/{group}?excludedAttributes=members", status: 200,
		want: map[string]any{"id": "{group}", "displayName": "displayName", "members": nil}},
	{name: "get group by displayName", method: "GET", path: "/scim/v2/Groups?excludedAttributes=members&filter=" + url.QueryEscape(`displayName eq "displayName"`), status: 200,
		want: map[string]any{"totalResults": 1.0, "Resources.0.id": "{group}", "Resources.0.members": nil}},
	{name: "update group, non-member attributes", method: "PATCH", path: "/scim/v2/Groups/{group}", status: 204, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Replace","path":"displayName","value":"Highways Officers"}]}`},
	{name: "update group, add members", method: "PATCH", path: "/scim/v2/Groups/{group}", status: 204, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"{user}"},{"$ref":null,"value":"{user2}"}]}]}`},
	{name: "group has both members", method: "GET", path: "/scim/v2/Groups/{group}", status: 200,
		want: map[string]any{"displayName": "Highways Officers", "members.0.value": "{sorted0}", "members.1.value": "{sorted1}"}},
	{name: "update group, remove members (default dialect)", method: "PATCH", path: "/scim/v2/Groups/{group}", status: 204, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"{user2}"}]}]}`},
	{name: "group has one member", method: "GET", path: "/scim/v2/Groups/{group}", status: 200,
		want: map[string]any{"members.0.value": "{user}", "members.1": nil}},
	{name: "update group, remove member (compliant dialect)", method: "PATCH", path: "/scim/v2/Groups/{group}", status: 204, body: `{
		"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"remove","path":"members[value eq \"{user}\"]"}]}`},
	{name: "group is empty", method: "GET", path: "/scim/v2/Groups/{group}", status: 200, want: map[string]any{"members": []any{}}},
	{name: "delete group", method: "DELETE", path: "/scim/v2/Groups/{group}", status: 204},
	{name: "deleted group is 404", method: "GET", path: "/scim/v2/Groups/{group}", status: 404},
	{name: "delete user", method: "DELETE", path: "/scim/v2/Users/{user2}", status: 204},
	{name: "deleted user is 404", method: "GET", path: "/scim/v2/Users/{user2}", status: 404},
	{name: "service provider config", method: "GET", path: "/scim/v2/ServiceProviderConfig", status: 200,
		want: map[string]any{"patch.supported": true, "filter.supported": true, "bulk.supported": false}},
	{name: "resource types", method: "GET", path: "/scim/v2/ResourceTypes", status: 200,
		want: map[string]any{"totalResults": 2.0, "Resources.0.id": "User", "Resources.1.endpoint": "/Groups"}},
	{name: "schemas", method: "GET", path: "/scim/v2/Schemas", status: 200,
		want: map[string]any{"totalResults": 3.0, "Resources.0.id": "urn:ietf:params:scim:schemas:core:2.0:User"}},
	{name: "malformed body is 400", method: "POST", path: "/scim/v2/Users", body: `{"userName":`, status: 400,
		want: map[string]any{"scimType": "invalidSyntax"}},
}

func TestMicrosoftTutorial(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		ids := map[string]string{}
		subst := func(v string) string {
			for k, id := range ids {
				v = strings.ReplaceAll(v, "{"+k+"}", id)
			}
			return v
		}
		for _, sc := range tutorial {
			if ids["user"] != "" && ids["user2"] != "" {
				a, b := ids["user"], ids["user2"]
				if b < a {
					a, b = b, a
				}
				ids["sorted0"], ids["sorted1"] = a, b
			}
			status, body, _ := s.call(t, sc.method, subst(sc.path), subst(sc.body), token)
			if status != sc.status {
				t.Errorf("%s: status %d, want %d: %v", sc.name, status, sc.status, body)
				continue
			}
			for path, want := range sc.want {
				if ws, ok := want.(string); ok {
					want = subst(ws)
				}
				if got := lookup(body, path); !equalJSON(got, want) {
					t.Errorf("%s: %s = %#v, want %#v", sc.name, path, got, want)
				}
			}
			if sc.save != "" {
				id, _ := body["id"].(string)
				if id == "" {
					t.Fatalf("%s: no id in %v", sc.name, body)
				}
				ids[sc.save] = id
			}
		}
	})
}

func TestBearerToken(t *testing.T) {
	s := newSite(t, storetest.OpenSQLite(t, store.Config{}))
	for _, bearer := range []string{"", "wrong", token + "x", strings.ToUpper(token)} {
		status, body, h := s.call(t, "GET", "/scim/v2/Users", "", bearer)
		if status != 401 || body["status"] != "401" || h.Get("WWW-Authenticate") == "" {
			t.Errorf("bearer %q: %d %v", bearer, status, body)
		}
	}
}

// A leaver disabled by PATCH active:false loses a live browser session at
// once, and a mover's group change applies to the next request.
func TestLeaverAndMover(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		_, u, _ := s.call(t, "POST", "/scim/v2/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"leaver@council.gov.uk","active":true}`, token)
		id := u["id"].(string)
		_, g, _ := s.call(t, "POST", "/scim/v2/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Highways Officers"}`, token)
		cookie := signedInCookie(t, s, id)
		browse := func() (int, string) {
			req, _ := http.NewRequest("GET", s.ts.URL+pathGrants, nil)
			req.AddCookie(cookie)
			res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		if status, body := browse(); status != 200 || body != "grants=" {
			t.Fatalf("before: %d %q", status, body)
		}
		s.call(t, "PATCH", "/scim/v2/Groups/"+g["id"].(string), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"`+id+`"}]}]}`, token)
		if status, body := browse(); status != 200 || body != "grants=officer@highways" {
			t.Fatalf("after joining the group: %d %q", status, body)
		}
		status, _, _ := s.call(t, "PATCH", "/scim/v2/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}`, token)
		if status != 200 {
			t.Fatalf("disable: %d", status)
		}
		if status, body := browse(); status != http.StatusSeeOther {
			t.Errorf("the leaver's session still works: %d %q", status, body)
		}
		if _, _, err := s.svc.SignIn(ctx, "leaver@council.gov.uk", "Leaver-password-123", "192.0.2.1", ""); err == nil {
			t.Error("the leaver can sign in again")
		}
	})
}

// signedInCookie gives a SCIM-provisioned account a password and TOTP and
// returns a complete session's cookie.
func signedInCookie(t *testing.T, s *site, id string) *http.Cookie {
	t.Helper()
	ctx := context.Background()
	u, err := s.st.UserByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("Leaver-password-123")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.UpdatePassword(ctx, id, hash); err != nil { // UpdateUser never writes credentials
		t.Fatal(err)
	}
	tok, next, err := s.svc.SignIn(ctx, u.Email, "Leaver-password-123", "192.0.2.1", "")
	if err != nil || next != auth.StepEnrolTOTP {
		t.Fatalf("SignIn: %v %v", next, err)
	}
	en, _ := s.svc.BeginTOTP(ctx, tok)
	code := s.ts.TOTPCode(en.Key)
	full, err := s.svc.ConfirmTOTP(ctx, tok, en.Sealed, code, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: "guildhall_session", Value: full}
}

// lookup follows a dotted path (list indexes as numbers) through decoded JSON.
// Keys may contain dots when they are schema URNs: the longest key that
// prefixes the rest of the path wins.
func lookup(v any, path string) any {
	for path != "" {
		switch x := v.(type) {
		case map[string]any:
			found := false
			for k, kv := range x {
				if path == k || strings.HasPrefix(path, k+".") {
					v, path, found = kv, strings.TrimPrefix(strings.TrimPrefix(path, k), "."), true
					break
				}
			}
			if !found {
				return nil
			}
		case []any:
			head, rest, _ := strings.Cut(path, ".")
			i := 0
			for _, c := range head {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v, path = x[i], rest
		default:
			return nil
		}
	}
	return v
}

func equalJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}
