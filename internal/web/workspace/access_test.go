package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// accessFixture is one case of each kind the policy tells apart.
type accessFixture struct {
	official, sensitive, otherTeam, ownEnquiry, otherEnquiry cases.Case
}

func newAccessFixture(e *env) accessFixture {
	file := func(name string) service.Answers {
		body := []byte("bytes of " + name)
		key, err := e.Blobs.PutBytes(context.Background(), body)
		if err != nil {
			e.T.Fatal(err)
		}
		return service.Answers{"details": {Text: "Deep hole by the oak"}, "photo": {File: &service.FileRef{Key: key, Name: name + ".jpg", ContentType: "image/jpeg", Size: int64(len(body))}}}
	}
	return accessFixture{
		official:     e.Submit(access.Anonymous, "pothole", file("k-official"), cases.ChannelWeb),
		sensitive:    e.Submit(access.Anonymous, "safeguarding", file("k-sensitive"), cases.ChannelWeb),
		otherTeam:    e.Submit(access.Anonymous, "repair", file("k-other"), cases.ChannelWeb),
		ownEnquiry:   e.Submit(cllrOwn, "member-enquiry", file("k-own"), cases.ChannelStaff),
		otherEnquiry: e.Submit(cllrOther, "member-enquiry", file("k-otherc"), cases.ChannelStaff),
	}
}

// TestNoPathShowsARefusedCase is the principals × paths table: every
// workspace path that can show a case gives 404 (never 403) to a principal the
// policy refuses, and the case's reference appears in no body they receive.
func TestNoPathShowsARefusedCase(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		fx := newAccessFixture(e)
		all := map[string]cases.Case{"official": fx.official, "sensitive": fx.sensitive, "other team": fx.otherTeam,
			"own enquiry": fx.ownEnquiry, "other enquiry": fx.otherEnquiry}
		principals := []struct {
			name    string
			p       access.Principal
			visible []string
		}{
			{"officer team A", officerA, []string{"official", "sensitive"}},
			{"officer team B", officerB, []string{"other team"}},
			{"auditor", auditor, []string{"official", "other team", "own enquiry", "other enquiry"}},
			{"councillor own", cllrOwn, []string{"own enquiry"}},
			{"councillor other", cllrOther, []string{"other enquiry"}},
			{"no MFA", noMFA, []string{"official"}},
		}
		for _, pr := range principals {
			t.Run(pr.name, func(t *testing.T) {
				c := atDesk(e, pr.p)
				for name, cs := range all {
					if contains(pr.visible, name) {
						webtest.Run(t, c, visibleScenarios(name, cs))
						continue
					}
					webtest.Run(t, c, refusedScenarios(name, cs, pr.p))
				}
			})
		}
	})
}

// refusedScenarios: every path that names the case is 404 without the
// reference; every list is 200 without it.
func refusedScenarios(name string, c cases.Case, p access.Principal) []webtest.Scenario {
	ref, base := c.Ref, "/workspace/cases/"+c.Ref
	not := []string{ref, strings.ReplaceAll(ref, "-", "")}
	notFound := func(label, method, u string, form url.Values) webtest.Scenario {
		return webtest.Scenario{Name: name + ": " + label, Method: method, URL: u, Form: form, Status: http.StatusNotFound, NotContains: not}
	}
	key := c.Answers["photo"].File.Key
	sc := []webtest.Scenario{
		notFound("case page", "GET", base, nil),
		notFound("case page, lower case ref", "GET", "/workspace/cases/"+strings.ToLower(ref), nil),
		notFound("transition form", "GET", base+"/transitions/investigate", nil),
		notFound("attachment", "GET", base+"/attachments/"+key, nil),
		notFound("assign", "POST", base+"/assign", url.Values{"assignee": {p.UserID}, "version": {"1"}}),
		notFound("take by the transition", "POST", base+"/transitions/investigate", url.Values{"version": {"1"}}),
		notFound("note", "POST", base+"/notes", url.Values{"note": {"hello"}}),
		{Name: name + ": queue", URL: "/workspace/queue", Status: http.StatusOK, NotContains: not},
		// The search box shows what was typed, so here the reference may appear
		// once, in the box, but never as a result.
		{Name: name + ": search by reference", URL: "/workspace/queue?q=" + url.QueryEscape(ref), Status: http.StatusOK,
			Contains: []string{"No cases match"}, NotContains: []string{"/workspace/cases/" + ref, ">" + ref + "<"}},
		{Name: name + ": search by words", URL: "/workspace/queue?q=oak", Status: http.StatusOK, NotContains: not},
		{Name: name + ": queue of its service", URL: "/workspace/queue?service=" + c.ServiceID, Status: http.StatusOK, NotContains: not},
	}
	if p.Kind == access.KindCouncillor {
		sc = append(sc, webtest.Scenario{Name: name + ": my enquiries", URL: "/workspace/enquiries", Status: http.StatusOK, NotContains: not})
	}
	if p.HasRole(access.RoleAuditor, "*") {
		sc = append(sc,
			webtest.Scenario{Name: name + ": audit search", URL: "/workspace/audit", Status: http.StatusOK, NotContains: not},
			webtest.Scenario{Name: name + ": audit search by subject", URL: "/workspace/audit?subject=" + ref, Status: http.StatusOK,
				Contains: []string{"No entries match"}, NotContains: []string{">" + ref + "<"}},
			webtest.Scenario{Name: name + ": audit export CSV", URL: "/workspace/audit/export?format=csv", Status: http.StatusOK, NotContains: not},
			webtest.Scenario{Name: name + ": audit export JSON lines", URL: "/workspace/audit/export?format=jsonl&subject=" + ref, Status: http.StatusOK, NotContains: not})
	} else {
		sc = append(sc,
			notFound("audit search", "GET", "/workspace/audit?subject="+ref, nil),
			notFound("audit export", "GET", "/workspace/audit/export?format=csv&subject="+ref, nil))
	}
	return sc
}

// visibleScenarios check the other side: the same paths do show the case to
// those allowed, so the refusals above are the policy and not a broken page.
func visibleScenarios(name string, c cases.Case) []webtest.Scenario {
	base := "/workspace/cases/" + c.Ref
	key := c.Answers["photo"].File.Key
	return []webtest.Scenario{
		{Name: name + ": case page", URL: base, Status: http.StatusOK, Contains: []string{"Case " + c.Ref}},
		{Name: name + ": attachment", URL: base + "/attachments/" + key, Status: http.StatusOK, Contains: []string{"bytes of k-"},
			Header: map[string]string{"X-Classification": string(c.Classification), "Content-Disposition": "attachment"}},
		{Name: name + ": search by reference", URL: "/workspace/queue?q=" + url.QueryEscape(c.Ref), Status: http.StatusOK, Contains: []string{c.Ref}},
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSharedEnquiryPages: on the workspace pages, a councillor of the same
// ward reads an enquiry shared with the ward (never one shared with nobody),
// a councillor of another ward sees neither, and a reader cannot act.
func TestSharedEnquiryPages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		jones := access.Principal{Kind: access.KindCouncillor, UserID: "cllr-jones", Name: "Cllr Jones", MFA: true, Ward: "Abbey", Party: "Labour"}
		patel := access.Principal{Kind: access.KindCouncillor, UserID: "cllr-patel", Name: "Cllr Patel", MFA: true, Ward: "Abbey", Party: "Green"}
		smith := access.Principal{Kind: access.KindCouncillor, UserID: "cllr-smith", Name: "Cllr Smith", MFA: true, Ward: "Castle", Party: "Labour"}
		answers := func(share, details string) service.Answers {
			return service.Answers{
				"resident_name": {Text: "Amira Khan"}, "consent": {Text: "yes"}, "ward": {Text: "abbey"},
				"resident_address": {Address: &service.Address{Line1: "3 Mill Lane", Town: "Westbury", Postcode: "BA13 3JD"}},
				"service_area":     {Text: "housing"}, "details": {Text: details}, "urgent": {Text: "no"}, "share_with": {Text: share},
			}
		}
		shared := e.Submit(jones, "member-enquiry", answers("ward", "Damp at 3 Mill Lane"), cases.ChannelStaff)
		private := e.Submit(jones, "member-enquiry", answers("nobody", "Rent arrears at 5 Mill Lane"), cases.ChannelStaff)
		webtest.Run(t, e.Client(patel), []webtest.Scenario{
			{Name: "shared enquiry listed", URL: "/workspace/enquiries", Status: 200, Contains: []string{shared.Ref}, NotContains: []string{private.Ref}},
			{Name: "shared enquiry readable", URL: "/workspace/cases/" + shared.Ref, Status: 200, Contains: []string{"Damp at 3 Mill Lane"},
				NotContains: []string{"Add a note", "Send to the service"}},
			{Name: "private enquiry is not found", URL: "/workspace/cases/" + private.Ref, Status: 404, NotContains: []string{"Rent arrears"}},
		})
		webtest.Run(t, e.Client(smith), []webtest.Scenario{
			{Name: "other ward lists neither", URL: "/workspace/enquiries", Status: 200, NotContains: []string{shared.Ref, private.Ref}},
			{Name: "other ward cannot open it", URL: "/workspace/cases/" + shared.Ref, Status: 404, NotContains: []string{"Damp"}},
		})
	}, platformtest.Bundled())
}
