package records

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// DispositionList returns the items on the list (every status), soonest
// due first, each with the active holds that block it.
func (s *Service) DispositionList(ctx context.Context, p access.Principal, after int64, limit int) ([]Due, error) {
	if err := mayManage(p); err != nil {
		return nil, err
	}
	items, err := s.Store.DueList(ctx, DueFilter{After: after, Limit: limit})
	if err != nil {
		return nil, err
	}
	c, err := s.coverage(ctx)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if items[i].Holds, err = s.heldBy(ctx, items[i], c); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// Approve approves the disposal of item id; the retention job carries it
// out. An item a hold covers cannot be approved: the attempt is refused
// and audited. Errors: fault.Forbidden, fault.NotFound, fault.Conflict.
func (s *Service) Approve(ctx context.Context, p access.Principal, id int64) error {
	d, err := s.decidable(ctx, p, id)
	if err != nil {
		return err
	}
	c, err := s.coverage(ctx)
	if err != nil {
		return err
	}
	if held, err := s.heldBy(ctx, d, c); err != nil {
		return err
	} else if len(held) > 0 {
		s.refuse(ctx, p, d, "held by hold "+holdIDs(held))
		return fault.New(fault.Conflict, "This record is under legal hold %s: it cannot be disposed of until the hold is released", holdIDs(held))
	}
	now := s.now()
	d.Status, d.DecidedBy, d.DecidedAt, d.Reason = StatusApproved, p.UserID, &now, ""
	return s.Store.DecideDue(ctx, d, s.entry(p, AuditApproved, d, nil))
}

// Defer keeps item id until, for the reason given (both required): it
// returns to the list then. Errors: fault.Forbidden, fault.NotFound,
// fault.Invalid, fault.Conflict.
func (s *Service) Defer(ctx context.Context, p access.Principal, id int64, until time.Time, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || !until.After(s.now()) {
		return fault.New(fault.Invalid, "Give a reason and a date in the future to keep this record until")
	}
	d, err := s.decidable(ctx, p, id)
	if err != nil {
		return err
	}
	now := s.now()
	d.Status, d.DecidedBy, d.DecidedAt, d.Reason, d.DueAt = StatusDeferred, p.UserID, &now, reason, until
	return s.Store.DecideDue(ctx, d, s.entry(p, AuditDeferred, d, map[string]any{"until": until.Format(time.DateOnly), "reason": reason}))
}

// decidable returns item id if p may decide it now: it is due, or deferred
// to a date that has passed.
func (s *Service) decidable(ctx context.Context, p access.Principal, id int64) (Due, error) {
	if err := mayManage(p); err != nil {
		return Due{}, err
	}
	d, err := s.Store.DueByID(ctx, id)
	if err != nil {
		return d, err
	}
	if d.Status == StatusApproved || (d.Status == StatusDeferred && d.DueAt.After(s.now())) {
		return d, fault.New(fault.Conflict, "This record has been decided already")
	}
	return d, nil
}

func (s *Service) entry(p access.Principal, action string, d Due, detail map[string]any) audit.Entry {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["rule"] = d.Rule.Source
	return audit.Entry{At: s.now(), Actor: p.UserID, Action: action, Subject: d.Kind + ":" + d.Subject, Detail: audit.Detail(detail)}
}

// refuse audits an attempt the rules refused; the refusal stands even when
// the audit cannot be written, so its error is only logged.
func (s *Service) refuse(ctx context.Context, p access.Principal, d Due, why string) {
	e := s.entry(p, AuditRefused, d, map[string]any{"why": why})
	if err := s.Store.AppendAudit(ctx, e); err != nil {
		s.logger().Error("auditing a refused disposal", "err", err)
	}
}

func holdIDs(hs []Hold) string {
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = "#" + strconv.FormatInt(h.ID, 10)
	}
	return strings.Join(ids, ", ")
}

// PlaceHold places a legal hold; it needs a reason. Errors: fault.Forbidden,
// fault.Invalid.
func (s *Service) PlaceHold(ctx context.Context, p access.Principal, t HoldTarget, reason string) (int64, error) {
	if err := mayManage(p); err != nil {
		return 0, err
	}
	reason, t.Target = strings.TrimSpace(reason), strings.TrimSpace(t.Target)
	if t.Kind == HoldSearch {
		t.Target = searchWords(t.Target)
	}
	switch {
	case !slices.Contains([]string{HoldCase, HoldDocument, HoldService, HoldClass, HoldPerson, HoldSearch}, t.Kind):
		return 0, fault.New(fault.Invalid, "Choose what the hold covers")
	case t.Target == "" || reason == "":
		return 0, fault.New(fault.Invalid, "Say what the hold covers and why")
	}
	if t.Kind == HoldPerson {
		// A person is held by one of their records: refuse a key that
		// names nobody, or the hold would hold nothing and say otherwise.
		if links, err := s.Store.PersonLinks(ctx, []string{t.Target}); err != nil {
			return 0, err
		} else if len(links.Records) == 0 {
			return 0, fault.New(fault.Invalid, "There is no people record %s: give the key of one of the person's records, as the single view shows it", t.Target)
		}
	}
	h := Hold{HoldTarget: t, Reason: reason, CreatedBy: p.UserID, CreatedAt: s.now()}
	e := audit.Entry{At: h.CreatedAt, Actor: p.UserID, Action: AuditHoldPlaced, Subject: t.Kind + ":" + t.Target,
		Detail: audit.Detail(map[string]any{"reason": reason})}
	return s.Store.PlaceHold(ctx, h, e)
}

// ReleaseHold releases hold id. A restriction of processing's hold is
// released only by lifting the restriction (LiftRestriction), which tells
// the person. Errors: fault.Forbidden, fault.NotFound, fault.Conflict.
func (s *Service) ReleaseHold(ctx context.Context, p access.Principal, id int64) error {
	if err := mayManage(p); err != nil {
		return err
	}
	hs, err := s.Store.Holds(ctx)
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(hs, func(h Hold) bool { return h.ID == id }); i >= 0 && strings.HasPrefix(hs[i].Reason, restrictionPrefix) && hs[i].Active() {
		return fault.New(fault.Conflict, "Hold %d is a restriction of processing: information governance lifts it on the request's rights page, and the person is told", id)
	}
	e := audit.Entry{At: s.now(), Actor: p.UserID, Action: AuditHoldReleased, Subject: "hold:" + strconv.FormatInt(id, 10)}
	return s.Store.ReleaseHold(ctx, id, p.UserID, e)
}

// Holds lists every hold, active first. Errors: fault.Forbidden.
func (s *Service) Holds(ctx context.Context, p access.Principal) ([]Hold, error) {
	if err := mayManage(p); err != nil {
		return nil, err
	}
	return s.Store.Holds(ctx)
}

// Certificates lists disposal certificates, newest first. Errors: fault.Forbidden.
func (s *Service) Certificates(ctx context.Context, p access.Principal, limit int) ([]StoredCertificate, error) {
	if err := mayManage(p); err != nil {
		return nil, err
	}
	return s.Store.Certificates(ctx, limit)
}

// Certificate returns one certificate. Errors: fault.Forbidden, fault.NotFound.
func (s *Service) Certificate(ctx context.Context, p access.Principal, id int64) (StoredCertificate, error) {
	if err := mayManage(p); err != nil {
		return StoredCertificate{}, err
	}
	return s.Store.Certificate(ctx, id)
}

// HoldReport is a hold and the items on the disposition list it blocks now.
type HoldReport struct {
	Hold
	Blocked []Due
}

// HoldReports lists every hold, active first, each with what it blocks on
// the disposition list. Errors: fault.Forbidden.
func (s *Service) HoldReports(ctx context.Context, p access.Principal) ([]HoldReport, error) {
	holds, err := s.Holds(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]HoldReport, len(holds))
	at := map[int64]int{}
	for i, h := range holds {
		out[i].Hold, at[h.ID] = h, i
	}
	c, err := s.coverage(ctx)
	if err != nil {
		return nil, err
	}
	for after := int64(0); ; {
		items, err := s.Store.DueList(ctx, DueFilter{After: after, Limit: s.batch()})
		if err != nil || len(items) == 0 {
			return out, err
		}
		for _, d := range items {
			held, err := s.heldBy(ctx, d, c)
			if err != nil {
				return nil, err
			}
			for _, h := range held {
				out[at[h.ID]].Blocked = append(out[at[h.ID]].Blocked, d)
			}
		}
		after = items[len(items)-1].ID
	}
}
