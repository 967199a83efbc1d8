package records

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// RunRetention is the retention job: it deletes expired drafts, lists the
// cases and documents whose period has run, carries out approved
// disposals and deletes the blobs they freed. Each step works in batches
// and keeps no state between them but a cursor, so memory is bounded and a
// run stopped at any point resumes where it was on the next one.
func (s *Service) RunRetention(ctx context.Context) (Report, error) {
	var r Report
	var err error
	if r.DraftsDeleted, err = s.ExpireDrafts(ctx); err != nil {
		return r, err
	}
	if r.Listed, err = s.ListDue(ctx); err != nil {
		return r, err
	}
	if r.Disposed, r.Held, err = s.DisposeApproved(ctx); err != nil {
		return r, err
	}
	r.BlobsDeleted, err = s.DeleteFreedBlobs(ctx)
	return r, err
}

// Task runs RunRetention for jobs.Task, logging what it did.
func (s *Service) Task(ctx context.Context) error {
	r, err := s.RunRetention(ctx)
	if r != (Report{}) {
		s.logger().Info("retention", "drafts_deleted", r.DraftsDeleted, "listed", r.Listed, "disposed", r.Disposed, "held", r.Held, "blobs_deleted", r.BlobsDeleted)
	}
	return err
}

// ExpireDrafts deletes unsent answers DraftRetentionDays after they last
// changed, as the privacy page promises, batch by batch.
func (s *Service) ExpireDrafts(ctx context.Context) (int, error) {
	cutoff := s.now().AddDate(0, 0, -DraftRetentionDays)
	total := 0
	for {
		e := audit.Entry{At: s.now(), Actor: "system", Action: AuditDraftsDeleted,
			Detail: audit.Detail(map[string]any{"rule": "drafts older than " + DraftRetentionText, "before": cutoff.Format(time.RFC3339)})}
		n, err := s.Store.ExpireDrafts(ctx, cutoff, s.batch(), e)
		total += n
		if err != nil || n < s.batch() {
			return total, err
		}
	}
}

// ListDue puts on the disposition list every case whose rule (its
// service's file plan class's) has run, and every document whose class's
// rule has.
func (s *Service) ListDue(ctx context.Context) (int, error) {
	total := 0
	for _, rule := range s.rules() {
		n, err := s.listRule(ctx, rule)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// scopedRule is a rule and what it applies to.
type scopedRule struct {
	Kind  string
	Scope string
	Rule  Rule
}

func (s *Service) rules() []scopedRule {
	var out []scopedRule
	if s.Services != nil {
		if cat := s.Services.Load(); cat != nil {
			for _, d := range cat.All() {
				out = append(out, scopedRule{KindCase, d.ID, s.Plan.CaseRule(d)})
			}
		}
	}
	if s.Plan != nil {
		for _, c := range s.Plan.Classes() {
			if c.Retention != nil {
				out = append(out, scopedRule{KindDocument, c.ID, c.Rule()})
			}
		}
	}
	return out
}

func (s *Service) listRule(ctx context.Context, sr scopedRule) (int, error) {
	cutoff, err := sr.Rule.Cutoff(s.now())
	if err != nil {
		return 0, err
	}
	q := DueQuery{Scope: sr.Scope, Trigger: sr.Rule.Trigger, Cutoff: cutoff, Limit: s.batch()}
	find := s.Store.CasesDue
	if sr.Kind == KindDocument {
		find = s.Store.DocumentsDue
	}
	total := 0
	for {
		found, err := find(ctx, q)
		if err != nil || len(found) == 0 {
			return total, err
		}
		n, err := s.Store.AddDue(ctx, s.dueItems(sr, found), []audit.Entry{s.listedEntry(sr, found)})
		total += n
		if err != nil || len(found) < q.Limit {
			return total, err
		}
		q.After = found[len(found)-1].ID
	}
}

func (s *Service) dueItems(sr scopedRule, found []Candidate) []Due {
	items := make([]Due, len(found))
	for i, c := range found {
		items[i] = Due{Kind: sr.Kind, Subject: c.Subject, Scope: sr.Scope, Rule: sr.Rule, DueAt: sr.Rule.DueAt(c.Start), Status: StatusDue}
	}
	return items
}

// listedEntry audits one batch of listings: which records, under which rule.
func (s *Service) listedEntry(sr scopedRule, found []Candidate) audit.Entry {
	subjects := make([]string, len(found))
	for i, c := range found {
		subjects[i] = c.Subject
	}
	return audit.Entry{At: s.now(), Actor: "system", Action: AuditListed, Subject: sr.Kind + "s:" + sr.Scope,
		Detail: audit.Detail(map[string]any{"rule": sr.Rule.Source, "action": sr.Rule.Action, "subjects": subjects})}
}

// DisposeApproved carries out approved disposals, batch by batch. An item a
// hold now covers goes back to the list, marked, and is counted as held.
func (s *Service) DisposeApproved(ctx context.Context) (disposed, held int, err error) {
	var after int64
	for {
		items, err := s.Store.DueList(ctx, DueFilter{Status: StatusApproved, After: after, Limit: s.batch()})
		if err != nil || len(items) == 0 {
			return disposed, held, err
		}
		c, err := s.coverage(ctx)
		if err != nil {
			return disposed, held, err
		}
		for _, d := range items {
			_, err := s.dispose(ctx, d, c)
			switch {
			case errors.Is(err, errHeld):
				held++
			case errors.Is(err, fault.Conflict):
				// changed since read: the next run reads it again
			case err != nil:
				return disposed, held, fmt.Errorf("disposing of %s %s: %w", d.Kind, d.Subject, err)
			default:
				disposed++
			}
		}
		if len(items) < s.batch() {
			return disposed, held, nil
		}
		after = items[len(items)-1].ID
	}
}

// BlobGrace is how long after it was last stored a blob that disposal
// freed is kept: longer than a resident's unsent draft lives
// (DraftRetentionDays), for a draft may hold the same bytes without any
// row naming them.
const BlobGrace = (DraftRetentionDays + 1) * 24 * time.Hour

// DeleteFreedBlobs deletes the bytes of files that disposal left unnamed
// and that nobody has stored again within BlobGrace; the others wait.
func (s *Service) DeleteFreedBlobs(ctx context.Context) (int, error) {
	del := func(context.Context, string) error { return nil }
	if s.Blobs != nil {
		del = s.Blobs.Delete
	}
	keepAfter := s.now().Add(-BlobGrace)
	total, after := 0, ""
	for {
		keys, err := s.Store.QueuedBlobs(ctx, after, s.batch())
		if err != nil || len(keys) == 0 {
			return total, err
		}
		for _, k := range keys {
			deleted, err := s.Store.DeleteFreedBlob(ctx, k, keepAfter, del)
			if err != nil {
				return total, fmt.Errorf("deleting blob %s: %w", k, err)
			}
			if deleted {
				total++
			}
		}
		after = keys[len(keys)-1]
	}
}
