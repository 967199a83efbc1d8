package people

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// Store is what the people service needs from storage; internal/store
// implements it. Each method is one transaction.
type Store interface {
	Gazetteer
	// PropertiesByPostcodes returns the current properties at each of the
	// normalised postcodes, by postcode.
	PropertiesByPostcodes(ctx context.Context, postcodes []string) (map[string][]Property, error)
	// CasesAfter returns up to limit cases with id above afterID, by id.
	CasesAfter(ctx context.Context, afterID int64, limit int) ([]cases.Case, error)
	// CasesWatermark is the id of the last case turned into a record.
	CasesWatermark(ctx context.Context) (int64, error)
	// SaveRecords upserts records by key (keeping their person), adds case
	// places, moves the case watermark when set, queues the outbox messages
	// and counts a new linkage generation, all in one transaction.
	SaveRecords(ctx context.Context, b RecordBatch) error
	// SaveProperties upserts gazetteer properties by UPRN.
	SaveProperties(ctx context.Context, props []Property) error
	// Property returns a property by UPRN, or fault.NotFound.
	Property(ctx context.Context, uprn string) (Property, error)

	// LinkInput returns every record, every decision and the generation
	// the records are at.
	LinkInput(ctx context.Context) (LinkInput, error)
	// SaveLinkage writes a linkage run: record UPRNs, persons (new ones get
	// ids), record assignments and suggestions, and marks the run's
	// generation linked.
	SaveLinkage(ctx context.Context, out LinkOutput) error
	// SaveDecisions records officers' decisions (each replacing an earlier
	// one on the same pair) with their audit entry, and counts a new generation.
	SaveDecisions(ctx context.Context, ds []Decision, e audit.Entry) error

	// PersonOfRecord returns the person a record key belongs to, or fault.NotFound.
	PersonOfRecord(ctx context.Context, key string) (int64, error)
	// FindRecords returns up to q.Limit linked records matching every given
	// part of q, by person.
	FindRecords(ctx context.Context, q Query) ([]Record, error)
	// RecordsOfPersons returns the records of the given persons.
	RecordsOfPersons(ctx context.Context, ids []int64) ([]Record, error)
	// Suggestions returns the suggestions that involve any of the keys.
	Suggestions(ctx context.Context, keys []string) ([]Suggestion, error)
	// CaseRefsAt returns the references of cases at a UPRN: by an answer's
	// address or location, or by the applicant's matched address.
	CaseRefsAt(ctx context.Context, uprn string) ([]string, error)
	// CaseEvents returns a case's timeline, oldest first.
	CaseEvents(ctx context.Context, caseID int64) ([]cases.Event, error)
	// CasesByRef returns the cases with these references that exist.
	CasesByRef(ctx context.Context, refs []string) ([]cases.Case, error)
	// AppendAudit chains and appends audit entries.
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// RecordBatch is one ingestion or import, written in one transaction.
type RecordBatch struct {
	Records []Record
	Places  []CasePlace
	// CasesAfter, when set, is the new case watermark.
	CasesAfter *int64
	Outbox     []jobs.Message
}

// LinkInput is what a linkage run reads.
type LinkInput struct {
	Records    []Record
	Decisions  []Decision
	Generation int64
	// Linked is the generation the last run linked.
	Linked int64
	// Persons are the stored golden records, by id.
	Persons map[int64]Person
}

// LinkOutput is what a linkage run writes.
type LinkOutput struct {
	Generation int64
	// Persons are the golden records; ID 0 is a new person.
	Persons []LinkedPerson
	// UPRNs are matches found in this run for records without one, by key.
	UPRNs       map[string]Match
	Suggestions []Suggestion
}

// LinkedPerson is a golden person and the keys of its records.
type LinkedPerson struct {
	Person Person
	Keys   []string
	// Unchanged is set when the stored person and its records are already
	// exactly this: the store writes nothing for it.
	Unchanged bool
}

// Query is a person search over records; empty parts match anything, and
// at least one is set.
type Query struct {
	// FamilyName matches exactly, ignoring case; GivenName matches as a
	// prefix of the given names, ignoring case.
	FamilyName  string
	GivenName   string
	DateOfBirth string // YYYY-MM-DD
	Postcode    string // normalised
	Limit       int
}
