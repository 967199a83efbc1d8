package cases_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
)

var (
	cllrJones  = access.Principal{Kind: access.KindCouncillor, UserID: "u-jones", Name: "Cllr Jones", Email: "cllr.jones@westbury.gov.uk", MFA: true, Ward: "Abbey", Party: "Labour"}
	cllrPatel  = access.Principal{Kind: access.KindCouncillor, UserID: "u-patel", Name: "Cllr Patel", MFA: true, Ward: "abbey", Party: "Labour"}
	cllrGreen  = access.Principal{Kind: access.KindCouncillor, UserID: "u-green", Name: "Cllr Green", MFA: true, Ward: "Abbey", Party: "Green"}
	cllrCastle = access.Principal{Kind: access.KindCouncillor, UserID: "u-smith", Name: "Cllr Smith", MFA: true, Ward: "Castle", Party: "Labour"}
	membersSvc = access.Principal{Kind: access.KindStaff, UserID: "u-ms", Name: "Mo Members", MFA: true, Teams: []string{"members-services"},
		Grants: []access.Grant{{Role: "members_services", Team: "members-services"}}}
	housingOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-ho", Name: "Hana Housing", MFA: true, Teams: []string{"housing"},
		Grants: []access.Grant{{Role: "officer", Team: "housing"}}}
)

func enquiryAnswers(share string) service.Answers {
	return service.Answers{
		"resident_name":    {Text: "Amira Khan"},
		"resident_address": {Address: &service.Address{Line1: "3 Mill Lane", Town: "Westbury", Postcode: "BA13 3JD"}},
		"resident_email":   {Text: "amira.khan@example.com"},
		"consent":          {Text: "yes"},
		"ward":             {Text: "abbey"},
		"service_area":     {Text: "housing"},
		"details":          {Text: "Damp in the bedroom since September."},
		"urgent":           {Text: "no"},
		"share_with":       {Text: share},
	}
}

// notified lists (recipient, body) of the notify messages queued for ref.
func notified(t *testing.T, s *store.Store, ref string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range pending(t, s, ref) {
		if m.Topic == "notify" {
			n := decodeNotify(t, m.Payload)
			out[n.To] = n.Body
		}
	}
	return out
}

// TestMemberEnquiry plays an enquiry from a councillor to a service and
// back: who receives each message, where the case goes, and who may read it.
func TestMemberEnquiry(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		ctx := context.Background()
		s, svc := p.Store, p.Cases
		// The councillor's account holds the address they are told at; an
		// administrator has made the teams an enquiry may be sent to.
		if err := s.CreateUser(ctx, auth.User{ID: cllrJones.UserID, Name: cllrJones.Name, Email: cllrJones.Email, Kind: cllrJones.Kind, Active: true}); err != nil {
			t.Fatal(err)
		}
		for _, tm := range []access.Team{{ID: "members-services", Name: "Members' Services"}, {ID: "housing", Name: "Housing"}} {
			if err := p.Auth.PutTeam(ctx, platformtest.Admin, tm); err != nil {
				t.Fatal(err)
			}
		}

		c, err := svc.Submit(ctx, cllrJones, cases.Submission{ServiceID: "member-enquiry", Answers: enquiryAnswers("ward"), Channel: cases.ChannelStaff})
		if err != nil {
			t.Fatal(err)
		}
		got := notified(t, s, c.Ref)
		if _, ok := got["amira.khan@example.com"]; ok {
			t.Errorf("the resident received the councillor's acknowledgement")
		}
		if _, ok := got["cllr.jones@westbury.gov.uk"]; !ok || len(got) != 2 {
			t.Errorf("acknowledgement went to %v, want the councillor and Members' Services", keys(got))
		}
		if c.Sharing != (access.Sharing{With: "ward", Ward: "Abbey", Party: "Labour"}) {
			t.Errorf("sharing recorded as %+v", c.Sharing)
		}

		// Who may read it, on every read path the case service has.
		for _, tt := range []struct {
			p    access.Principal
			name string
			want bool
		}{{cllrJones, "raiser", true}, {cllrPatel, "ward colleague", true}, {cllrGreen, "ward colleague of another party", true},
			{cllrCastle, "other ward", false}, {housingOfficer, "housing before it is sent there", false}} {
			_, err := svc.Get(ctx, tt.p, c.Ref)
			page, ferr := svc.Find(ctx, tt.p, cases.Filter{})
			if ferr != nil {
				t.Fatal(ferr)
			}
			found := slices.ContainsFunc(page.Cases, func(x cases.Case) bool { return x.Ref == c.Ref })
			if (err == nil) != tt.want || found != tt.want {
				t.Errorf("%s: get err %v, found %v; want readable %v", tt.name, err, found, tt.want)
			}
		}

		// Send to the service: only a real team, and the case moves there.
		_, err = svc.Transition(ctx, membersSvc, c.Ref, "assign_to_service", service.Answers{"service_team": {Text: "housing-typo"}}, 0)
		var ve *service.ValidationError
		if !errors.As(err, &ve) || ve.Errors.Get("service_team") != "Select a team from the list" {
			t.Fatalf("unknown team: %v", err)
		}
		c, err = svc.Transition(ctx, membersSvc, c.Ref, "assign_to_service", service.Answers{"service_team": {Text: "housing"}}, 0)
		if err != nil || c.Team != "housing" {
			t.Fatalf("send to housing: team %q, %v", c.Team, err)
		}
		if page, _ := svc.Find(ctx, housingOfficer, cases.Filter{Teams: []string{"housing"}}); len(page.Cases) != 1 {
			t.Errorf("housing's queue holds %d cases, want the enquiry", len(page.Cases))
		}
		if page, _ := svc.Find(ctx, membersSvc, cases.Filter{}); len(page.Cases) != 1 {
			t.Errorf("Members' Services find %d cases, want the enquiry they sent on", len(page.Cases))
		}
		c, err = svc.Transition(ctx, housingOfficer, c.Ref, "draft_response", service.Answers{"draft": {Text: "A contractor will treat the wall."}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, housingOfficer, c.Ref, "send_response", service.Answers{"response": {Text: "x"}}, 0); !errors.Is(err, fault.Forbidden) {
			t.Errorf("housing sent the response themselves: %v", err)
		}
		pending(t, s, c.Ref) // what came before (pending claims what it returns)
		if _, err := svc.Transition(ctx, membersSvc, c.Ref, "send_response", service.Answers{"response": {Text: "A contractor will treat the wall by Friday 18 December."}}, 0); err != nil {
			t.Fatal(err)
		}
		var to, body string
		for _, m := range pending(t, s, c.Ref) {
			if m.Topic == "notify" {
				n := decodeNotify(t, m.Payload)
				to, body = n.To, n.Body
			}
		}
		want := "OFFICIAL-SENSITIVE\n\nThis is the response to your enquiry " + c.Ref + " for Amira Khan.\n\nA contractor will treat the wall by Friday 18 December.\n"
		if to != "cllr.jones@westbury.gov.uk" || body != want {
			t.Errorf("response sent to %q:\n%q\nwant to the councillor:\n%q", to, body, want)
		}
	}, platformtest.BundledServices("member-enquiry"), platformtest.Configure(func(c *platform.Config) { c.TeamMailbox = "{team}@westbury.gov.uk" }))
}

// TestEnquirySharingNeedsTheRecord: a councillor whose ward (or party) is
// not recorded cannot share with it, and is told why.
func TestEnquirySharingNeedsTheRecord(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		svc := p.Cases
		noWard := cllrJones
		noWard.Ward = ""
		noParty := cllrJones
		noParty.Party = ""
		for _, tt := range []struct {
			p      access.Principal
			share  string
			refuse bool
		}{{noWard, "ward", true}, {noWard, "party", true}, {noParty, "party", true}, {noParty, "ward", false}, {noWard, "nobody", false}} {
			_, err := svc.Submit(context.Background(), tt.p, cases.Submission{ServiceID: "member-enquiry", Answers: enquiryAnswers(tt.share)})
			var ve *service.ValidationError
			refused := errors.As(err, &ve) && ve.Errors.Get("share_with") != ""
			if refused != tt.refuse || (!tt.refuse && err != nil) {
				t.Errorf("ward %q party %q sharing with %s: %v", tt.p.Ward, tt.p.Party, tt.share, err)
			}
		}
	}, platformtest.BundledServices("member-enquiry"))
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

type notifyPayload struct{ To, Subject, Body string }

func decodeNotify(t *testing.T, b []byte) notifyPayload {
	t.Helper()
	var n notifyPayload
	if err := json.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
