package people

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// maxSuggestions bounds how many possible matches one batch keeps for review.
const maxSuggestions = 2000

// linkBatch is how many waiting records one batch links. A batch reads its
// records' block neighbours (at most MaxBlock per key) and the persons they
// belong to, so it bounds the memory of a run whatever the number of records.
const linkBatch = 500

// leaseFor is how long a run holds the linkage lease without renewing it;
// it renews after every batch.
const leaseFor = 2 * time.Minute

// LinkStats report one linkage run.
type LinkStats struct {
	// Records is the number of waiting records linked; Batches the batches.
	Records, Batches int
	// Persons is the number of golden persons written.
	Persons int
	// Candidates and Pairs are the pairs compared and those at or above the threshold.
	Candidates, Pairs    int
	Suggestions, Matched int
	// Capped is the number of blocks left out for holding more than
	// BlockCap records (RuleStats.Capped); each is also logged.
	Capped, BlockCap int
	// Pending is the number of records still waiting when the run ended.
	Pending int
	// Fitted reports that the run (re)estimated the model.
	Fitted   bool
	Duration time.Duration
}

// errLeaseLost stops a run whose lease another run took.
var errLeaseLost = errors.New("people: linkage lease lost")

// LinkIfChanged links the records waiting since the last run (new,
// changed, or ruled on), batch by batch; ran is false when none waited or
// another run is under way, here or on another node. It never rescans
// records that did not change, except after the model is estimated again
// (see ensureModel).
func (s *Service) LinkIfChanged(ctx context.Context) (LinkStats, bool, error) {
	return s.linkRun(ctx, false)
}

// Link estimates the model again and relinks every record, batch by batch
// (what `guildhall import --link` asks for).
func (s *Service) Link(ctx context.Context) (LinkStats, error) {
	st, _, err := s.linkRun(ctx, true)
	return st, err
}

func (s *Service) linkRun(ctx context.Context, full bool) (LinkStats, bool, error) {
	if !s.linkMu.TryLock() {
		return LinkStats{}, false, nil // this process is already linking
	}
	defer s.linkMu.Unlock()
	if !full {
		n, err := s.Store.PendingCount(ctx)
		if err != nil || n == 0 {
			s.status.pending.Store(int64(n))
			return LinkStats{}, false, err
		}
	}
	l := &linkRun{s: s, settings: s.linkSettings()}
	ok, err := l.lease(ctx)
	if err != nil || !ok {
		return LinkStats{}, false, err // another node is linking
	}
	defer l.release()
	s.status.running.Store(true)
	defer s.status.running.Store(false)
	s.status.capped.Store(0)
	st, err := l.run(ctx, full)
	if n, perr := s.Store.PendingCount(context.WithoutCancel(ctx)); perr == nil {
		st.Pending = n
	}
	s.status.record(st)
	return st, st.Batches > 0, err
}

// linkRun is one run: its settings, model and lease.
type linkRun struct {
	s        *Service
	settings linkage.Settings
	params   *linkage.Params
	token    int64
}

func (l *linkRun) lease(ctx context.Context) (bool, error) {
	now := l.s.now()
	next := now.Add(leaseFor).UnixMicro() + int64(now.Nanosecond()%1000) // unlikely to equal another run's
	if next == l.token {
		next++
	}
	ok, err := l.s.Store.LeaseLink(ctx, l.token, next, now)
	if ok {
		l.token = next
	}
	return ok, err
}

// release frees the lease for the next run, here or on another node.
func (l *linkRun) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	l.s.Store.LeaseLink(ctx, l.token, 0, time.UnixMicro(0))
}

func (l *linkRun) run(ctx context.Context, full bool) (LinkStats, error) {
	start := time.Now()
	st := LinkStats{BlockCap: l.settings.MaxBlock}
	fitted, err := l.ensureModel(ctx, full)
	if err != nil {
		return st, err
	}
	st.Fitted = fitted
	for ctx.Err() == nil {
		recs, gen, err := l.s.Store.PendingRecords(ctx, linkBatch)
		if err != nil || len(recs) == 0 {
			st.Duration = time.Since(start)
			return st, err
		}
		if ok, err := l.lease(ctx); err != nil || !ok {
			return st, cmpErr(err, errLeaseLost)
		}
		bst, err := l.batch(ctx, recs, gen)
		if err != nil {
			return st, err
		}
		st.add(bst)
		l.s.status.batch(bst, l.s.Store)
		l.s.logger().Info("people linked", "records", bst.Records, "persons", bst.Persons, "pairs", bst.Pairs,
			"suggestions", bst.Suggestions, "uprns_matched", bst.Matched, "blocks_capped", bst.Capped, "block_cap", st.BlockCap)
	}
	st.Duration = time.Since(start)
	return st, ctx.Err()
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func (st *LinkStats) add(b LinkStats) {
	st.Records += b.Records
	st.Batches++
	st.Persons += b.Persons
	st.Candidates += b.Candidates
	st.Pairs += b.Pairs
	st.Suggestions += b.Suggestions
	st.Matched += b.Matched
	st.Capped += b.Capped
}

// batch links waiting records: it finds their candidates through the
// stored blocking keys, scores those pairs with the stored model, then
// relinks the persons involved (every record of each) from scratch:
// scoring all their pairs, applying officers' decisions, building golden
// records and suggestions. Persons not involved are not read.
func (l *linkRun) batch(ctx context.Context, recs []Record, gen int64) (LinkStats, error) {
	st := LinkStats{Records: len(recs)}
	out := LinkOutput{Lease: l.token, Gen: gen, UPRNs: map[string]Match{}, Keys: map[int64][]BlockKey{}}
	if err := l.s.matchAll(ctx, recs, out.UPRNs); err != nil {
		return st, err
	}
	st.Matched = len(out.UPRNs)
	for _, r := range recs {
		out.Done = append(out.Done, r.ID)
	}
	recs = linkable(recs)
	var keys []BlockKey
	for _, r := range recs {
		out.Keys[r.ID] = l.blockKeys(r)
		keys = append(keys, out.Keys[r.ID]...)
	}
	near, capped, err := l.s.Store.BlockNeighbours(ctx, keys, l.settings.MaxBlock)
	if err != nil {
		return st, err
	}
	near = linkable(near)
	st.Capped = l.reportCapped(capped, "stored")
	scope, err := l.scope(ctx, recs, near, &st)
	if err != nil {
		return st, err
	}
	return st, l.relink(ctx, scope, &out, &st)
}

// linkable leaves out the records whose processing is restricted (UK GDPR
// Art. 18): they are never compared, linked or relinked, so each stays with
// the person it had when the restriction began, and no suggestion names it.
// A restricted record in a batch is still marked done, and keeps the
// blocking keys it had, which no other record's search reads back (they
// come back restricted and are left out here too).
func linkable(recs []Record) []Record {
	return slices.DeleteFunc(slices.Clone(recs), func(r Record) bool { return r.Restricted(access.System, access.ActionLink) })
}

// blockKeys are the record's keys under every blocking rule.
func (l *linkRun) blockKeys(r Record) []BlockKey {
	row := linkRow(r)
	value := func(col string) string {
		for i, c := range linkColumns {
			if c == col {
				return row[i]
			}
		}
		return ""
	}
	var out []BlockKey
	for i, br := range l.settings.Blocking {
		if k, ok := br.Key(value); ok {
			out = append(out, BlockKey{Rule: i, Key: k})
		}
	}
	return out
}

// reportCapped logs the blocks left out for their size (by rule only: a key
// is personal data) and returns how many there were. where says whether
// the stored block (all linked records) or the block among the records
// read was over the cap.
func (l *linkRun) reportCapped(capped []BlockKey, where string) int {
	if len(capped) == 0 {
		return 0
	}
	byRule := map[string]int{}
	for _, k := range capped {
		byRule[l.settings.Blocking[k.Rule].Label()]++
	}
	l.s.logger().Warn("people linkage: blocks over the cap were not compared; records in them are linked by the other rules only",
		"block_cap", l.settings.MaxBlock, "blocks", len(capped), "where", where, "by_rule", byRule)
	return len(capped)
}

// cappedIn reports the blocks linkage itself left out among the records read.
func (l *linkRun) cappedIn(res *linkage.Result) int {
	var capped []BlockKey
	for r, rs := range res.Blocking {
		for range rs.Capped {
			capped = append(capped, BlockKey{Rule: r})
		}
	}
	return l.reportCapped(capped, "read")
}

// scope gathers the records to relink: the batch, the neighbours the
// model matches with a batch record, the records officers ruled on with
// one, and every record of the persons these belong to.
func (l *linkRun) scope(ctx context.Context, recs, near []Record, st *LinkStats) ([]Record, error) {
	in := map[string]bool{}
	var focus []Record
	for _, r := range recs {
		in[r.Key] = true
		focus = append(focus, r)
	}
	all := focus
	for _, r := range near {
		if !in[r.Key] {
			in[r.Key] = true
			all = append(all, r)
		}
	}
	persons := map[int64]bool{}
	for _, r := range recs {
		persons[r.PersonID] = true
	}
	res, err := l.score(ctx, all, len(recs))
	if err != nil {
		return nil, err
	}
	if res != nil {
		st.Candidates += int(res.Candidates)
		st.Capped += l.cappedIn(res)
		for _, p := range res.Pairs {
			persons[all[p.A].PersonID], persons[all[p.B].PersonID] = true, true
		}
	}
	var keys []string
	for _, r := range recs {
		keys = append(keys, r.Key)
	}
	ds, err := l.s.Store.DecisionsFor(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		for _, k := range []string{d.Left, d.Right} {
			if id, err := l.s.Store.PersonOfRecord(ctx, k); err == nil {
				persons[id] = true
			} else if !errors.Is(err, fault.NotFound) {
				return nil, err
			}
		}
	}
	delete(persons, 0)
	return l.withPersons(ctx, recs, persons)
}

// withPersons returns recs and every record of the persons, the batch's
// own copies (with this run's UPRN matches) first.
func (l *linkRun) withPersons(ctx context.Context, recs []Record, persons map[int64]bool) ([]Record, error) {
	ids := make([]int64, 0, len(persons))
	for id := range persons {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	theirs, err := l.s.Store.RecordsOfPersons(ctx, ids)
	if err != nil {
		return nil, err
	}
	theirs = linkable(theirs)
	in := map[string]bool{}
	out := append([]Record(nil), recs...)
	for _, r := range recs {
		in[r.Key] = true
	}
	for _, r := range theirs {
		if !in[r.Key] {
			in[r.Key] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// relink scores every pair of the scope, clusters it with the officers'
// decisions and writes the result.
func (l *linkRun) relink(ctx context.Context, scope []Record, out *LinkOutput, st *LinkStats) error {
	res, err := l.score(ctx, scope, 0)
	if err != nil {
		return err
	}
	keys := make([]string, len(scope))
	affected := map[int64]bool{}
	for i, r := range scope {
		keys[i] = r.Key
		if r.PersonID != 0 && !affected[r.PersonID] {
			affected[r.PersonID] = true
			out.Affected = append(out.Affected, r.PersonID)
		}
	}
	ds, err := l.s.Store.DecisionsFor(ctx, keys)
	if err != nil {
		return err
	}
	groups := cluster(scope, res, ds)
	out.Persons = l.s.golden(scope, groups)
	out.Suggestions = suggest(scope, res, groups, ds)
	out.Scope = keys
	if res != nil {
		st.Candidates += int(res.Candidates)
		st.Pairs += len(res.Pairs)
		st.Capped += l.cappedIn(res)
	}
	st.Persons, st.Suggestions = len(out.Persons), len(out.Suggestions)
	err = l.s.Store.SaveLinkage(ctx, *out)
	if errors.Is(err, fault.Conflict) {
		return errLeaseLost
	}
	return err
}

// score runs linkage with the stored model over recs; with focus > 0 only
// pairs with one of the first focus records. Nil when there is no model or
// fewer than two records.
func (l *linkRun) score(ctx context.Context, recs []Record, focus int) (*linkage.Result, error) {
	if len(recs) < 2 || l.params == nil {
		return nil, nil
	}
	s := l.settings
	s.Params, s.Focus = l.params, focus
	if focus == len(recs) {
		s.Focus = 0 // every record is new: all their pairs
	}
	res, err := linkage.Dedupe(ctx, linkRecords(recs), s)
	if err != nil {
		return nil, fmt.Errorf("people: linkage: %w", err)
	}
	return res, nil
}

func linkRecords(recs []Record) *linkage.Records {
	lr := &linkage.Records{Columns: linkColumns, IDs: make([]string, len(recs)), Rows: make([][]string, len(recs))}
	for i, r := range recs {
		lr.IDs[i], lr.Rows[i] = r.Key, linkRow(r)
	}
	return lr
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

// golden builds each group's person by survivorship, keeping the id most of
// its records had (largest groups choose first; an id is used once).
func (s *Service) golden(recs []Record, groups [][]int) []LinkedPerson {
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
		out = append(out, LinkedPerson{Person: Survive(id, members, s.Trust, now), Keys: keys})
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
