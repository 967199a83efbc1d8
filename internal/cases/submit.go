package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// refAttempts bounds retries on a reference collision (one in 2^40 per case).
const refAttempts = 5

// Submit validates a submission and makes it a case in one transaction: the
// case row, its first event, an audit entry, the definition's notifications,
// a webhook event and the search document. A repeat with the same
// IdempotencyKey returns the first case and writes nothing. Errors:
// fault.NotFound (no such service, or not one p may use), fault.Invalid
// (field errors from the definition), fault.Forbidden.
func (s *Service) Submit(ctx context.Context, p access.Principal, sub Submission) (Case, error) {
	def, err := s.definition(sub.ServiceID)
	if err != nil {
		return Case{}, err
	}
	if err := s.maySubmit(p, def, sub); err != nil {
		return Case{}, err
	}
	if err := s.checkPaid(ctx, def, sub); err != nil {
		return Case{}, err
	}
	if sub.Answers == nil {
		sub.Answers = service.Answers{}
	}
	gaps, err := validateSubmission(def, sub, s.now())
	if err != nil {
		return Case{}, err
	}
	if err := SharingProblems(def, p, sub.Answers).Err(); err != nil {
		return Case{}, err
	}
	for range refAttempts {
		rec, err := s.submitRecord(ctx, p, def, sub, gaps)
		if err != nil {
			return Case{}, err
		}
		c, _, err := s.Store.SubmitCase(ctx, rec)
		if errors.Is(err, ErrRefTaken) {
			continue
		}
		if err != nil {
			return Case{}, fmt.Errorf("submit %s: %w", sub.ServiceID, err)
		}
		return c, nil
	}
	return Case{}, fmt.Errorf("submit %s: no free reference after %d attempts", sub.ServiceID, refAttempts)
}

// maySubmit applies an API token's scope, then the service's audience:
// public services take anyone;
// a service whose audience includes staff takes any signed-in member of staff
// (everyone raises IT requests, not only the IT team); other staff and
// councillor services need the access policy's create permission.
func (s *Service) maySubmit(p access.Principal, def *service.Definition, sub Submission) error {
	public := slices.Contains(def.Audience, service.AudiencePublic)
	// An API token's scope binds on every service, public ones included: a
	// read-only token, or one scoped elsewhere, creates nothing.
	if why := p.TokenRefusal(def.ID); why != "" {
		if public || p.Write {
			return fault.New(fault.Forbidden, "%s", why)
		}
		return fault.New(fault.NotFound, "no service %q", def.ID) // a staff service stays unconfirmed
	}
	if public {
		return nil
	}
	if p.Kind == access.KindStaff && slices.Contains(def.Audience, service.AudienceStaff) && (p.MFA || def.Classification == service.Official) {
		return nil
	}
	r := access.Resource{ServiceID: def.ID, Team: def.Team, Classification: def.Classification, Roles: def.Roles, CreatedBy: p.UserID}
	if p.Kind == access.KindResident || !access.Decide(p, access.ActionCreate, r).Allow {
		return fault.New(fault.NotFound, "no service %q", def.ID)
	}
	return nil
}

// checkPaid refuses a case for a service that takes a fee unless its fee
// was paid: the submission names a payment that the store records as
// successful, for this service and this draft. Only the front door takes
// payments, so the API, Open311 and staff forms cannot make a fee-paying
// case without one (a hostile client would otherwise get a permit free).
func (s *Service) checkPaid(ctx context.Context, def *service.Definition, sub Submission) error {
	if def.Payment == nil {
		return nil
	}
	refuse := fault.New(fault.Forbidden, "%s takes a fee, which is paid on the council's website: apply there", def.Name)
	if sub.PaymentID == "" || sub.IdempotencyKey == "" || s.Payments == nil {
		return refuse
	}
	pay, err := s.Payments.LatestPayment(ctx, sub.IdempotencyKey)
	if errors.Is(err, fault.NotFound) {
		return refuse
	}
	if err != nil {
		return err
	}
	if pay.PaymentID != sub.PaymentID || pay.ServiceID != def.ID || pay.Status != PaymentSucceeded {
		return refuse
	}
	if !PaysFor(def, pay, sub.Answers) {
		// Answers changed after the fee was paid (in another tab while
		// paying, or by a forged post): the case would carry a fee that
		// was never paid.
		return fault.New(fault.Conflict, "the fee for these answers is not the %s that was paid", Pounds(pay.AmountPence))
	}
	switch ok, err := s.confirmed(ctx, pay); {
	case err != nil:
		return err
	case !ok:
		return refuse
	}
	return nil
}

// PaysFor reports whether a successful payment pays the fee that answers
// to def's form work out to: the one test, for the case service and the
// front door alike, of whether answers are paid for.
func PaysFor(def *service.Definition, pay Payment, answers service.Answers) bool {
	pence, ok := def.Fee(answers)
	return ok && pay.Status == PaymentSucceeded && pay.AmountPence == pence
}

// submitRecord builds every row a submission writes, with a fresh reference.
func (s *Service) submitRecord(ctx context.Context, p access.Principal, def *service.Definition, sub Submission, gaps []string) (Record, error) {
	// Microseconds, as the store keeps times: the reply to the submission
	// that made the case is then the same as every replay of it.
	now := s.now().UTC().Truncate(time.Microsecond)
	c := Case{
		Ref: NewRef(), ServiceID: def.ID, Team: def.Team, Classification: def.Classification,
		State: initialState(def), Answers: sub.Answers, Applicant: def.ApplicantOf(sub.Answers),
		Channel: sub.Channel, CreatedBy: sub.CreatedBy, SubmittedAt: now, UpdatedAt: now,
		Version: 1, History: ClockHistory{Received: now}, IdempotencyKey: strings.TrimSpace(sub.IdempotencyKey),
		Lang: sub.Lang.Or(),
	}
	if c.Channel == "" {
		c.Channel = ChannelWeb
	}
	if c.CreatedBy == "" && p.Kind != access.KindResident {
		c.CreatedBy = p.UserID
	}
	if def.Sharing != "" && p.Kind == access.KindCouncillor {
		c.Sharing = access.Sharing{With: sub.Answers[def.Sharing].Text, Ward: strings.TrimSpace(p.Ward), Party: strings.TrimSpace(p.Party)}
	}
	if err := s.setClock(&c, def); err != nil {
		return Record{}, fmt.Errorf("submit %s: due date: %w", def.ID, err)
	}
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: EventSubmitted, ToState: c.State, Visibility: Resident}
	if len(gaps) > 0 {
		ev.Note = "Not asked through " + channelName(c.Channel) + ", so not answered: " + strings.Join(gaps, "; ") + "."
	}
	raiser := ""
	if c.CreatedBy == p.UserID {
		raiser = p.Email
	}
	out := s.notifications(ctx, def, c, notice{event: service.EventSubmitted, raisedBy: raiser}, now)
	out = append(out, webhook("case.submitted", c, "", now))
	rec := Record{
		Case: c, Event: ev, Outbox: out, Search: searchDoc(def, c),
		Audit:       caseEntry(now, actor, AuditSubmit, c, map[string]any{"service": def.ID, "channel": string(c.Channel)}),
		Fingerprint: sub.Fingerprint,
	}
	if pt, ok := PointOf(def, c.Answers); ok {
		rec.Point = &pt
		if w, ok := s.Wards.At(pt); ok {
			rec.Ward = w.Code
		}
	} else {
		var err error
		if rec.Ward, err = s.wardOfAddress(ctx, def, c.Answers); err != nil {
			return Record{}, err
		}
	}
	return rec, nil
}

// wardOfAddress is the ward of the gazetteer point of the answers' first
// UPRN ("" when there is none, the gazetteer has no coordinates for it,
// or no wards are configured). The point gives only the ward: the case
// has no map point of its own, so it is not placed on the map.
func (s *Service) wardOfAddress(ctx context.Context, def *service.Definition, a service.Answers) (string, error) {
	uprn := UPRNOf(def, a)
	if len(s.Wards) == 0 || s.Places == nil || uprn == "" {
		return "", nil
	}
	pt, ok, err := s.Places.PlacePoint(ctx, uprn)
	if err != nil || !ok {
		return "", err
	}
	w, _ := s.Wards.At(pt)
	return w.Code, nil
}

// SharingProblems refuses a sharing choice the councillor's record cannot
// honour: sharing with their ward needs their ward, with their party group
// their party too. The front door asks it when the question is answered;
// Submit asks again.
func SharingProblems(def *service.Definition, p access.Principal, a service.Answers) service.FieldErrors {
	if def.Sharing == "" || p.Kind != access.KindCouncillor {
		return nil
	}
	var msg string
	switch a[def.Sharing].Text {
	case service.ShareWard:
		if strings.TrimSpace(p.Ward) == "" {
			msg = "Your ward is not recorded, so the enquiry cannot be shared with its councillors. Choose not to share it, or ask Members' Services to record your ward"
		}
	case service.ShareParty:
		if strings.TrimSpace(p.Ward) == "" || strings.TrimSpace(p.Party) == "" {
			msg = "Your ward and party are not both recorded, so the enquiry cannot be shared with your party group. Choose another option, or ask Members' Services to record them"
		}
	}
	if msg == "" {
		return nil
	}
	return service.FieldErrors{{Field: def.Sharing, Message: msg}}
}
