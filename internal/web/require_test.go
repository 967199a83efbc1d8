package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", PathHome},
		{"/workspace/cases/GH-123?tab=notes", "/workspace/cases/GH-123?tab=notes"},
		{"/admin/people", "/admin/people"},
		{"https://evil.example/", PathHome},
		{"//evil.example/path", PathHome},
		{"/\\evil.example", PathHome},
		{"\\\\evil.example", PathHome},
		{"/%2F%2Fevil.example", PathHome}, // decodes to //evil.example: refused
		{"javascript:alert(1)", PathHome},
		{"evil.example", PathHome},
		{"/ok\r\nLocation: https://evil.example", PathHome},
		{"/\tevil", PathHome},
		{"/sign-in?next=/x", PathHome},
		{"/sign-out", PathHome},
		{"http:/evil.example", PathHome},
	}
	for _, tt := range tests {
		if got := SafeNext(tt.in); got != tt.want {
			t.Errorf("SafeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRequireHelpers(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	staff := access.Principal{Kind: access.KindStaff, UserID: "u1", MFA: true}
	noMFA := access.Principal{Kind: access.KindStaff, UserID: "u1"}
	admin := access.Principal{Kind: access.KindStaff, UserID: "u2", MFA: true, Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
	tests := []struct {
		name     string
		mw       func(http.Handler) http.Handler
		who      *access.Principal
		method   string
		status   int
		location string
	}{
		{"staff page, anonymous", RequireStaff, nil, "GET", http.StatusSeeOther, "/sign-in?next=%2Fworkspace%2Fqueue%3Fteam%3Da"},
		{"staff page, staff", RequireStaff, &staff, "GET", http.StatusTeapot, ""},
		{"staff post, anonymous", RequireStaff, nil, "POST", http.StatusUnauthorized, ""},
		{"mfa page, no mfa", RequireMFA, &noMFA, "GET", http.StatusSeeOther, "/sign-in?next=%2Fworkspace%2Fqueue%3Fteam%3Da"},
		{"mfa page, mfa", RequireMFA, &staff, "GET", http.StatusTeapot, ""},
		{"admin page, staff", RequireAdmin, &staff, "GET", http.StatusForbidden, ""},
		{"admin page, admin", RequireAdmin, &admin, "GET", http.StatusTeapot, ""},
		{"admin page, anonymous", RequireAdmin, nil, "GET", http.StatusSeeOther, "/sign-in?next=%2Fworkspace%2Fqueue%3Fteam%3Da"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, "/workspace/queue?team=a", nil)
		if tt.who != nil {
			r = r.WithContext(WithPrincipal(r.Context(), *tt.who))
		}
		w := httptest.NewRecorder()
		tt.mw(ok).ServeHTTP(w, r)
		if w.Code != tt.status || w.Header().Get("Location") != tt.location {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, w.Code, w.Header().Get("Location"), tt.status, tt.location)
		}
	}
}
