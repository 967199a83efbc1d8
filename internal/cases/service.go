package cases

import (
	"context"
	"log/slog"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Deadlines computes statutory due dates. Calendar (a workday.Calendar
// adapter) implements it.
type Deadlines interface {
	// Due returns the instant a case with this clock history falls overdue
	// under rule, or ok=false while the clock is stopped.
	Due(rule service.Clock, h ClockHistory) (due time.Time, ok bool, err error)
	// WorkingDaysLate counts how many working days after due a response on
	// done was (at least 1).
	WorkingDaysLate(rule service.Clock, due, done workday.Date) (int, error)
}

// Service is the case API that the web, API and job layers call.
type Service struct {
	Store Store
	// Services holds the current service definitions; a reload takes effect
	// on the next call.
	Services *service.Registry
	Clock    Deadlines
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// TeamMailboxes maps a team id to the address its "team" notifications go
	// to; a team without one gets none.
	TeamMailboxes map[string]string
	// Staff says who a case may be given to and what they are called;
	// auth.Service implements it. Without it, assignment is refused.
	Staff Staff
	// Contacts finds the address of the councillor or member of staff who
	// raised a case, for "raised_by" notifications; nil sends those only
	// when the case is raised.
	Contacts Contacts
	Logger   *slog.Logger
	// SiteURL is the front door's address; when set (and Feedback is), a
	// closing email to the resident links to "How did we do?".
	SiteURL string
	// Feedback keeps the answers to those links.
	Feedback FeedbackStore
	// Reports holds where reports are and who follows them; nil shows no
	// nearby reports and no public report pages.
	Reports ReportStore
	// Wards are the council's wards; a case with a point is given the one
	// it is in. Nil gives no case a ward.
	Wards geo.Wards
	// Places gives a gazetteer address's map point, so that a case with an
	// address (a UPRN) but no point on the map is given that address's
	// ward. Nil: such a case has no ward.
	Places Places
	// Payments holds GOV.UK Pay payments; a service that takes a fee makes a
	// case only for a draft whose payment it records as successful and
	// GOV.UK Pay confirms (Paid), so nil makes no case for such a service.
	Payments PaymentStore
	// Pay is GOV.UK Pay, to confirm payments, for refunds and for
	// reconciliation; nil makes no case for a service that takes a fee,
	// refuses refunds and reconciles against our records alone.
	Pay PayGateway
	// PaymentKey seals GOV.UK Pay's confirmation of a payment in our record
	// (derived from the platform's secret key, never kept in the
	// database); nil keeps no confirmation, so every check asks GOV.UK Pay.
	PaymentKey []byte
	// NearbyMetres is how far around a new report open ones are shown
	// (DefaultNearbyMetres when zero).
	NearbyMetres float64
	// SamePerson lists the open cases p may see whose applicant record
	// linkage finds to be the same person as case ref's (people.Service
	// implements it), offered when merging duplicates; nil offers none.
	SamePerson func(ctx context.Context, p access.Principal, ref string) ([]Case, error)

	// policy is access.Decide; a test swaps it (export_test.go) to count
	// the decisions a call asks for.
	policy func(access.Principal, access.Action, access.Resource) access.Decision
}

// Staff is the directory of officers that assignment needs.
type Staff interface {
	// Assignable lists the active members of team holding one of roles in it.
	Assignable(ctx context.Context, team string, roles []string) ([]access.Officer, error)
	// Names gives the display name of each known account id.
	Names(ctx context.Context, ids []string) (map[string]string, error)
}

// Contacts finds people's addresses and the council's teams. auth.Service
// implements it.
type Contacts interface {
	// ContactEmail is the email address of an active user; fault.NotFound
	// for an unknown or disabled one.
	ContactEmail(ctx context.Context, userID string) (string, error)
	// Teams lists the teams administrators have named.
	Teams(ctx context.Context) ([]access.Team, error)
}

// Submission is a completed form, ready to become a case.
type Submission struct {
	ServiceID string
	Answers   service.Answers
	Channel   Channel
	// IdempotencyKey makes retries safe: a repeat returns the first case.
	IdempotencyKey string
	// Fingerprint identifies the request behind IdempotencyKey; it is stored
	// with the key in the case's transaction (see Record.Fingerprint).
	Fingerprint string
	// CreatedBy is the staff or councillor user raising it; empty for residents.
	CreatedBy string
	// Unasked are questions the channel could not put to the person (Open311
	// cannot express an address question or "only if you answered yes"): left
	// unanswered they do not refuse the case; the first event lists them so
	// the officer sees the gap. An answer given to one is still validated.
	Unasked []string
	// PaymentID is the GOV.UK Pay payment for a service that takes a fee:
	// it must be the successful payment recorded for the draft named by
	// IdempotencyKey. No other channel can take a fee, so a paid service
	// is applied for only through the front door.
	PaymentID string
	// Lang is the language the person used, recorded on the case so that
	// messages to them are written in it; English when empty.
	Lang lang.Tag
}

// Filter is what an officer asks a queue or search for.
type Filter struct {
	Teams      []string
	ServiceIDs []string
	States     []string
	// Assignee selects one officer's cases; "none" selects unassigned ones.
	Assignee  string
	Overdue   bool
	Open      bool
	DueBefore *time.Time
	// Classification selects cases of one classification; empty for any.
	Classification service.Classification
	// SubmittedFrom and SubmittedTo bound when a case was submitted: From
	// included, To not; zero for no bound.
	SubmittedFrom, SubmittedTo time.Time
	// RaisedByMe selects only the cases the caller raised themselves
	// (a member of staff's own requests), whichever team works them.
	RaisedByMe bool
	// Query is a full-text search over answers, reference and notes.
	Query string
	Sort  Sort
	// Cursor is the opaque Next of the previous page.
	Cursor string
	// Limit is the page size: 50 when zero, at most 200.
	Limit int
}

// Page is one page of a queue. There is no total count, by design: counting
// every match makes large queues slow.
type Page struct {
	Cases []Case
	// Next is the cursor of the following page, or empty on the last page.
	Next string
	// Matches, for a text search only, is how many cases the reader may
	// see match; exact unless ManyMatches.
	Matches int
	// ManyMatches says a text search found more than MaxTextMatches cases
	// (before the access check, so it is said without a number): only
	// the newest MaxTextMatches were ranked and paged.
	ManyMatches bool
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// definition returns a service's definition or fault.NotFound.
func (s *Service) definition(id string) (*service.Definition, error) {
	if s.Services != nil {
		if cat := s.Services.Load(); cat != nil {
			if d, ok := cat.Get(id); ok {
				return d, nil
			}
		}
	}
	return nil, fault.New(fault.NotFound, "no service %q", id)
}

// resource describes a case to the access policy.
func (s *Service) resource(c Case) access.Resource {
	r := access.Resource{ServiceID: c.ServiceID, Team: c.Team, Classification: c.Classification, CreatedBy: c.CreatedBy,
		ApplicantEmail: c.Applicant.Email}
	if d, err := s.definition(c.ServiceID); err == nil {
		r.Roles, r.ServiceTeam = d.Roles, d.Team
	}
	r.Sharing, r.Restricted = c.Sharing, c.Restricted
	return r
}

// ask is the one way the case service consults the access policy.
func (s *Service) ask(p access.Principal, a access.Action, c Case) access.Decision {
	if s.policy != nil {
		return s.policy(p, a, s.resource(c))
	}
	return access.Decide(p, a, s.resource(c))
}

// decide asks the access policy; a refusal is fault.NotFound so that the
// existence of a case the caller may not see is never revealed, or
// ErrRestricted (refused).
func (s *Service) decide(ctx context.Context, p access.Principal, a access.Action, c Case) error {
	d := s.ask(p, a, c)
	if !d.Allow {
		return refused(d, c.Ref)
	}
	if d.Audit {
		return s.Store.AppendAudit(ctx, accessEntry(s.now(), p, a, c))
	}
	return nil
}
