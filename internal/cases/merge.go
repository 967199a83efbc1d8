package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Timeline events of a merge: on the duplicate (Note is the original's
// reference) and on the original (Note is the duplicate's).
const (
	EventMerged       EventKind = "merged"
	EventDuplicateOut EventKind = "duplicate_merged"
)

// AuditMerge is the audit action of a merge, written once for each of the
// two cases.
const AuditMerge = "case.merge"

// MergeField is the form field (and the field of a refusal) that names the
// original report.
const MergeField = "original"

// MergeRequest is an officer's "this case is a duplicate of Original".
type MergeRequest struct {
	// Original is the reference of the report the case duplicates.
	Original string
	// Version is the duplicate's version as the officer read it; 0 skips
	// the check.
	Version int
}

// Merged is the outcome of Merge: both cases as stored.
type Merged struct {
	Duplicate, Original Case
}

// Merge closes case ref as a duplicate of another open report of the same
// service, outside its workflow (service.StateMerged), in one transaction:
// both timelines and the audit log record it; the duplicate's reporter (when
// they can be reached and are not the original's own reporter) and its
// followers become followers of the original, each told so once, and are
// told again, once, when the original closes. The officer must be allowed
// access.ActionMerge on both cases. Both cases' versions are checked as
// they are written, so of two officers merging either case at the same
// moment one succeeds and the other gets fault.Conflict. Errors:
// fault.NotFound or fault.Forbidden for ref; fault.Conflict for a duplicate
// already closed or changed meanwhile; a *service.ValidationError on
// MergeField for an original that is unknown, not the caller's to work,
// the case itself, of another service, or closed.
func (s *Service) Merge(ctx context.Context, p access.Principal, ref string, req MergeRequest) (Merged, error) {
	dup, err := s.forMerge(ctx, p, ref, req.Version)
	if err != nil {
		return Merged{}, err
	}
	def, err := s.definition(dup.ServiceID)
	if err != nil {
		return Merged{}, err
	}
	orig, err := s.mergeTarget(ctx, p, def, dup, req.Original)
	if err != nil {
		return Merged{}, err
	}
	dupCh, origCh, err := s.mergeChanges(ctx, p, def, dup, orig)
	if err != nil {
		return Merged{}, err
	}
	if err := s.Store.ApplyChanges(ctx, dupCh, origCh); err != nil {
		return Merged{}, fmt.Errorf("merge %s into %s: %w", dup.Ref, orig.Ref, err)
	}
	return Merged{Duplicate: dupCh.Case, Original: origCh.Case}, nil
}

// forMerge reads the duplicate and checks p may merge it while it is open.
func (s *Service) forMerge(ctx context.Context, p access.Principal, ref string, version int) (Case, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Case{}, err
	}
	if !s.ask(p, access.ActionMerge, c).Allow {
		if err := s.mayWork(p, c); err != nil {
			return Case{}, err
		}
		return Case{}, errForbidden("you may not merge case %s", c.Ref)
	}
	if version != 0 && version != c.Version {
		return Case{}, errConflict(c.Ref)
	}
	if c.ClosedAt != nil {
		return Case{}, fault.New(fault.Conflict, "case %s is closed", c.Ref)
	}
	return c, nil
}

// mergeTarget reads the original and refuses one that cannot take the
// duplicate. A reference p may not work is answered as one that does not
// exist, so that merging reveals nothing the case pages would not.
func (s *Service) mergeTarget(ctx context.Context, p access.Principal, def *service.Definition, dup Case, ref string) (Case, error) {
	bad := func(msg string) error {
		return &service.ValidationError{Errors: []service.FieldError{{Field: MergeField, Message: msg}}}
	}
	ref = NormaliseRef(ref)
	if ref == "" {
		return Case{}, bad("Enter the reference of the report this one duplicates")
	}
	if ref == dup.Ref {
		return Case{}, bad("A report cannot be a duplicate of itself: enter the reference of another report")
	}
	orig, err := s.Store.CaseByRef(ctx, ref)
	if errors.Is(err, fault.NotFound) || (err == nil && !s.ask(p, access.ActionMerge, orig).Allow) {
		return Case{}, bad("There is no report " + ref + " that you can work on")
	}
	if err != nil {
		return Case{}, err
	}
	if orig.ServiceID != dup.ServiceID {
		return Case{}, bad("Report " + orig.Ref + " is not a report of " + def.Name + ": only reports of the same service can be merged")
	}
	if orig.ClosedAt != nil {
		return Case{}, bad("Report " + orig.Ref + " is closed: choose an open report")
	}
	return orig, nil
}

// mergeChanges builds the two changes of a merge: the duplicate closed and
// the original gaining its reporter and followers.
func (s *Service) mergeChanges(ctx context.Context, p access.Principal, def *service.Definition, dup, orig Case) (Change, Change, error) {
	now := s.now().UTC()
	actor := actorOf(p)
	closed := dup
	h, _, err := s.stepClock(dup.History, def, dup.State, service.StateMerged, nil, now)
	if err != nil {
		return Change{}, Change{}, fmt.Errorf("merge %s: clock: %w", dup.Ref, err)
	}
	closed.History, closed.State, closed.ClosedAt = h, service.StateMerged, &now
	if err := s.setClock(&closed, def); err != nil {
		return Change{}, Change{}, fmt.Errorf("merge %s: due date: %w", dup.Ref, err)
	}
	closed.UpdatedAt, closed.Version = now, dup.Version+1
	joined := orig
	joined.UpdatedAt, joined.Version = now, orig.Version+1
	follow, told, err := s.mergedFollowers(ctx, def, dup, orig, now)
	if err != nil {
		return Change{}, Change{}, err
	}
	dupCh := Change{
		Case: closed, ExpectVersion: dup.Version, Outbox: told,
		Events: []Event{{At: now, Actor: actor, ActorName: p.Name, Kind: EventMerged, FromState: dup.State,
			ToState: service.StateMerged, Note: orig.Ref, Visibility: Resident}},
		Audit: []audit.Entry{caseEntry(now, actor, AuditMerge, closed, map[string]any{"duplicate_of": orig.Ref, "from": dup.State})},
	}
	origCh := Change{
		Case: joined, ExpectVersion: orig.Version, Follow: follow,
		Events: []Event{{At: now, Actor: actor, ActorName: p.Name, Kind: EventDuplicateOut, Note: dup.Ref, Visibility: Internal}},
		Audit:  []audit.Entry{caseEntry(now, actor, AuditMerge, joined, map[string]any{"duplicate": dup.Ref})},
	}
	return dupCh, origCh, nil
}

// mergedFollowers are who will follow the original after the merge, with
// the message telling each: the duplicate's reporter, then its followers,
// leaving out anyone who already follows the original or reported it.
func (s *Service) mergedFollowers(ctx context.Context, def *service.Definition, dup, orig Case, now time.Time) ([]Follower, []jobs.Message, error) {
	if s.Reports == nil || !isPublic(def, orig) {
		return nil, nil, nil // only public reports have followers
	}
	theirs, err := s.Reports.CaseFollowers(ctx, dup.ID)
	if err != nil {
		return nil, nil, err
	}
	already, err := s.Reports.CaseFollowers(ctx, orig.ID)
	if err != nil {
		return nil, nil, err
	}
	skip := map[Follower]bool{}
	for _, f := range already {
		skip[f.who()] = true
	}
	if f, ok := reporterOf(orig); ok {
		skip[f.who()] = true
	}
	var follow []Follower
	var told []jobs.Message
	add := func(f Follower, kind followKind) {
		if skip[f.who()] {
			return
		}
		skip[f.who()] = true
		follow = append(follow, f)
		told = append(told, mergeMessage(def, dup, orig, f, kind, s.SiteURL, now))
	}
	if f, ok := reporterOf(dup); ok {
		add(f, followMergedReporter)
	}
	for _, f := range theirs {
		add(f, followMergedFollower)
	}
	return follow, told, nil
}

// reporterOf is how a case's reporter is reached, as a follower is: the
// way they chose, in the one form followers are kept in. A reporter who
// gave no address, or only a landline for texts, cannot follow.
func reporterOf(c Case) (Follower, bool) {
	_, addr := c.Applicant.Contact()
	if addr == "" {
		return Follower{}, false
	}
	f, err := followerOf(addr)
	f.Lang = c.Lang
	return f, err == nil
}

// addressed is every address a list of outbox messages notifies, in the
// form followers are kept in: a follower already written to by the
// service's own message about the same change is not written to again.
func addressed(msgs []jobs.Message) map[Follower]bool {
	out := map[Follower]bool{}
	for _, m := range msgs {
		if m.Topic != jobs.TopicNotify {
			continue
		}
		var n notifyMessage
		if json.Unmarshal(m.Payload, &n) != nil {
			continue
		}
		if f, err := followerOf(n.To); err == nil {
			out[f] = true
		}
	}
	return out
}
