package people

import (
	"context"
	"regexp"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// sourceName is what a source may be called: it prefixes record keys.
var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidSource reports whether name may name a source ("council-tax").
func ValidSource(name string) bool { return sourceName.MatchString(name) && name != SourceCase }

// ImportBatch is how many rows an import writes in one transaction: enough
// that commits do not dominate, few enough that memory stays flat whatever
// the file's size and the one writer is free for residents between batches.
const ImportBatch = 500

// Import is one run of importing a source's person records. Rows are added
// one at a time and written ImportBatch to a transaction, each batch with
// its own audit entry, so an import of any size holds one batch in memory
// and a crash part-way leaves whole, audited batches (a re-run updates them
// by key). Finish asks the worker to link what was written.
type Import struct {
	svc           *Service
	actor, source string
	batch         []Record
	// Written and WithUPRN count the records stored so far.
	Written, WithUPRN int
}

// StartImport begins an import of source's records by actor.
// Errors: fault.Invalid for a bad source name.
func (s *Service) StartImport(actor, source string) (*Import, error) {
	if !ValidSource(source) {
		return nil, fault.New(fault.Invalid, "source %q: use lower-case letters, digits, - and _ (and not %q)", source, SourceCase)
	}
	return &Import{svc: s, actor: actor, source: source, batch: make([]Record, 0, ImportBatch)}, nil
}

// Add matches rec's address to a UPRN and queues it, writing a full batch.
// Errors: fault.Invalid for a record of another source.
func (im *Import) Add(ctx context.Context, rec Record) error {
	if rec.Source != im.source {
		return fault.New(fault.Invalid, "record %s is not from source %s", rec.Key, im.source)
	}
	if rec.UPRN == "" && rec.Address.UPRN != "" {
		rec.UPRN, rec.UPRNMatch = rec.Address.UPRN, MatchGiven
	}
	if err := im.svc.matchRecord(ctx, &rec); err != nil {
		return err
	}
	im.batch = append(im.batch, rec)
	if len(im.batch) == ImportBatch {
		return im.flush(ctx)
	}
	return nil
}

// flush writes the queued records and their audit entry in one transaction.
func (im *Import) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	e := audit.Entry{At: im.svc.now(), Actor: im.actor, Action: AuditImport, Subject: "source:" + im.source,
		Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{"records": len(im.batch)})}
	if err := im.svc.Store.SaveRecords(ctx, RecordBatch{Records: im.batch, Audit: []audit.Entry{e}}); err != nil {
		return err
	}
	for _, r := range im.batch {
		if r.UPRN != "" {
			im.WithUPRN++
		}
	}
	im.Written += len(im.batch)
	im.batch = im.batch[:0]
	return nil
}

// Finish writes what is queued and asks the worker to link.
func (im *Import) Finish(ctx context.Context) error {
	if err := im.flush(ctx); err != nil {
		return err
	}
	return im.svc.Store.SaveRecords(ctx, RecordBatch{Outbox: []jobs.Message{im.svc.linkMessage("import " + im.source)}})
}

// ImportRecords imports a set of records already in memory (tests, small
// sources): one Import run.
func (s *Service) ImportRecords(ctx context.Context, actor, source string, recs []Record) error {
	im, err := s.StartImport(actor, source)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := im.Add(ctx, r); err != nil {
			return err
		}
	}
	return im.Finish(ctx)
}

// GazetteerImport is one run of importing gazetteer properties, written
// ImportBatch to a transaction with an audit entry each, as Import does.
type GazetteerImport struct {
	svc     *Service
	actor   string
	batch   []Property
	Written int
}

// StartGazetteerImport begins a gazetteer import by actor.
func (s *Service) StartGazetteerImport(actor string) *GazetteerImport {
	return &GazetteerImport{svc: s, actor: actor, batch: make([]Property, 0, ImportBatch)}
}

// Add queues p, writing a full batch.
func (g *GazetteerImport) Add(ctx context.Context, p Property) error {
	p.UpdatedAt = g.svc.now()
	g.batch = append(g.batch, p)
	if len(g.batch) == ImportBatch {
		return g.flush(ctx)
	}
	return nil
}

func (g *GazetteerImport) flush(ctx context.Context) error {
	if len(g.batch) == 0 {
		return nil
	}
	e := audit.Entry{At: g.svc.now(), Actor: g.actor, Action: AuditGazetteer, Subject: "gazetteer",
		Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{"properties": len(g.batch)})}
	if err := g.svc.Store.SaveProperties(ctx, g.batch, e); err != nil {
		return err
	}
	g.Written += len(g.batch)
	g.batch = g.batch[:0]
	return nil
}

// Finish writes what is queued, then makes every record without a UPRN
// wait to be linked again (its address may match now) and asks the worker;
// when no property was imported there is nothing to link again.
func (g *GazetteerImport) Finish(ctx context.Context) error {
	if err := g.flush(ctx); err != nil || g.Written == 0 {
		return err
	}
	return g.svc.Store.SaveRecords(ctx, RecordBatch{Unmatched: true, Outbox: []jobs.Message{g.svc.linkMessage("gazetteer")}})
}

// ImportGazetteer imports properties already in memory: one GazetteerImport.
func (s *Service) ImportGazetteer(ctx context.Context, actor string, props []Property) error {
	g := s.StartGazetteerImport(actor)
	for _, p := range props {
		if err := g.Add(ctx, p); err != nil {
			return err
		}
	}
	return g.Finish(ctx)
}
