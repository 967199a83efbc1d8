package people

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"time"

	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// maxSuggestions bounds how many possible matches a run keeps for review.
const maxSuggestions = 2000

// LinkStats report one linkage run.
type LinkStats struct {
	Records, Persons, Candidates, Pairs, Suggestions, Matched int
	Duration                                                  time.Duration
}

// LinkIfChanged runs Link when records or decisions changed since the last
// run; ran is false otherwise.
func (s *Service) LinkIfChanged(ctx context.Context) (LinkStats, bool, error) {
	in, err := s.Store.LinkInput(ctx)
	if err != nil || in.Generation <= in.Linked {
		return LinkStats{}, false, err
	}
	st, err := s.link(ctx, in)
	return st, err == nil, err
}

// Link matches records without a UPRN to the gazetteer, runs linkage over
// every record, applies officers' decisions after clustering, keeps person
// ids stable across runs, builds golden records by survivorship and stores
// the possible matches it did not link for officers to review.
func (s *Service) Link(ctx context.Context) (LinkStats, error) {
	in, err := s.Store.LinkInput(ctx)
	if err != nil {
		return LinkStats{}, err
	}
	return s.link(ctx, in)
}

func (s *Service) link(ctx context.Context, in LinkInput) (LinkStats, error) {
	start := time.Now()
	out := LinkOutput{Generation: in.Generation, UPRNs: map[string]Match{}}
	if err := s.matchAll(ctx, in.Records, out.UPRNs); err != nil {
		return LinkStats{}, err
	}
	res, err := s.score(ctx, in.Records)
	if err != nil {
		return LinkStats{}, err
	}
	groups := cluster(in.Records, res, in.Decisions)
	out.Persons = s.golden(in.Records, groups, in.Persons)
	out.Suggestions = suggest(in.Records, res, groups, in.Decisions)
	if err := s.Store.SaveLinkage(ctx, out); err != nil {
		return LinkStats{}, err
	}
	st := LinkStats{Records: len(in.Records), Persons: len(out.Persons), Suggestions: len(out.Suggestions),
		Matched: len(out.UPRNs), Duration: time.Since(start)}
	if res != nil {
		st.Candidates, st.Pairs = int(res.Candidates), len(res.Pairs)
	}
	s.logger().Info("people linked", "records", st.Records, "persons", st.Persons, "pairs", st.Pairs,
		"suggestions", st.Suggestions, "uprns_matched", st.Matched, "took", st.Duration)
	return st, nil
}

// matchAll matches records that have an address but no UPRN (the gazetteer
// may have been loaded after they arrived), reading their postcodes'
// properties in a few queries.
func (s *Service) matchAll(ctx context.Context, recs []Record, found map[string]Match) error {
	var want []string
	seen := map[string]bool{}
	for _, r := range recs {
		if pc, ok := NormalisePostcode(r.Address.Postcode); ok && r.UPRN == "" && !seen[pc] {
			seen[pc] = true
			want = append(want, pc)
		}
	}
	if len(want) == 0 {
		return nil
	}
	byPostcode, err := s.Store.PropertiesByPostcodes(ctx, want)
	if err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		pc, ok := NormalisePostcode(r.Address.Postcode)
		if r.UPRN != "" || !ok || len(byPostcode[pc]) == 0 {
			continue
		}
		if m, ok := MatchAddress(r.Address, byPostcode[pc]); ok {
			r.UPRN, r.UPRNMatch = m.UPRN, m.How
			found[r.Key] = m
		}
	}
	return nil
}

// score runs linkage; nil when there are fewer than two records.
func (s *Service) score(ctx context.Context, recs []Record) (*linkage.Result, error) {
	if len(recs) < 2 {
		return nil, nil
	}
	lr := &linkage.Records{Columns: linkColumns, IDs: make([]string, len(recs)), Rows: make([][]string, len(recs))}
	for i, r := range recs {
		lr.IDs[i], lr.Rows[i] = r.Key, linkRow(r)
	}
	settings := DefaultSettings()
	if s.Settings != nil {
		settings = *s.Settings
	}
	res, err := linkage.Dedupe(ctx, lr, settings)
	if err != nil {
		return nil, fmt.Errorf("people: linkage: %w", err)
	}
	return res, nil
}

// golden builds each group's person by survivorship, keeping the id most of
// its records had (largest groups choose first; an id is used once).
func (s *Service) golden(recs []Record, groups [][]int, stored map[int64]Person) []LinkedPerson {
	sort.SliceStable(groups, func(i, j int) bool { return len(groups[i]) > len(groups[j]) })
	taken := map[int64]bool{}
	now := s.now()
	out := make([]LinkedPerson, 0, len(groups))
	for _, g := range groups {
		members := make([]Record, len(g))
		keys := make([]string, len(g))
		votes := map[int64]int{}
		for i, idx := range g {
			members[i], keys[i] = recs[idx], recs[idx].Key
			if id := recs[idx].PersonID; id != 0 && !taken[id] {
				votes[id]++
			}
		}
		id := mostVoted(votes)
		if id != 0 {
			taken[id] = true
		}
		p := Survive(id, members, s.Trust, now)
		out = append(out, LinkedPerson{Person: p, Keys: keys, Unchanged: unchanged(p, stored, members)})
	}
	return out
}

func mostVoted(votes map[int64]int) int64 {
	var best int64
	bestN := 0
	for id, n := range votes {
		if n > bestN || (n == bestN && id < best) {
			best, bestN = id, n
		}
	}
	return best
}

// unchanged reports whether person p is stored exactly so, with every one of
// its records already pointing at it.
func unchanged(p Person, stored map[int64]Person, members []Record) bool {
	old, ok := stored[p.ID]
	if p.ID == 0 || !ok {
		return false
	}
	for _, r := range members {
		if r.PersonID != p.ID {
			return false
		}
	}
	return old.GivenName == p.GivenName && old.FamilyName == p.FamilyName && old.DateOfBirth == p.DateOfBirth &&
		old.Email == p.Email && old.Phone == p.Phone && old.Address == p.Address && maps.Equal(old.Provenance, p.Provenance)
}
