package linkage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// bigBlockRecords puts 400 records in one date-of-birth block (79,800
// pairs, more than two work items) between runs of small blocks.
func bigBlockRecords() *Records {
	recs := &Records{Columns: []string{"id", "first", "last", "dob", "postcode"}}
	add := func(id, first, last, dob string) {
		recs.IDs = append(recs.IDs, id)
		recs.Rows = append(recs.Rows, []string{id, first, last, dob, ""})
	}
	for i := range 300 {
		add(fmt.Sprint("a", i), "ann", fmt.Sprint("small", i), fmt.Sprintf("1950-01-%02d", 1+i%28))
	}
	for i := range 400 {
		add(fmt.Sprint("b", i), "bob", fmt.Sprint("big", i%50), "1960-06-06")
	}
	for i := range 300 {
		add(fmt.Sprint("c", i), "cy", fmt.Sprint("late", i), fmt.Sprintf("1970-02-%02d", 1+i%28))
	}
	return recs
}

func dobSettings() Settings {
	return Settings{
		Comparisons: []Comparison{{Column: "first", Kind: JaroWinkler}, {Column: "last", Kind: JaroWinkler}},
		Blocking:    []BlockingRule{{Parts: []KeyPart{{Column: "dob"}}}},
		USamples:    10_000, Seed: 1, Workers: 2,
	}
}

// TestBigBlockComparedOnce: a block too big for one work item, between
// small blocks, is compared exactly once and progress ends at its total.
func TestBigBlockComparedOnce(t *testing.T) {
	recs := bigBlockRecords()
	var mu sync.Mutex
	var last, total int64
	s := dobSettings()
	s.Progress = func(done, tot int64) {
		mu.Lock()
		defer mu.Unlock()
		if done > tot {
			t.Errorf("progress %d of %d", done, tot)
		}
		last, total = done, tot
	}
	res, err := Dedupe(context.Background(), recs, s)
	if err != nil {
		t.Fatal(err)
	}
	pairs := smallPairs(recs, s)
	if res.Candidates != pairs || res.Blocking[0].Pairs != pairs {
		t.Errorf("compared %d candidates, rule counts %d, want %d", res.Candidates, res.Blocking[0].Pairs, pairs)
	}
	if last != total || total != 2*pairs {
		t.Errorf("progress ended at %d of %d, want %d of %d", last, total, 2*pairs, 2*pairs)
	}
	for i := 1; i < len(res.Pairs); i++ {
		if p, q := res.Pairs[i-1], res.Pairs[i]; p.A == q.A && p.B == q.B {
			t.Fatalf("pair %v reported twice", p)
		}
	}
}

// smallPairs counts the pairs of equal dob by brute force.
func smallPairs(recs *Records, _ Settings) int64 {
	by := map[string]int64{}
	for _, r := range recs.Rows {
		by[r[3]]++
	}
	var n int64
	for _, c := range by {
		n += c * (c - 1) / 2
	}
	return n
}

// TestWorkersDoNotChangeResult: one worker and eight find the same model,
// pairs and clusters.
func TestWorkersDoNotChangeResult(t *testing.T) {
	recs, _ := people(900)
	var got []*Result
	for _, w := range []int{1, 8} {
		s := peopleSettings()
		s.Workers = w
		res, err := Dedupe(context.Background(), recs, s)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res)
	}
	a, b := got[0], got[1]
	if !slices.Equal(a.Pairs, b.Pairs) || !slices.Equal(a.Clusters, b.Clusters) || a.Candidates != b.Candidates {
		t.Errorf("1 worker: %d pairs %d candidates; 8 workers: %d pairs %d candidates", len(a.Pairs), a.Candidates, len(b.Pairs), b.Candidates)
	}
	pa, _ := json.Marshal(a.Model.Params())
	pb, _ := json.Marshal(b.Model.Params())
	if string(pa) != string(pb) {
		t.Errorf("parameters differ:\n%s\n%s", pa, pb)
	}
}

// TestMaxBlockCaps: a block over the cap is left out and reported, and a
// pair in it that another rule generates is still compared by that rule.
func TestMaxBlockCaps(t *testing.T) {
	recs := bigBlockRecords()
	s := dobSettings()
	s.Blocking = append(s.Blocking, BlockingRule{Parts: []KeyPart{{Column: "last"}}})
	s.MaxBlock = 100
	var reported []RuleStats
	s.Blocked = func(st []RuleStats) { reported = st }
	res, err := Dedupe(context.Background(), recs, s)
	if err != nil {
		t.Fatal(err)
	}
	dob := reported[0]
	if dob.Capped != 1 || dob.CappedRecords != 400 || dob.CappedPairs != 400*399/2 || dob.LargestCapped != 400 || dob.LargestBlock > 100 {
		t.Errorf("dob rule report %+v, want one capped block of 400 records", dob)
	}
	// the 400 big-block records share "big<i%50>" surnames: 50 blocks of 8
	if got, want := res.Blocking[1].New, int64(50*8*7/2); got != want {
		t.Errorf("surname rule compared %d new pairs, want %d (pairs of the capped block it generates)", got, want)
	}
	if res.Candidates != smallPairs(recs, s)-400*399/2+50*8*7/2 {
		t.Errorf("candidates %d", res.Candidates)
	}
}

// TestParamsScoreAsEstimated: stored parameters (through JSON) score the
// same records exactly as the run that estimated them, and with Focus only
// the pairs of the focus records are compared, with the same weights.
func TestParamsScoreAsEstimated(t *testing.T) {
	recs, _ := people(900)
	s := peopleSettings()
	full, err := Dedupe(context.Background(), recs, s)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(full.Model.Params())
	var p Params
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	s.Params = &p
	again, err := Dedupe(context.Background(), recs, s)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.Pairs, full.Pairs) {
		t.Fatalf("stored parameters: %d pairs, estimated: %d", len(again.Pairs), len(full.Pairs))
	}
	s.Focus = 100
	focus, err := Dedupe(context.Background(), recs, s)
	if err != nil {
		t.Fatal(err)
	}
	var want []Pair
	for _, q := range full.Pairs {
		if q.A < 100 {
			want = append(want, q)
		}
	}
	if len(want) == 0 || !slices.Equal(focus.Pairs, want) {
		t.Errorf("focus: %d pairs, want the %d full-run pairs with a focus record", len(focus.Pairs), len(want))
	}
	if focus.Candidates >= full.Candidates/2 {
		t.Errorf("focus compared %d of %d candidates", focus.Candidates, full.Candidates)
	}
	s.Params.Comparisons = s.Params.Comparisons[1:]
	if _, err := Dedupe(context.Background(), recs, s); !IsInvalid(err) {
		t.Errorf("parameters of other comparisons: err = %v", err)
	}
}

// TestRuleKeyAgreesWithBlocks: BlockingRule.Key puts two records in one
// block exactly when Dedupe's own blocking does.
func TestRuleKeyAgreesWithBlocks(t *testing.T) {
	recs, _ := people(400)
	recs.Rows[5][1] = "  Émile " // case, spaces and accents normalise alike
	recs.Rows[6][1] = "émile"
	recs.Rows[7][3] = ""
	s := peopleSettings().withDefaults()
	e, err := encode(recs, 0, pairing{}, s)
	if err != nil {
		t.Fatal(err)
	}
	pos := make([]int, recs.Len())
	for p, i := range e.perm {
		pos[i] = p
	}
	for r, br := range s.Blocking {
		keys := make([]string, recs.Len())
		has := make([]bool, recs.Len())
		for i, row := range recs.Rows {
			keys[i], has[i] = br.Key(func(c string) string { return row[recs.column(c)] })
		}
		for i := range recs.Len() {
			for j := i + 1; j < recs.Len(); j++ {
				ki, kj := e.rows[pos[i]*e.stride+len(e.fields)+r], e.rows[pos[j]*e.stride+len(e.fields)+r]
				engine := ki != null && ki == kj
				if str := has[i] && has[j] && keys[i] == keys[j]; str != engine {
					t.Fatalf("rule %d, records %d and %d: Key says %v (%q, %q), blocking says %v", r, i, j, str, keys[i], keys[j], engine)
				}
			}
		}
	}
}
