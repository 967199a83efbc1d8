package records

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// AuditRestrictionLifted: a restriction of processing ended.
const AuditRestrictionLifted = "rights.restrict.lift"

// restrictionPrefix starts the reason of every hold a restriction places.
const restrictionPrefix = "Restriction of processing, request "

// restrictionReason is the reason of the person hold request ref's
// restriction places: it names the request, so lifting finds its hold.
func restrictionReason(ref string) string {
	return restrictionPrefix + ref + " (UK GDPR Art. 18)"
}

// Restrict restricts processing of request ref's person (UK GDPR Art. 18):
// every people record of theirs is marked, which the access policy reads
// (access.Decide with Resource.Restricted: the single view shows them only
// to information governance, linkage leaves them alone, open data and
// statistics leave their cases out), and a person hold stops their
// disposal and erasure. Errors: fault.Forbidden, fault.NotFound,
// fault.Conflict.
func (s *Service) Restrict(ctx context.Context, p access.Principal, ref string) error {
	if err := mayGovern(p); err != nil {
		return err
	}
	r, err := s.Store.RightsRequest(ctx, ref)
	if err != nil {
		return err
	}
	links, err := s.Store.PersonLinks(ctx, r.RecordKeys)
	if err != nil {
		return err
	}
	if len(links.Records) == 0 {
		return fault.New(fault.Conflict, "Choose the person the request is about first")
	}
	// A restricted person's data may be stored but not otherwise used
	// (Art. 18(2)); destroying it is a use, and a restriction is often
	// asked for to keep data for a claim (Art. 18(1)(c)). So restriction
	// places a person hold too, listed with the others; only lifting the
	// restriction releases it.
	now := s.now()
	h := Hold{HoldTarget: HoldTarget{HoldPerson, links.Records[0]}, Reason: restrictionReason(ref), CreatedBy: p.UserID, CreatedAt: now}
	e := audit.Entry{At: now, Actor: p.UserID, Action: AuditRestricted, Subject: "case:" + ref,
		Detail: audit.Detail(map[string]any{"records": slices.Clone(links.Records)})}
	return s.Store.Restrict(ctx, ref, links.Records, h, e)
}

// Lift is lifting a restriction: the request that placed it, and why.
type Lift struct {
	Request string
	// Hold is the reason of the hold to release (restrictionReason).
	Hold   string
	Audit  audit.Entry
	Notice jobs.Message
}

// LiftRestriction ends the restriction request ref placed, for the reason
// given: in one transaction its marks go, its hold is released, the
// person's records wait to be linked again, it is audited, and the person
// is told (Art. 18(3)) where the request said to write to them. Only
// information governance may. Errors: fault.Forbidden, fault.Invalid (no
// reason, or no address to tell the person at), fault.NotFound (no
// restriction under ref).
func (s *Service) LiftRestriction(ctx context.Context, p access.Principal, ref, reason string) error {
	if err := mayGovern(p); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fault.New(fault.Invalid, "Say why the restriction is lifted: the person is told")
	}
	who, err := s.Store.Requester(ctx, ref)
	if err != nil {
		return err
	}
	notice, err := liftNotice(who, ref, reason, s.now())
	if err != nil {
		return err
	}
	e := audit.Entry{At: s.now(), Actor: p.UserID, Action: AuditRestrictionLifted, Subject: "case:" + ref,
		Detail: audit.Detail(map[string]any{"reason": reason, "told": notice.ID})}
	return s.Store.LiftRestriction(ctx, Lift{Request: ref, Hold: restrictionReason(ref), Audit: e, Notice: notice})
}

// liftNotice is the message telling the person a restriction is lifted, a
// "notify" outbox message on the channel they chose.
func liftNotice(who service.Applicant, ref, reason string, now time.Time) (jobs.Message, error) {
	channel, to := who.Contact()
	if to == "" {
		return jobs.Message{}, fault.New(fault.Invalid, "Request %s gives no email address or phone number to tell the person at", ref)
	}
	body := fmt.Sprintf("We restricted how we use your personal information after your request %s.\n\n"+
		"We are lifting that restriction because: %s\n\n"+
		"From now on we may use your information again for the purposes we told you about. "+
		"If you think we are wrong, reply to this message, or complain to the Information Commissioner's Office: https://ico.org.uk/make-a-complaint/", ref, reason)
	msg := map[string]string{"channel": channel, "to": to, "body": body}
	if channel == service.ContactEmail {
		msg["subject"] = "We are lifting the restriction on using your personal information " + ref
	} else {
		msg["body"] = fmt.Sprintf("We are lifting the restriction on using your personal information (request %s) because: %s", ref, reason)
	}
	m := jobs.Message{ID: jobs.NewID(), Topic: jobs.TopicNotify, Key: ref, CreatedAt: now, AvailableAt: now}
	msg["id"] = m.ID
	var err error
	m.Payload, err = json.Marshal(msg)
	return m, err
}
