package audit

import (
	"context"
	"fmt"
	"time"
)

// Filter selects audit entries. Zero fields match everything.
type Filter struct {
	Actor, Action, Subject string
	From, To               time.Time // To is exclusive
	// AfterSeq pages: entries after this seq (before it when Newest).
	AfterSeq int64
	Newest   bool
	Limit    int
}

// Store is what the audit log needs from storage; internal/store implements it.
type Store interface {
	// AppendAudit chains the entries after the current head and stores them.
	AppendAudit(ctx context.Context, entries ...Entry) error
	// AuditEntries returns entries matching f in seq order.
	AuditEntries(ctx context.Context, f Filter) ([]Entry, error)
	// AuditHead is the seq and hash of the last entry, kept beside the log.
	AuditHead(ctx context.Context) (seq int64, hash string, err error)
	// AuditCount is how many entries have a seq up to upTo.
	AuditCount(ctx context.Context, upTo int64) (int64, error)
}

// Service records standalone events (sign-in, grants, views) and serves
// auditors' searches, exports and verification.
type Service struct {
	Store Store
	// Key checks the chain (Verify); nil checks plain hashes only.
	Key *Key
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Record appends one entry; At is set from the clock when zero.
func (s *Service) Record(ctx context.Context, e Entry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	return s.Store.AppendAudit(ctx, e)
}

// Search returns entries matching f.
func (s *Service) Search(ctx context.Context, f Filter) ([]Entry, error) {
	return s.Store.AuditEntries(ctx, f)
}

// VerifyAll checks the whole stored chain with s.Key, in pages, and that its
// last entry is the recorded head. It returns the number of entries checked,
// and a *BrokenError naming the first broken entry. Verify also checks
// checkpoints and names every problem.
func (s *Service) VerifyAll(ctx context.Context) (int64, error) {
	r, err := s.Verify(ctx, nil)
	if err != nil {
		return r.Entries, err
	}
	if len(r.Problems) > 0 {
		return r.Entries, &BrokenError{Seq: r.Problems[0].Seq, Reason: r.Problems[0].Reason}
	}
	return r.Entries, nil
}

// Verify checks the whole stored chain with s.Key against checkpoints (from
// ReadCheckpoints; nil for none) and the recorded head, reading it in pages.
// The report names every problem found; the error is for failing to read.
func (s *Service) Verify(ctx context.Context, checkpoints map[int64]Checkpoint) (Report, error) {
	// Read the head first: entries appended while the log is read then lie
	// past it, and do not count as a head mismatch.
	headSeq, headHash, err := s.Store.AuditHead(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("audit: read head: %w", err)
	}
	v := &Verifier{Key: s.Key, Checkpoints: checkpoints}
	var after int64
	for {
		page, err := s.Store.AuditEntries(ctx, Filter{AfterSeq: after, Limit: 1000})
		if err != nil {
			return v.report, err
		}
		for _, e := range page {
			if e.Seq > headSeq && headSeq > 0 && v.prev.Seq >= headSeq {
				return v.Finish(headSeq, headHash), nil
			}
			v.Add(e)
		}
		if len(page) < 1000 {
			return v.Finish(headSeq, headHash), nil
		}
		after = page[len(page)-1].Seq
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
