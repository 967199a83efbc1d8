package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/web/api"
)

// TestTokenScopeOnSubmit: a read-only token, and a token scoped to other
// services, may not create a case on any public service (a subject access
// request included); each gets 403 problem JSON and no case is made. A
// read-write token scoped to the service may.
func TestTokenScopeOnSubmit(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		readOnly := f.token("reader", false, nil, highwaysOfficer)
		readOnlyScoped := f.token("scoped reader", false, []string{"report-a-pothole"}, highwaysOfficer)
		otherService := f.token("fly-tipping writer", true, []string{"report-fly-tipping"}, highwaysOfficer)
		scoped := f.token("pothole writer", true, []string{"report-a-pothole"}, highwaysOfficer)
		for _, tt := range []struct {
			name, token, body, detail string
		}{
			{"read-only, pothole", readOnly, pothole("1 Read Only Road"), "read-only"},
			{"read-only scoped to the service", readOnlyScoped, pothole("2 Read Only Road"), "read-only"},
			{"read-only, subject access request", readOnly, sar(), "read-only"},
			{"scoped to another service, pothole", otherService, pothole("3 Scope Street"), "not scoped"},
			{"scoped to another service, subject access request", otherService, sar(), "not scoped"},
			{"scoped to pothole, subject access request", scoped, sar(), "not scoped"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := f.do("POST", "/api/v1/cases", tt.token, jsonCT, tt.body)
				if res.Status != 403 || res.Header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("status %d %q, want 403 problem+json: %s", res.Status, res.Header.Get("Content-Type"), res.Body)
				}
				var p struct {
					Status int    `json:"status"`
					Detail string `json:"detail"`
				}
				res.json(t, &p)
				if p.Status != 403 || !strings.Contains(p.Detail, tt.detail) {
					t.Errorf("problem %+v, want status 403 and detail mentioning %q", p, tt.detail)
				}
			})
		}
		page, err := f.Cases.Find(context.Background(), access.System, cases.Filter{})
		if err != nil || len(page.Cases) != 0 {
			t.Fatalf("refused submissions made %d cases (%v), want none", len(page.Cases), err)
		}
		if res := f.do("POST", "/api/v1/cases", scoped, jsonCT, pothole("4 Allowed Avenue")); res.Status != 201 {
			t.Errorf("a write token scoped to the service: %d %s, want 201", res.Status, res.Body)
		}
	})
}

// sar is a complete subject access request for the API.
func sar() string {
	return `{"service_id":"subject-access-request","answers":{
		"for_someone_else":{"text":"no"},"full_name":{"text":"Sam Applicant"},
		"date_of_birth":{"text":"1980-04-01"},
		"address":{"address":{"line1":"1 High Street","town":"Guildhall","postcode":"GH1 1AA"}},
		"email":{"text":"sam@example.org"}}}`
}

// TestEveryWriteRouteRefusesReadOnlyTokens: each route that is not a read
// answers a read-only token 403 before doing anything, whatever the case.
func TestEveryWriteRouteRefusesReadOnlyTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ro := f.token("reader", false, nil, highwaysOfficer)
	for _, pattern := range api.RoutePatterns() {
		method, path, _ := strings.Cut(pattern, " ")
		if method == "GET" || method == "HEAD" {
			continue
		}
		path = strings.ReplaceAll(path, "{ref}", "ZZZZ-ZZZZ")
		if res := f.do(method, path, ro, jsonCT, `{}`); res.Status != 403 || !strings.Contains(string(res.Body), "read-only") {
			t.Errorf("%s with a read-only token: %d %s, want 403 read-only", pattern, res.Status, res.Body)
		}
	}
}

// TestPaidServiceNeedsItsPayment: a service that takes a fee is paid for on
// the council's website, so no API client, however trusted its token, can
// make a case for it with a complete, valid application: that would be a
// parking permit for nothing. The answer is 403 problem JSON and no case.
func TestPaidServiceNeedsItsPayment(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		tok := f.token("parking writer", true, nil, access.Grant{Role: "officer", Team: "parking-services"})
		permit := `{"service_id":"resident-parking-permit","answers":{
			"address":{"address":{"line1":"1 High Street","town":"Guildhall","postcode":"GH1 1AA"}},
			"vehicles":{"items":[{"registration":{"text":"AB12 CDE"},"make":{"text":"Ford Focus"},"keeper":{"text":"yes"}}]},
			"full_name":{"text":"Pat Driver"},"email":{"text":"pat@example.org"}}}`
		res := f.do("POST", "/api/v1/cases", tok, jsonCT, permit)
		var p struct {
			Status int    `json:"status"`
			Detail string `json:"detail"`
		}
		res.json(t, &p)
		want := "Apply for a resident parking permit takes a fee, which is paid on the council's website: apply there"
		if res.Status != 403 || p.Detail != want {
			t.Fatalf("paid service through the API: %d %+v, want 403 %q", res.Status, p, want)
		}
		page, err := f.Cases.Find(context.Background(), access.System, cases.Filter{})
		if err != nil || len(page.Cases) != 0 {
			t.Fatalf("refused submission made %d cases (%v), want none", len(page.Cases), err)
		}
	})
}
