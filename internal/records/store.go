package records

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Store is what records needs of the database; store.Store implements it.
// Every method is one transaction.
type Store interface {
	// ExpireDrafts deletes up to limit drafts last changed before cutoff,
	// queues the blobs their answers name for deletion and appends e (its
	// Detail filled with the count), returning how many it deleted.
	ExpireDrafts(ctx context.Context, cutoff time.Time, limit int, e audit.Entry) (int, error)
	// CasesDue returns up to limit closed cases of q.Scope (a service) whose
	// q.Trigger time is before q.Cutoff, with id above q.After, that are
	// neither listed nor anonymised, in id order.
	CasesDue(ctx context.Context, q DueQuery) ([]Candidate, error)
	// DocumentsDue is CasesDue for documents of a file plan class.
	DocumentsDue(ctx context.Context, q DueQuery) ([]Candidate, error)
	// AddDue lists items not listed yet and appends entries; it returns how
	// many it added.
	AddDue(ctx context.Context, items []Due, entries []audit.Entry) (int, error)
	// DueList returns the disposition list in due order; DueByID one item
	// (fault.NotFound).
	DueList(ctx context.Context, f DueFilter) ([]Due, error)
	DueByID(ctx context.Context, id int64) (Due, error)
	// DecideDue stores d's status, decision and due time and appends e.
	DecideDue(ctx context.Context, d Due, e audit.Entry) error
	// ActiveHolds returns the unreleased holds on any of targets.
	ActiveHolds(ctx context.Context, targets []HoldTarget) ([]Hold, error)
	// PlaceHold and ReleaseHold write a hold and its audit entry.
	PlaceHold(ctx context.Context, h Hold, e audit.Entry) (int64, error)
	ReleaseHold(ctx context.Context, id int64, by string, e audit.Entry) error
	// Holds lists holds, active first.
	Holds(ctx context.Context) ([]Hold, error)
	// DynamicHolds returns the active person and saved-search holds, and
	// the highest hold id of all.
	DynamicHolds(ctx context.Context) ([]Hold, int64, error)
	// PersonLinks returns what is linked to the persons whose records
	// have the given keys: all their records (and keys not linked yet),
	// the cases those came from, and the documents related to the cases.
	PersonLinks(ctx context.Context, keys []string) (PersonLinks, error)

	// SaveRightsSubject records who a rights request is about, with its
	// audit entry; fault.Conflict once an erasure was asked for.
	SaveRightsSubject(ctx context.Context, r RightsRequest, e audit.Entry) error
	// RightsRequest returns one request (fault.NotFound if its person was
	// never chosen); Erasures those whose erasure is in state status.
	RightsRequest(ctx context.Context, ref string) (RightsRequest, error)
	Erasures(ctx context.Context, status string) ([]RightsRequest, error)
	// ProposeErasure marks a request's erasure proposed, with its audit
	// entry; fault.Conflict unless none was asked for yet.
	ProposeErasure(ctx context.Context, ref, by string, e audit.Entry) error
	// CaseFacts and DocumentFacts describe the cases and documents that
	// exist of those named.
	CaseFacts(ctx context.Context, refs []string) ([]CaseFact, error)
	DocumentFacts(ctx context.Context, ids []string) ([]DocumentFact, error)
	// Erase carries out an approved erasure in one transaction: ErrHeld
	// when a hold on an item to go, or a person or search hold newer than
	// HoldsSeen, is active; fault.Conflict unless the erasure is proposed.
	// Otherwise it removes every item not kept as Dispose would (cases,
	// documents) or deletes it (people records, their suggestions,
	// decisions and restrictions, and persons left without a record),
	// completes and keeps the certificate with its audit entry, takes the
	// items off the disposition list, queues their blobs and marks the
	// request erased.
	Erase(ctx context.Context, e Erasure) (StoredCertificate, error)
	// Restrict marks the records restricted for request ref and places h,
	// a person hold, with the audit entry, in one transaction.
	Restrict(ctx context.Context, ref string, keys []string, h Hold, e audit.Entry) error
	// Requester returns who made request ref, as its case holds them.
	// Errors: fault.NotFound.
	Requester(ctx context.Context, ref string) (service.Applicant, error)
	// LiftRestriction, in one transaction, deletes the restriction marks
	// of l.Request (fault.NotFound when there are none), makes their
	// records wait to be linked again, releases the active person hold
	// whose reason is l.Hold, appends l.Audit (with the hold's id) and
	// queues l.Notice.
	LiftRestriction(ctx context.Context, l Lift) error
	// ProposeCorrection stores a proposed correction with its audit entry.
	ProposeCorrection(ctx context.Context, c Correction, e audit.Entry) error
	// Corrections lists a request's corrections, oldest first.
	Corrections(ctx context.Context, ref string) ([]Correction, error)
	// CorrectionsMade marks the corrections made, appends e and queues
	// notice, in one transaction.
	CorrectionsMade(ctx context.Context, ids []int64, by string, e audit.Entry, notice jobs.Message) error
	// Dispose carries out one disposal in one transaction: it returns
	// ErrHeld when a hold on p.Holds is active, and fault.NotFound when the
	// record is gone; otherwise it reads what goes (keeping, when
	// p.Anonymise, the answers p.Keep names), completes the certificate's
	// content fields (ContentSHA256 over canonical JSON of those rows,
	// Blobs, Rows), removes or anonymises, keeps the certificate, appends
	// its audit entry, drops the item from the list and queues its blobs.
	Dispose(ctx context.Context, p Disposal) (StoredCertificate, error)
	// QueuedBlobs returns up to limit keys queued for deletion after the
	// key after, in key order. DeleteFreedBlob deletes one with del, inside
	// the transaction that takes it off the queue, unless a row names it or
	// it was stored at or after keepAfter (see store.DeleteFreedBlob).
	QueuedBlobs(ctx context.Context, after string, limit int) ([]string, error)
	DeleteFreedBlob(ctx context.Context, key string, keepAfter time.Time, del func(context.Context, string) error) (bool, error)
	// Certificates lists disposal certificates, newest first; Certificate
	// returns one with its audit entry's seq.
	Certificates(ctx context.Context, limit int) ([]StoredCertificate, error)
	Certificate(ctx context.Context, id int64) (StoredCertificate, error)
	// AppendAudit chains and appends standalone audit entries.
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// DueQuery asks for records whose retention period has run.
type DueQuery struct {
	Scope   string
	Trigger string
	Cutoff  time.Time
	After   int64
	Limit   int
}

// Candidate is a record found due: its id (for paging), subject and the
// time its period started.
type Candidate struct {
	ID      int64
	Subject string
	Start   time.Time
}

// DueFilter selects from the disposition list.
type DueFilter struct {
	Status string // "" for every status
	// Before, when set, keeps items due before it.
	Before time.Time
	After  int64
	Limit  int
}

// Disposal is one approved disposal, ready for the store.
type Disposal struct {
	Due   Due
	Holds []HoldTarget
	// HoldsSeen is the highest hold id when the person and saved-search
	// holds were worked out: a newer one of those, active, stops the
	// disposal (ErrHeld), to be worked out again on the next run.
	HoldsSeen int64
	// Keep names the answers an anonymised case keeps; nil deletes it.
	Keep        []string
	Anonymise   bool
	Certificate Certificate
}

// Blobs deletes document bytes; blob.Local (and any blob.Driver) does.
type Blobs interface {
	Delete(ctx context.Context, key string) error
}
