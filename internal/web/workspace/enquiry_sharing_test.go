package workspace_test

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

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
