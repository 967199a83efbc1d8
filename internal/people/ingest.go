package people

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// SourceCase is the source name of records made from case applicants.
const SourceCase = "case"

// ingestBatch is how many cases one ingestion transaction takes.
const ingestBatch = 200

// IngestCases turns the applicants of cases submitted since the last run
// into records "case:<ref>" and notes the properties each case concerns. The
// watermark (the last case id done) moves in the same transaction as the
// records, so a crash repeats nothing and misses nothing. It returns how
// many cases it read.
func (s *Service) IngestCases(ctx context.Context) (int, error) {
	after, err := s.Store.CasesWatermark(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for {
		batch, err := s.Store.CasesAfter(ctx, after, ingestBatch)
		if err != nil || len(batch) == 0 {
			return total, err
		}
		b, err := s.caseBatch(ctx, batch)
		if err != nil {
			return total, err
		}
		after = batch[len(batch)-1].ID
		b.CasesAfter = &after
		if err := s.Store.SaveRecords(ctx, b); err != nil {
			return total, err
		}
		total += len(batch)
		if len(batch) < ingestBatch {
			return total, nil
		}
	}
}

func (s *Service) caseBatch(ctx context.Context, batch []cases.Case) (RecordBatch, error) {
	var b RecordBatch
	for _, c := range batch {
		b.Places = append(b.Places, casePlaces(c)...)
		rec, ok := RecordFromCase(c)
		if !ok {
			continue
		}
		if err := s.matchRecord(ctx, &rec); err != nil {
			return b, err
		}
		b.Records = append(b.Records, rec)
	}
	return b, nil
}

// matchRecord sets the record's UPRN from its address, if it can.
func (s *Service) matchRecord(ctx context.Context, rec *Record) error {
	if rec.UPRN != "" || rec.Address.IsEmpty() {
		return nil
	}
	m, ok, err := s.matcher().Match(ctx, rec.Address)
	if err == nil && ok {
		rec.UPRN, rec.UPRNMatch = m.UPRN, m.How
	}
	return err
}

// RecordFromCase makes the record of a case's applicant; ok is false when
// the applicant gave no name (an anonymous report).
func RecordFromCase(c cases.Case) (Record, bool) {
	a := c.Applicant
	if strings.TrimSpace(a.Name) == "" {
		return Record{}, false
	}
	given, family := SplitName(a.Name)
	rec := Record{
		Key: SourceCase + ":" + c.Ref, Source: SourceCase, GivenName: given, FamilyName: family,
		DateOfBirth: a.DateOfBirth, Email: strings.ToLower(strings.TrimSpace(a.Email)), Phone: normalisePhone(a.Phone),
		CaseRef: c.Ref, ObservedAt: c.SubmittedAt,
	}
	if a.Address != nil {
		rec.Address = Address{Line1: a.Address.Line1, Line2: a.Address.Line2, Town: a.Address.Town, Postcode: a.Address.Postcode, UPRN: a.Address.UPRN}
		if pc, ok := NormalisePostcode(rec.Address.Postcode); ok {
			rec.Address.Postcode = pc
		}
		if rec.Address.UPRN != "" {
			rec.UPRN, rec.UPRNMatch = rec.Address.UPRN, MatchGiven
		}
	}
	return rec, true
}

// casePlaces are the UPRNs a case's answers name (an address or a location).
func casePlaces(c cases.Case) []CasePlace {
	seen := map[string]bool{}
	var out []CasePlace
	add := func(uprn string) {
		if uprn != "" && digits(uprn, 12) && !seen[uprn] {
			seen[uprn] = true
			out = append(out, CasePlace{CaseRef: c.Ref, UPRN: uprn})
		}
	}
	for _, a := range c.Answers {
		add(answerUPRN(a))
	}
	return out
}

func answerUPRN(a service.Answer) string {
	switch {
	case a.Address != nil:
		return a.Address.UPRN
	case a.Location != nil:
		return a.Location.UPRN
	}
	return ""
}

// RefreshCase rewrites the record of case ref's applicant from the case as
// it now is (after a rectification corrected an answer), keeping its person
// and making it wait to be linked again. A case whose applicant gave no
// name has no record and nothing to refresh. Errors: fault.NotFound.
func (s *Service) RefreshCase(ctx context.Context, ref string) error {
	cs, err := s.Store.CasesByRef(ctx, []string{ref})
	if err != nil {
		return err
	}
	if len(cs) != 1 {
		return fault.New(fault.NotFound, "case %s", ref)
	}
	b, err := s.caseBatch(ctx, cs)
	if err != nil {
		return err
	}
	return s.Store.SaveRecords(ctx, b)
}
