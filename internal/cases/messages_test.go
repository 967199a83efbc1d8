package cases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// deliver runs the platform's outbox once, as serve's worker does, and
// returns what the local GOV.UK Notify server accepted in that run.
func deliver(t *testing.T, p *platformtest.Platform, n *notifytest.Server) []notifytest.Notification {
	t.Helper()
	before := len(n.Notifications())
	if _, err := p.Worker.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return n.Notifications()[before:]
}

// TestNoteReachesTheResident: a note marked "sent to the resident" goes
// through the outbox to GOV.UK Notify the way the resident chose when they
// reported (email or text message), in the service's own note template; an
// internal note sends nothing.
func TestNoteReachesTheResident(t *testing.T) {
	bins := access.Principal{Kind: access.KindStaff, UserID: "u-waste", Name: "Wendy Waste", Teams: []string{"waste-services"},
		Grants: []access.Grant{{Role: "officer", Team: "waste-services"}}, MFA: true}
	answers := func(contactBy, email, phone string) service.Answers {
		a := service.Answers{
			"address":         {Address: &service.Address{Line1: "14 Station Road", Town: "Westbury", Postcode: "BA13 3JD"}},
			"bin_type":        {Text: "general"},
			"collection_date": {Text: "2026-11-19"},
			"put_out":         {Text: "yes"},
			"full_name":       {Text: "Amira Khan"},
			"contact_by":      {Text: contactBy},
		}
		if email != "" {
			a["email"] = service.Answer{Text: email}
		}
		if phone != "" {
			a["phone"] = service.Answer{Text: phone}
		}
		return a
	}
	tests := []struct {
		name, contactBy  string
		email, phone     string
		wantType, wantTo string
		wantSubject      string
		wantBody         string
	}{
		{"email", "email", "amira.khan@example.com", "", "email", "amira.khan@example.com",
			"An update on your missed bin report %s",
			"The crew will come back on Saturday morning.\n\nYour reference is %s.\n"},
		{"text message", "sms", "", "07700 900123", "sms", "07700 900123", "",
			"An update on your missed bin report %s:\n\nThe crew will come back on Saturday morning."},
	}
	nf := notifytest.NewServer(t)
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				svc := p.Cases
				c, err := svc.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "missed-bin-collection", Answers: answers(tt.contactBy, tt.email, tt.phone)})
				if err != nil {
					t.Fatal(err)
				}
				deliver(t, p, nf) // the acknowledgement
				if _, err := svc.AddNote(ctx, bins, c.Ref, "Internal: crew short-staffed on Friday.", cases.Internal); err != nil {
					t.Fatal(err)
				}
				if got := deliver(t, p, nf); len(got) != 0 {
					t.Fatalf("an internal note sent %d messages: %+v", len(got), got)
				}
				if _, err := svc.AddNote(ctx, bins, c.Ref, "  The crew will come back on Saturday morning.  ", cases.Resident); err != nil {
					t.Fatal(err)
				}
				got := deliver(t, p, nf)
				if len(got) != 1 {
					t.Fatalf("a note to the resident sent %d messages, want 1: %+v", len(got), got)
				}
				n := got[0]
				to := n.EmailAddress
				if n.Type == "sms" {
					to = n.PhoneNumber
				}
				subject := ""
				if tt.wantSubject != "" {
					subject = fmt.Sprintf(tt.wantSubject, c.Ref)
				}
				if n.Type != tt.wantType || to != tt.wantTo || n.Subject != subject || n.Body != fmt.Sprintf(tt.wantBody, c.Ref) {
					t.Errorf("received %s to %s\nsubject %q\nbody %q\nwant %s to %s\nsubject %q\nbody %q",
						n.Type, to, n.Subject, n.Body, tt.wantType, tt.wantTo, subject, fmt.Sprintf(tt.wantBody, c.Ref))
				}
			})
		}
	}, platformtest.BundledServices("missed-bin-collection"), platformtest.Notify(nf),
		platformtest.At(time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)))
}
