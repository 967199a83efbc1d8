package people

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Audit actions written by the people service.
const (
	AuditDecision      = "person.link_decision"
	AuditSubjectAccess = "person.subject_access_export"
	AuditImport        = "person.import"
	AuditGazetteer     = "property.import"
)

// Confirm records that the records left and right are the same person
// (must-link), as an officer who may see both. It wins over the model on
// every later run. Errors: fault.NotFound if p may not see either record,
// fault.Forbidden for callers other than staff, fault.Invalid for a pair of
// one record.
func (s *Service) Confirm(ctx context.Context, p access.Principal, left, right, reason string) error {
	if left == right {
		return fault.New(fault.Invalid, "a record is always its own person")
	}
	if err := s.mayDecide(ctx, p, left, right); err != nil {
		return err
	}
	d := s.decision(p, left, right, MustLink, reason)
	return s.Store.SaveDecisions(ctx, []Decision{d}, s.decisionEntry(p, MustLink, []Decision{d}))
}

// Dismiss records that left and right are different people (cannot-link).
// Errors as for Confirm.
func (s *Service) Dismiss(ctx context.Context, p access.Principal, left, right, reason string) error {
	if left == right {
		return fault.New(fault.Invalid, "a record is always its own person")
	}
	if err := s.mayDecide(ctx, p, left, right); err != nil {
		return err
	}
	d := s.decision(p, left, right, CannotLink, reason)
	return s.Store.SaveDecisions(ctx, []Decision{d}, s.decisionEntry(p, CannotLink, []Decision{d}))
}

// Split records that key is not the same person as the other records of
// person id: one cannot-link decision with each of them. Records p may not
// see are ruled on too, without being shown, so the split holds. Errors:
// fault.NotFound when p may not see the record or it is not the person's.
func (s *Service) Split(ctx context.Context, p access.Principal, id int64, key, reason string) error {
	view, err := s.Person(ctx, p, id)
	if err != nil {
		return err
	}
	if !hasRecord(view.Records, key) {
		return fault.New(fault.NotFound, "record %s of person %d", key, id)
	}
	all, err := s.Store.RecordsOfPersons(ctx, []int64{id})
	if err != nil {
		return err
	}
	if err := mayLink(p, all...); err != nil {
		return err
	}
	var ds []Decision
	for _, r := range all {
		if r.Key != key {
			ds = append(ds, s.decision(p, key, r.Key, CannotLink, reason))
		}
	}
	if len(ds) == 0 {
		return fault.New(fault.Invalid, "the person has only this record")
	}
	return s.Store.SaveDecisions(ctx, ds, s.decisionEntry(p, CannotLink, ds[:1]))
}

func hasRecord(recs []Record, key string) bool {
	for _, r := range recs {
		if r.Key == key {
			return true
		}
	}
	return false
}

// mayDecide checks that p is staff and may see both records.
func (s *Service) mayDecide(ctx context.Context, p access.Principal, keys ...string) error {
	if p.Kind != access.KindStaff {
		return fault.New(fault.Forbidden, "only council staff rule on links")
	}
	for _, k := range keys {
		id, err := s.Store.PersonOfRecord(ctx, k)
		if err != nil {
			return err
		}
		view, err := s.Person(ctx, p, id)
		if err != nil || !hasRecord(view.Records, k) {
			return fault.New(fault.NotFound, "record %s", k)
		}
		if err := mayLink(p, view.Records[slices.IndexFunc(view.Records, func(r Record) bool { return r.Key == k })]); err != nil {
			return err
		}
	}
	return nil
}

// mayLink refuses a decision on records whose processing is restricted:
// linking or splitting them is processing nobody may do (access.ActionLink).
func mayLink(p access.Principal, recs ...Record) error {
	for _, r := range recs {
		if r.Restricted(p, access.ActionLink) {
			return fault.New(fault.Forbidden, "%s: record %s cannot be linked or split", access.RestrictedReason, r.Key)
		}
	}
	return nil
}

func (s *Service) decision(p access.Principal, a, b string, kind DecisionKind, reason string) Decision {
	k := pairKey(a, b)
	return Decision{Left: k[0], Right: k[1], Kind: kind, Actor: p.UserID, Reason: strings.TrimSpace(reason), DecidedAt: s.now()}
}

// decisionEntry audits a ruling. The subject is the first record key; case
// references in keys are not repeated in the detail beyond the pair.
func (s *Service) decisionEntry(p access.Principal, kind DecisionKind, ds []Decision) audit.Entry {
	d := ds[0]
	return audit.Entry{At: s.now(), Actor: p.UserID, Action: AuditDecision, Subject: "record:" + d.Left,
		Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{
			"kind": string(kind), "left": d.Left, "right": d.Right, "reason": d.Reason, "pairs": strconv.Itoa(len(ds)),
		})}
}
