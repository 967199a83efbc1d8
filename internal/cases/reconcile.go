package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// The daily reconciliation lists a day's payments (a day in London) as
// GOV.UK Pay and the cases see them. GOV.UK Pay's word on a payment's
// state wins. A payment that succeeded but made no case (the resident
// closed the browser on GOV.UK Pay's confirmation) gets its case made
// from the recorded draft, with the draft id as the idempotency key, so
// that however often reconciliation runs, and whatever the resident does
// meanwhile, one case is made. What cannot be put right is listed for a
// person: a payment whose answers are gone or no longer pass, a second
// payment for one request, a payment in GOV.UK Pay we hold no record of,
// and a payment we record that GOV.UK Pay does not know (written into the
// database by hand, or by someone who should not have): it pays for
// nothing and makes no case.

// PayOutcome is what reconciliation found of one payment.
type PayOutcome string

// Outcomes, in the order a report lists them.
const (
	OutcomeCase       PayOutcome = "case"         // paid, with its case
	OutcomeCaseMade   PayOutcome = "case-made"    // paid, case made now from the draft
	OutcomeNoCase     PayOutcome = "no-case"      // paid, no case: needs a person
	OutcomeFailed     PayOutcome = "failed"       // declined, cancelled, timed out or errored
	OutcomeUnfinished PayOutcome = "unfinished"   // the resident is still paying, or gave up
	OutcomeNotOurs    PayOutcome = "not-recorded" // in GOV.UK Pay, not recorded here
	OutcomeNotTheirs  PayOutcome = "not-at-pay"   // recorded here, unknown to GOV.UK Pay
)

// Reconciliation is one day's report.
type Reconciliation struct {
	// Day is the London date reconciled, 2006-01-02.
	Day    string          `json:"day"`
	MadeAt time.Time       `json:"made_at"`
	Lines  []ReconcileLine `json:"lines"`
	// Unchecked says GOV.UK Pay was not asked (no account configured):
	// the report is of our records alone.
	Unchecked bool `json:"unchecked,omitempty"`
}

// ReconcileLine is one payment in a report.
type ReconcileLine struct {
	PaymentID     string     `json:"payment_id"`
	Reference     string     `json:"reference"`
	ServiceID     string     `json:"service_id,omitempty"`
	AmountPence   int64      `json:"amount_pence"`
	Status        string     `json:"status"`
	CaseRef       string     `json:"case_ref,omitempty"`
	RefundedPence int64      `json:"refunded_pence"`
	Outcome       PayOutcome `json:"outcome"`
	Note          string     `json:"note,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
}

// Count is how many lines a report has of outcome, and their pence.
func (r Reconciliation) Count(o PayOutcome) (n int, pence int64) {
	for _, l := range r.Lines {
		if l.Outcome == o {
			n, pence = n+1, pence+l.AmountPence
		}
	}
	return n, pence
}

// RefundedPence is the day's payments' refunds that succeeded.
func (r Reconciliation) RefundedPence() int64 {
	var sum int64
	for _, l := range r.Lines {
		sum += l.RefundedPence
	}
	return sum
}

// MayReconcile is the one rule for who sees payments reconciliation: staff
// signed in with a second factor who hold the finance or auditor role.
func MayReconcile(p access.Principal) bool {
	if p.Kind != access.KindStaff || !p.MFA {
		return false
	}
	return slices.ContainsFunc(p.Grants, func(g access.Grant) bool { return g.Role == RoleFinance || g.Role == access.RoleAuditor })
}

// RoleFinance is the role of the council's finance officers.
const RoleFinance = "finance"

// ReconcileAfterHour is the London hour after which the previous day is
// reconciled: a payment begun just before midnight has finished by then.
const ReconcileAfterHour = 2

// ReconcileTask reconciles yesterday, once, after ReconcileAfterHour: a
// periodic task run every hour, so a node down at the hour catches up.
func (s *Service) ReconcileTask(ctx context.Context) error {
	now := s.now().In(workday.London)
	if now.Hour() < ReconcileAfterHour || s.Payments == nil {
		return nil
	}
	day := now.AddDate(0, 0, -1).Format(time.DateOnly)
	if _, err := s.Payments.ReconciliationOf(ctx, day); !errors.Is(err, fault.NotFound) {
		return err
	}
	_, err := s.Reconcile(ctx, access.System, day)
	return err
}

// Reconcile reconciles day (2006-01-02, in London) now, keeps the report
// and returns it. Running it again brings the report up to date and makes
// no case twice. Errors: fault.Forbidden (p is not MayReconcile or the
// system), fault.Invalid (not a date, or a day not yet begun).
func (s *Service) Reconcile(ctx context.Context, p access.Principal, day string) (Reconciliation, error) {
	if p.Kind != access.KindSystem && !MayReconcile(p) {
		return Reconciliation{}, fault.New(fault.Forbidden, "only finance officers and auditors may reconcile payments")
	}
	from, err := time.ParseInLocation(time.DateOnly, day, workday.London)
	if err != nil || from.After(s.now()) {
		return Reconciliation{}, fault.New(fault.Invalid, "reconcile: %q is not a day that has begun", day)
	}
	to := from.AddDate(0, 0, 1)
	ours, err := s.Payments.PaymentsBetween(ctx, from, to)
	if err != nil {
		return Reconciliation{}, err
	}
	rep := Reconciliation{Day: day, Unchecked: s.Pay == nil}
	theirs, err := s.gatewayPayments(ctx, from, to)
	if err != nil {
		return Reconciliation{}, fmt.Errorf("reconcile %s: GOV.UK Pay: %w", day, err)
	}
	for _, pay := range ours {
		line, err := s.reconcileOne(ctx, pay, theirs)
		if err != nil {
			return Reconciliation{}, err
		}
		rep.Lines = append(rep.Lines, line)
		delete(theirs, pay.PaymentID)
	}
	if err := s.notRecorded(ctx, &rep, theirs, from, to); err != nil {
		return Reconciliation{}, err
	}
	rep.MadeAt = s.now().UTC()
	return rep, s.Payments.SaveReconciliation(ctx, rep)
}

// gatewayPayments are GOV.UK Pay's payments of the day by id, an hour
// either side included: its clock and ours differ by a request's time.
func (s *Service) gatewayPayments(ctx context.Context, from, to time.Time) (map[string]GatewayPayment, error) {
	out := map[string]GatewayPayment{}
	if s.Pay == nil {
		return out, nil
	}
	list, err := s.Pay.PaymentsBetween(ctx, from.Add(-time.Hour), to.Add(time.Hour))
	for _, g := range list {
		out[g.ID] = g
	}
	return out, err
}

// reconcileOne brings one of our payments up to GOV.UK Pay's state and
// says what became of it.
func (s *Service) reconcileOne(ctx context.Context, pay Payment, theirs map[string]GatewayPayment) (ReconcileLine, error) {
	g, known, err := s.theirPayment(ctx, pay.PaymentID, theirs)
	if err != nil {
		return ReconcileLine{}, err
	}
	if known && (g.Status != pay.Status || g.Code != pay.Code) {
		if err := s.Payments.UpdatePayment(ctx, pay.PaymentID, g.Status, g.Code, ""); err != nil {
			return ReconcileLine{}, err
		}
		pay.Status, pay.Code = g.Status, g.Code
	}
	line := ReconcileLine{PaymentID: pay.PaymentID, Reference: pay.Reference, ServiceID: pay.ServiceID, AmountPence: pay.AmountPence,
		Status: pay.Status, CaseRef: pay.CaseRef, CreatedAt: pay.CreatedAt}
	refunds, err := s.Payments.RefundsOfPayment(ctx, pay.PaymentID)
	if err != nil {
		return line, err
	}
	for _, r := range refunds {
		if r.Status == RefundSucceeded {
			line.RefundedPence += r.AmountPence
		}
	}
	switch {
	case !known && s.Pay != nil:
		line.Outcome = OutcomeNotTheirs
		line.Note = "Guildhall records this payment but GOV.UK Pay has no record of it, so it paid for nothing. Find out who recorded it"
	case pay.Status == PaymentSucceeded && pay.CaseRef != "":
		line.Outcome = OutcomeCase
	case pay.Status == PaymentSucceeded:
		err = s.makePaidCase(ctx, pay, &line)
	case pay.Status == "failed" || pay.Status == "cancelled" || pay.Status == "error":
		line.Outcome = OutcomeFailed
	default:
		line.Outcome = OutcomeUnfinished
	}
	return line, err
}

// theirPayment is GOV.UK Pay's record of our payment id: from the day's
// list, else asked for by id (the list is by GOV.UK Pay's clock). known is
// false when GOV.UK Pay has no such payment, or is not configured.
func (s *Service) theirPayment(ctx context.Context, id string, theirs map[string]GatewayPayment) (g GatewayPayment, known bool, err error) {
	if g, ok := theirs[id]; ok || s.Pay == nil {
		return g, ok, nil
	}
	g, err = s.Pay.Payment(ctx, id)
	if errors.Is(err, fault.NotFound) {
		return g, false, nil
	}
	return g, err == nil, err
}

// makePaidCase makes the case of a paid draft that has none, or says why
// it cannot.
func (s *Service) makePaidCase(ctx context.Context, pay Payment, line *ReconcileLine) error {
	line.Outcome = OutcomeNoCase
	serviceID, answers, made, err := s.Payments.PaidDraft(ctx, pay.DraftID)
	switch {
	case errors.Is(err, fault.NotFound):
		line.Note = "The answers were deleted before the case was made. Contact the resident, or refund the payment"
		return nil
	case err != nil:
		return err
	}
	latest, err := s.Payments.LatestPayment(ctx, pay.DraftID)
	if err != nil {
		return err
	}
	if latest.PaymentID != pay.PaymentID {
		line.Note = "The resident paid again for the same request"
		if made != "" {
			line.Note += " (case " + made + ")"
		}
		line.Note += ". Refund one of the payments"
		return nil
	}
	c, err := s.Submit(ctx, access.System, Submission{ServiceID: serviceID, Answers: answers, Channel: ChannelWeb,
		IdempotencyKey: pay.DraftID, PaymentID: pay.PaymentID})
	var ve *service.ValidationError
	if errors.As(err, &ve) && len(ve.Errors) > 0 {
		line.Note = "The answers no longer pass the form's checks (" + ve.Errors[0].Message + "). Contact the resident"
		if def, derr := s.definition(serviceID); derr == nil && def.Payment.Midway() {
			// Paid part-way through: the rest of the form is still to come.
			line.Note = "Paid part-way through the form, which the resident has not finished (" + ve.Errors[0].Message +
				"). The case is made when they send it; contact them if they do not"
		}
		return nil
	}
	if errors.Is(err, fault.Forbidden) { // checkPaid: GOV.UK Pay does not confirm our record
		line.Note = "GOV.UK Pay does not confirm the amount or reference Guildhall records for this payment, so no case was made. Find out who changed the record"
		if s.Pay == nil {
			line.Note = "No GOV.UK Pay account is configured to confirm the payment, so no case was made"
		}
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.Payments.SubmitDraft(ctx, pay.DraftID, c.Ref); err != nil && !errors.Is(err, fault.NotFound) {
		return err
	}
	if err := s.Payments.UpdatePayment(ctx, pay.PaymentID, PaymentSucceeded, "", c.Ref); err != nil {
		return err
	}
	line.CaseRef, line.Outcome = c.Ref, OutcomeCaseMade
	if made == c.Ref {
		line.Outcome = OutcomeCase // the draft had its case; only the payment did not know it
	}
	return nil
}

// notRecorded adds GOV.UK Pay's payments of the day that we hold no
// record of at all.
func (s *Service) notRecorded(ctx context.Context, rep *Reconciliation, theirs map[string]GatewayPayment, from, to time.Time) error {
	var extra []ReconcileLine
	for _, g := range theirs {
		if g.CreatedAt.Before(from) || !g.CreatedAt.Before(to) {
			continue
		}
		if _, err := s.Payments.PaymentByID(ctx, g.ID); !errors.Is(err, fault.NotFound) {
			if err != nil {
				return err
			}
			continue // ours, made on the next or previous day by our clock
		}
		extra = append(extra, ReconcileLine{PaymentID: g.ID, Reference: g.Reference, AmountPence: g.AmountPence, Status: g.Status,
			RefundedPence: g.RefundedPence, Outcome: OutcomeNotOurs, CreatedAt: g.CreatedAt,
			Note: "GOV.UK Pay holds this payment (" + g.Description + ") but Guildhall has no record of it"})
	}
	slices.SortFunc(extra, func(a, b ReconcileLine) int { return a.CreatedAt.Compare(b.CreatedAt) })
	rep.Lines = append(rep.Lines, extra...)
	return nil
}

// Reconciliations lists the newest reports, newest first, for p.
// Errors: fault.NotFound unless MayReconcile(p).
func (s *Service) Reconciliations(ctx context.Context, p access.Principal, limit int) ([]Reconciliation, error) {
	if !MayReconcile(p) || s.Payments == nil {
		return nil, fault.New(fault.NotFound, "no payments reconciliation")
	}
	return s.Payments.Reconciliations(ctx, limit)
}

// ReconciliationOf is day's report, for p. Errors: fault.NotFound (no
// report, or p may not see reports).
func (s *Service) ReconciliationOf(ctx context.Context, p access.Principal, day string) (Reconciliation, error) {
	if !MayReconcile(p) || s.Payments == nil {
		return Reconciliation{}, fault.New(fault.NotFound, "no payments reconciliation")
	}
	return s.Payments.ReconciliationOf(ctx, day)
}
