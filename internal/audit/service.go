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
}

// Service records standalone events (sign-in, grants, views) and serves
// auditors' searches, exports and verification.
type Service struct {
	Store Store
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

// VerifyAll checks the whole stored chain, in pages, and that its last entry
// is the recorded head (so deleting the newest entries is found too). It
// returns the number of entries checked, and a *BrokenError naming the first
// broken entry.
func (s *Service) VerifyAll(ctx context.Context) (int64, error) {
	headSeq, headHash, err := s.Store.AuditHead(ctx)
	if err != nil {
		return 0, fmt.Errorf("audit: read head: %w", err)
	}
	var page []Entry
	var after, n int64
	last := Entry{}
	next := func() (Entry, bool, error) {
		if len(page) == 0 {
			var err error
			page, err = s.Store.AuditEntries(ctx, Filter{AfterSeq: after, Limit: 1000})
			if err != nil || len(page) == 0 {
				return Entry{}, false, err
			}
		}
		e := page[0]
		page, after, n, last = page[1:], e.Seq, n+1, e
		return e, true, nil
	}
	if err := Verify(next); err != nil {
		return n, err
	}
	switch {
	case last.Seq != headSeq:
		return n, &BrokenError{Seq: min(last.Seq, headSeq) + 1, Reason: fmt.Sprintf("the head records entry %d but the log ends at %d", headSeq, last.Seq)}
	case last.Hash != headHash:
		return n, &BrokenError{Seq: last.Seq, Reason: "hash differs from the one recorded in the head"}
	}
	return n, nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
