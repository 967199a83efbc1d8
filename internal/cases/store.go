package cases

import (
	"context"
	"errors"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// ErrRefTaken means a new case's reference is already in use; Submit draws
// another and tries again. It wraps fault.Conflict.
var ErrRefTaken = fault.New(fault.Conflict, "case reference already in use")

// errStale is returned when a case changed since the caller read it.
var errStale = errors.New("the case has changed since it was read")

// Store is what the case service needs from storage. internal/store
// implements it; each method is one transaction.
type Store interface {
	// SubmitCase writes a new case with everything that goes with it. When a
	// case with the record's idempotency key exists, it returns that case and
	// existed=true and writes nothing. It returns ErrRefTaken when the
	// reference is in use. Concurrent calls may be committed together, but each
	// record succeeds or fails on its own.
	SubmitCase(ctx context.Context, rec Record) (c Case, existed bool, err error)
	// ApplyChanges writes changes to existing cases in one transaction. A
	// change whose case no longer has ExpectVersion fails the whole call with
	// fault.Conflict.
	ApplyChanges(ctx context.Context, changes ...Change) error
	// CaseByRef returns a case by reference, or fault.NotFound.
	CaseByRef(ctx context.Context, ref string) (Case, error)
	// CaseEvents returns a case's timeline, oldest first.
	CaseEvents(ctx context.Context, caseID int64) ([]Event, error)
	// FindCases returns up to q.Limit cases matching q, in q's order, after
	// q's cursor. q.Text is not read: a text search is SearchCases.
	FindCases(ctx context.Context, q Query) ([]Case, error)
	// SearchCases returns the cases whose search document holds every word
	// of q.Text and that pass q's other filters, at most q.Limit of them,
	// taking the newest matches first; those are ordered by q.Sort
	// (SortRelevance: best match first). q.After is not read. The work is
	// bounded by q.Limit, however many cases match. Each case holds only
	// its ID and what the access policy reads (service, team,
	// classification, creator, applicant, sharing): CasesByID reads the
	// page's cases whole.
	SearchCases(ctx context.Context, q Query) ([]Case, error)
	// CasesByID returns the cases with these ids in the order given,
	// leaving out any that no longer exist.
	CasesByID(ctx context.Context, ids []int64) ([]Case, error)
	// OverdueCases returns open, unpaused cases due before now whose overdue
	// notification has not been queued, oldest due first.
	OverdueCases(ctx context.Context, now time.Time, limit int) ([]Case, error)
	// AppendAudit chains and appends standalone audit entries.
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Record is the complete set of rows a submission writes.
type Record struct {
	Case   Case
	Event  Event
	Audit  audit.Entry
	Outbox []jobs.Message
	Search SearchDoc
	// Fingerprint identifies the request that carried Case.IdempotencyKey
	// (an API body's hash). When both are set the store keeps the pair in the
	// submission's own transaction, so a repeat with another body is
	// recognised without a second write (and a second fsync) per case.
	Fingerprint string
	// Point is where the case is on the map, when its answers hold one; the
	// store keeps it for the nearby-reports question.
	Point *Point
	// Ward is the code of the council's ward Point is in (Service.Wards);
	// "" when the case has no point, it is in no ward or no wards are
	// configured. The store keeps it with the case, for statistics by ward.
	Ward string
}

// Change is one update to an existing case and the rows that go with it.
type Change struct {
	// Case is the case as it is to be stored (with Version already increased).
	Case Case
	// ExpectVersion is the version the change was computed from.
	ExpectVersion int
	Events        []Event
	Audit         []audit.Entry
	Outbox        []jobs.Message
	// Search, when not nil, replaces the case's search document.
	Search *SearchDoc
	// SearchAppend is text (a note) added to the case's search document.
	SearchAppend string
	// Outcomes are clocks that completed in this change, recorded once for
	// statistics (a second record of the same case and clock is ignored).
	Outcomes []Outcome
	// Feedback, when not nil, is the "How did we do?" link the change's
	// closing email carries; it replaces an unanswered earlier one.
	Feedback *FeedbackInvite
	// Follow are followers added to the case (cases.Service.Merge); an
	// address already following it is left as it is.
	Follow []Follower
	// Refund, when not nil, moves a refund on (and gives back the amount
	// of one refused or failed); ErrRefundMoved if it moved meanwhile.
	Refund *RefundUpdate
}

// SearchDoc is what full-text search indexes for a case.
type SearchDoc struct {
	Title string
	Body  string
}

// Sort orders a queue.
type Sort string

// Sort orders.
const (
	SortDue       Sort = "due"       // soonest due first (no due date last); the default
	SortSubmitted Sort = "submitted" // newest first
	SortUpdated   Sort = "updated"   // most recently changed first
	// SortRelevance is best match first, for a text search (the default
	// when there is one): the database's ranking (bm25, ts_rank), ties
	// newest first.
	SortRelevance Sort = "relevance"
)

// Query is a Filter with the access constraints the service pushes into
// storage, and a decoded cursor. Empty slices mean "any".
type Query struct {
	Teams      []string
	ServiceIDs []string
	States     []string
	Assignee   string
	// Unassigned selects cases with no assignee (Assignee is then ignored).
	Unassigned bool
	Open       bool // not closed
	Overdue    bool
	Now        time.Time
	DueBefore  *time.Time
	// Classification, SubmittedFrom and SubmittedTo: as in Filter.
	Classification             service.Classification
	SubmittedFrom, SubmittedTo time.Time
	Text                       string
	Sort                       Sort
	After                      *Cursor
	Limit                      int

	// Access is a superset of what the caller may see; rows are re-checked.
	Access access.Scope
}

// Cursor is a position in a sorted queue: the sort key and id of the last row.
type Cursor struct {
	Key int64
	ID  int64
}
