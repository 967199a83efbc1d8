package records

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
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
	// Keep names the answers an anonymised case keeps; nil deletes it.
	Keep        []string
	Anonymise   bool
	Certificate Certificate
}

// Blobs deletes document bytes; blob.Local (and any blob.Driver) does.
type Blobs interface {
	Delete(ctx context.Context, key string) error
}
