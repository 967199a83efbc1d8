package records

import (
	"context"
	"errors"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// errHeld marks a disposal a legal hold stopped.
var errHeld = fault.New(fault.Conflict, "a legal hold stops this disposal")

// Dispose carries out one approved disposal: the store hashes what goes
// into the certificate, removes it and keeps the certificate in one
// transaction. A hold placed since approval sends the
// item back to the list (errHeld). Errors: fault.Conflict when not approved;
// fault.NotFound when the record is already gone.
func (s *Service) Dispose(ctx context.Context, d Due) (StoredCertificate, error) {
	c, err := s.coverage(ctx)
	if err != nil {
		return StoredCertificate{}, err
	}
	return s.dispose(ctx, d, c)
}

// dispose is Dispose with the person and saved-search holds worked out.
func (s *Service) dispose(ctx context.Context, d Due, c coverage) (StoredCertificate, error) {
	if d.Status != StatusApproved {
		return StoredCertificate{}, fault.New(fault.Conflict, "%s %s is not approved for disposal", d.Kind, d.Subject)
	}
	if held, err := s.heldBy(ctx, d, c); err != nil {
		return StoredCertificate{}, err
	} else if len(held) > 0 {
		return StoredCertificate{}, s.sendBack(ctx, d, held)
	}
	keep, anonymise := s.keep(d.Kind, d.Scope, d.Rule)
	cert := s.certificate(d, anonymise)
	stored, err := s.Store.Dispose(ctx, Disposal{Due: d, Holds: targets(d), HoldsSeen: c.seen, Keep: keep, Anonymise: anonymise, Certificate: cert})
	if errors.Is(err, ErrHeld) {
		return stored, errHeld // placed between the check above and the store's transaction
	}
	return stored, err
}

// ErrHeld is what Store.Dispose returns when an active hold covers the record.
var ErrHeld = errors.New("records: held")

// keep returns, for a case of serviceID whose rule anonymises, the answers that are not
// personal: those stay, with the case's dates, state and team, for statistics.
func (s *Service) keep(kind, serviceID string, rule Rule) ([]string, bool) {
	if kind != KindCase || rule.Action != ActionAnonymise || s.Services == nil {
		return nil, false
	}
	def, ok := s.Services.Load().Get(serviceID)
	if !ok {
		return nil, false // the service is gone: nothing says what is safe to keep
	}
	keep := []string{}
	for _, q := range questions(def) {
		if !q.Personal && q.Type != service.TypeFile && !slices.Contains(personalIDs(def), q.ID) {
			keep = append(keep, q.ID)
		}
	}
	return keep, true
}

func questions(d *service.Definition) []service.Question {
	var out []service.Question
	for _, p := range d.Pages {
		out = append(out, p.Questions...)
	}
	return out
}

// personalIDs are the applicant questions, personal whether marked or not.
func personalIDs(d *service.Definition) []string {
	a := d.Applicant
	return []string{a.Name, a.Email, a.Phone, a.Address, a.DateOfBirth}
}

// certificate is d's certificate but for its content fields, which the
// store fills from the rows it removes, in the same transaction.
func (s *Service) certificate(d Due, anonymise bool) Certificate {
	action := ActionDelete
	if anonymise {
		action = ActionAnonymise
	}
	at := s.now()
	approvedAt := at
	if d.DecidedAt != nil {
		approvedAt = *d.DecidedAt
	}
	return Certificate{Kind: d.Kind, Subject: d.Subject, Scope: d.Scope, Action: action, Rule: d.Rule, DueAt: d.DueAt,
		ApprovedBy: d.DecidedBy, ApprovedAt: approvedAt, DisposedAt: at}
}

// sendBack returns an approved item a hold now covers to the list, saying
// which hold, and audits it: the records manager sees what the hold blocked.
func (s *Service) sendBack(ctx context.Context, d Due, held []Hold) error {
	ids := make([]int64, len(held))
	for i, h := range held {
		ids[i] = h.ID
	}
	d.Status, d.Reason = StatusDue, "disposal stopped by a legal hold"
	e := audit.Entry{At: s.now(), Actor: "system", Action: AuditBlockedByHold, Subject: d.Kind + ":" + d.Subject,
		Detail: audit.Detail(map[string]any{"holds": ids})}
	if err := s.Store.DecideDue(ctx, d, e); err != nil {
		return err
	}
	return errHeld
}
