package people

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/linkage"
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
	// SaveRecords upserts records by key (keeping their person), marks them
	// waiting to be linked (with the batch's Unmatched records when set),
	// adds case places, moves the case watermark when set and queues the
	// outbox messages, all in one transaction.
	SaveRecords(ctx context.Context, b RecordBatch) error
	// SaveProperties upserts gazetteer properties by UPRN and appends the
	// audit entries, in one transaction.
	SaveProperties(ctx context.Context, props []Property, entries ...audit.Entry) error
	// Property returns a property by UPRN, or fault.NotFound.
	Property(ctx context.Context, uprn string) (Property, error)

	// PendingCount is how many records wait to be linked.
	PendingCount(ctx context.Context) (int, error)
	// PendingRecords returns up to limit records waiting to be linked, by
	// id, and the highest generation at which any of them was marked.
	PendingRecords(ctx context.Context, limit int) ([]Record, int64, error)
	// MarkAllPending makes every record wait to be linked again; with
	// dropKeys the stored blocking keys are deleted first (the rules changed).
	MarkAllPending(ctx context.Context, dropKeys bool) error
	// BlockNeighbours returns the records that share any of the keys, except
	// keys held by more than maxBlock records, which it returns as capped.
	BlockNeighbours(ctx context.Context, keys []BlockKey, maxBlock int) ([]Record, []BlockKey, error)
	// DecisionsFor returns the decisions that involve any of the keys.
	DecisionsFor(ctx context.Context, keys []string) ([]Decision, error)
	// RecordCount is the number of records.
	RecordCount(ctx context.Context) (int, error)
	// RecordsAfter returns up to limit records with id above afterID, by id.
	RecordsAfter(ctx context.Context, afterID int64, limit int) ([]Record, error)
	// LinkModel returns the stored linkage model, or fault.NotFound.
	LinkModel(ctx context.Context) (StoredModel, error)
	// SaveLinkModel stores the model; with relink every record waits to be
	// linked again with it, in the same transaction.
	SaveLinkModel(ctx context.Context, m StoredModel, relink, dropKeys bool) error
	// LeaseLink takes or renews the lease on the linkage job: it succeeds
	// when the lease is free (expired) or held as token, and then holds it
	// as next until next (µs since the epoch). One run at a time, across nodes.
	LeaseLink(ctx context.Context, token, next int64, now time.Time) (bool, error)
	// SaveLinkage writes one linked batch (see LinkOutput) in one
	// transaction; fault.Conflict when the lease was lost.
	SaveLinkage(ctx context.Context, out LinkOutput) error
	// SaveDecisions records officers' decisions (each replacing an earlier
	// one on the same pair) with their audit entry, and makes both records
	// of each wait to be linked again.
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
	// OutboxByKey returns the outbox messages of a topic about key (a case
	// reference), oldest first.
	OutboxByKey(ctx context.Context, topic, key string) ([]jobs.Message, error)
}

// RecordBatch is one ingestion or import, written in one transaction.
type RecordBatch struct {
	Records []Record
	Places  []CasePlace
	// CasesAfter, when set, is the new case watermark.
	CasesAfter *int64
	// Unmatched makes every record without a UPRN wait to be linked again
	// (a gazetteer arrived, so their addresses may now match).
	Unmatched bool
	Outbox    []jobs.Message
	// Audit entries are chained in the same transaction.
	Audit []audit.Entry
}

// LinkInput is every record, decision and person: what tests read to see
// the whole linkage.
type LinkInput struct {
	Records   []Record
	Decisions []Decision
	// Persons are the stored golden records, by id.
	Persons map[int64]Person
}

// BlockKey is a record's key under one blocking rule (by its index in the
// linkage settings), as linkage.BlockingRule.Key computes it.
type BlockKey struct {
	Rule int
	Key  string
}

// StoredModel is the fitted linkage model kept between runs.
type StoredModel struct {
	// Settings fingerprints the linkage settings the model was fitted with.
	Settings string
	Params   *linkage.Params
	// Records is how many records there were when it was fitted.
	Records  int
	FittedAt time.Time
}

// LinkOutput is what one linkage batch writes.
type LinkOutput struct {
	// Lease is the token of the lease the run holds; the save is refused
	// if another run took the lease since.
	Lease int64
	// Persons are the golden records of every record relinked; ID 0 is a new person.
	Persons []LinkedPerson
	// UPRNs are matches found in this run for records without one, by key.
	UPRNs map[string]Match
	// Affected are the persons that held records relinked: those left
	// without a record are deleted.
	Affected []int64
	// Scope are the keys of the records relinked: every suggestion naming
	// one is replaced by Suggestions.
	Scope       []string
	Suggestions []Suggestion
	// Keys are the blocking keys of the batch's records, by record id,
	// replacing their earlier keys.
	Keys map[int64][]BlockKey
	// Done are the batch's record ids: they stop waiting, unless marked
	// again after generation Gen.
	Done []int64
	Gen  int64
}

// LinkedPerson is a golden person and the keys of its records.
type LinkedPerson struct {
	Person Person
	Keys   []string
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
