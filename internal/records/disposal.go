package records

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Kinds of record retention acts on.
const (
	KindCase     = "case"
	KindDocument = "document"
)

// Statuses of an item on the disposition list.
const (
	StatusDue      = "due"      // waiting for the records manager
	StatusApproved = "approved" // disposal approved; the job carries it out
	StatusDeferred = "deferred" // kept until DueAt, with a reason
)

// Audit actions written by records.
const (
	AuditDisposed       = "records.dispose"
	AuditApproved       = "records.approve"
	AuditDeferred       = "records.defer"
	AuditRefused        = "records.refused"
	AuditHoldPlaced     = "records.hold"
	AuditHoldReleased   = "records.hold.release"
	AuditDraftsDeleted  = "records.drafts.delete"
	AuditListed         = "records.due"
	AuditBlockedByHold  = "records.dispose.held"
	AuditDocumentCreate = "records.document.create"
	AuditDocumentUpdate = "records.document.version"
	AuditDeclared       = "records.document.declare"
	AuditDocumentView   = "records.document.view"
	AuditExport         = "records.export"
	AuditSpaceCreate    = "records.space.create"
)

// Due is one item on the disposition list.
type Due struct {
	ID      int64
	Kind    string // KindCase or KindDocument
	Subject string // a case reference or a document id
	// Scope is the service id of a case or the file plan class of a document.
	Scope     string
	Rule      Rule
	DueAt     time.Time
	Status    string
	DecidedBy string
	DecidedAt *time.Time
	Reason    string
	// Holds are the active legal holds covering the item (filled when listed).
	Holds []Hold
}

// Certificate is the permanent proof of one disposal. It names what was
// disposed of, under which rule, who approved it and when, and the SHA-256
// of the content destroyed, never the content: anyone holding a copy of the
// content can show it is what was destroyed, nobody can read it back.
type Certificate struct {
	Kind       string    `json:"kind"`
	Subject    string    `json:"subject"`
	Scope      string    `json:"scope"`
	Action     string    `json:"action"` // delete or anonymise: what was done
	Rule       Rule      `json:"rule"`
	DueAt      time.Time `json:"due_at"`
	ApprovedBy string    `json:"approved_by"`
	ApprovedAt time.Time `json:"approved_at"`
	DisposedAt time.Time `json:"disposed_at"`
	// ContentSHA256 is the hash of the canonical JSON of the rows removed
	// (Content); Blobs are the content addresses (SHA-256) of its files.
	ContentSHA256 string   `json:"content_sha256"`
	Blobs         []string `json:"blobs,omitempty"`
	// Rows counts what was removed, per kind of row.
	Rows map[string]int `json:"rows"`
	// Items are, for an erasure, each thing linked to the person and what
	// was done to it: deleted, anonymised, or kept and by which rule or hold.
	Items []ErasureItem `json:"items,omitempty"`
}

// Encode is the certificate's canonical JSON (struct order, UTC times):
// the bytes that are stored, hashed and exported.
func (c Certificate) Encode() []byte {
	c.DueAt, c.ApprovedAt, c.DisposedAt = c.DueAt.UTC(), c.ApprovedAt.UTC(), c.DisposedAt.UTC()
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // a struct of strings, times and ints always encodes
	}
	return b
}

// Hash is the SHA-256 (hex) of data.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// AuditEntry is the audit entry that chains a certificate into the log: it
// carries the certificate's hash, so the certificate cannot be altered
// without breaking the match, and the log cannot be without breaking its chain.
func (c Certificate) AuditEntry() audit.Entry {
	return audit.Entry{At: c.DisposedAt, Actor: c.ApprovedBy, Action: AuditDisposed, Subject: c.Kind + ":" + c.Subject,
		Detail: audit.Detail(map[string]any{"certificate_sha256": Hash(c.Encode()), "action": c.Action, "rule": c.Rule.Source})}
}

// StoredCertificate is a certificate as kept: its bytes and where its audit
// entry is.
type StoredCertificate struct {
	ID       int64
	Kind     string
	Subject  string
	JSON     []byte
	SHA256   string
	At       time.Time
	AuditSeq int64
}

// VerifyCertificate checks a stored certificate against its audit entry (itself
// checked by audit.Verifier as part of the chain): the bytes hash to the
// recorded hash, and the entry names the same subject and hash. Errors:
// fault.Invalid saying what does not match.
func VerifyCertificate(c StoredCertificate, e audit.Entry) (Certificate, error) {
	var cert Certificate
	if got := Hash(c.JSON); got != c.SHA256 {
		return cert, fault.New(fault.Invalid, "certificate %d: its bytes hash to %s, not the recorded %s", c.ID, got, c.SHA256)
	}
	var d struct {
		SHA string `json:"certificate_sha256"`
	}
	if err := json.Unmarshal(e.Detail, &d); err != nil || e.Action != AuditDisposed || d.SHA != c.SHA256 || e.Subject != c.Kind+":"+c.Subject {
		return cert, fault.New(fault.Invalid, "certificate %d: audit entry %d does not record it", c.ID, e.Seq)
	}
	if err := json.Unmarshal(c.JSON, &cert); err != nil {
		return cert, fault.Wrap(fault.Invalid, err, fmt.Sprintf("certificate %d is not readable", c.ID))
	}
	return cert, nil
}
