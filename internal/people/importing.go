package people

import (
	"context"
	"errors"
	"regexp"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// sourceName is what a source may be called: it prefixes record keys.
var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidSource reports whether name may name a source ("council-tax").
func ValidSource(name string) bool { return sourceName.MatchString(name) && name != SourceCase }

// ImportRecords stores imported records of one source (matching their
// addresses to UPRNs), audits the import and asks the worker to link.
// Errors: fault.Invalid for a bad source name.
func (s *Service) ImportRecords(ctx context.Context, actor, source string, recs []Record) error {
	if !ValidSource(source) {
		return fault.New(fault.Invalid, "source %q: use lower-case letters, digits, - and _ (and not %q)", source, SourceCase)
	}
	for i := range recs {
		if recs[i].Source != source {
			return fault.New(fault.Invalid, "record %s is not from source %s", recs[i].Key, source)
		}
		if recs[i].UPRN == "" && recs[i].Address.UPRN != "" {
			recs[i].UPRN, recs[i].UPRNMatch = recs[i].Address.UPRN, MatchGiven
		}
		if err := s.matchRecord(ctx, &recs[i]); err != nil {
			return err
		}
	}
	if err := s.Store.SaveRecords(ctx, RecordBatch{Records: recs, Outbox: []jobs.Message{s.linkMessage("import " + source)}}); err != nil {
		return err
	}
	return s.Store.AppendAudit(ctx, audit.Entry{At: s.now(), Actor: actor, Action: AuditImport, Subject: "source:" + source,
		Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{"records": len(recs)})})
}

// ImportGazetteer stores gazetteer properties and asks the worker to link,
// so that records waiting for a UPRN are matched.
func (s *Service) ImportGazetteer(ctx context.Context, actor string, props []Property) error {
	if len(props) == 0 {
		return errors.New("no properties to import")
	}
	now := s.now()
	for i := range props {
		props[i].UpdatedAt = now
	}
	if err := s.Store.SaveProperties(ctx, props); err != nil {
		return err
	}
	if err := s.Store.SaveRecords(ctx, RecordBatch{Unmatched: true, Outbox: []jobs.Message{s.linkMessage("gazetteer")}}); err != nil {
		return err
	}
	return s.Store.AppendAudit(ctx, audit.Entry{At: now, Actor: actor, Action: AuditGazetteer, Subject: "gazetteer",
		Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{"properties": len(props)})})
}
