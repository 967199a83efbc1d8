package linkage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// people makes a small register: n distinct people plus a duplicate with a
// typo or nickname for every third, and ground truth per record.
func people(n int) (*Records, []string) {
	rng := rand.New(rand.NewPCG(3, 4))
	first := []string{"william", "john", "margaret", "susan", "oyelaran", "piotr", "amara", "james"}
	nick := map[string]string{"william": "bill", "john": "jon", "margaret": "maggie", "james": "jim"}
	recs := &Records{Columns: []string{"id", "first", "last", "dob", "postcode"}}
	var truth []string
	add := func(id, entity string, row ...string) {
		recs.IDs = append(recs.IDs, id)
		recs.Rows = append(recs.Rows, append([]string{id}, row...))
		truth = append(truth, entity)
	}
	for i := range n {
		f := first[rng.IntN(len(first))]
		l := fmt.Sprintf("surname%03d", rng.IntN(n/2))
		dob := fmt.Sprintf("19%02d-%02d-%02d", 30+rng.IntN(70), 1+rng.IntN(12), 1+rng.IntN(28))
		pc := fmt.Sprintf("LS%d %d%c%c", 1+rng.IntN(20), rng.IntN(10), 'A'+rng.IntN(26), 'A'+rng.IntN(26))
		e := fmt.Sprint(i)
		add("p"+e, e, f, l, dob, pc)
		if i%3 == 0 {
			if nn, ok := nick[f]; ok {
				f = nn
			}
			add("d"+e, e, f, l[:len(l)-1]+"x", dob, pc)
		}
	}
	return recs, truth
}

func peopleSettings() Settings {
	return Settings{
		Comparisons: []Comparison{
			{Column: "first", Kind: JaroWinkler, Nicknames: true, TermFrequency: true},
			{Column: "last", Kind: JaroWinkler},
			{Column: "dob", Kind: Date},
			{Column: "postcode", Kind: Postcode},
		},
		Blocking: []BlockingRule{
			{Parts: []KeyPart{{Column: "dob"}}},
			{Parts: []KeyPart{{Column: "postcode"}}},
			{Parts: []KeyPart{{Column: "last", Prefix: 5}, {Column: "first", Soundex: true}}},
		},
		USamples: 50_000,
		Seed:     1,
	}
}

func TestDedupe(t *testing.T) {
	recs, truth := people(600)
	var blocked []RuleStats
	s := peopleSettings()
	s.Blocked = func(st []RuleStats) { blocked = st }
	res, err := Dedupe(context.Background(), recs, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocked) != 3 || blocked[0].Pairs == 0 {
		t.Fatalf("blocking report before scoring = %+v", blocked)
	}
	var fresh int64
	for _, r := range res.Blocking {
		fresh += r.New
	}
	if fresh != res.Candidates {
		t.Errorf("new pairs per rule sum to %d, want %d candidates", fresh, res.Candidates)
	}
	sc := EvaluatePairs(res.Pairs, truth, 0)
	if sc.F1 < 0.95 {
		t.Errorf("F1 %.3f (P %.3f R %.3f), want >= 0.95", sc.F1, sc.Precision, sc.Recall)
	}
	i, _ := res.Model.Lookup("p0")
	j, _ := res.Model.Lookup("d0")
	ex, err := res.Model.Explain(i, j)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Match || len(ex.Fields) != 4 || len(ex.Rules) == 0 {
		t.Errorf("explain p0/d0 = %+v, want a match with 4 fields compared by some rule", ex)
	}
	if ex.Fields[1].Level != "jw>=0.92" {
		t.Errorf("surname level %q, want jw>=0.92", ex.Fields[1].Level)
	}
}

func TestLink(t *testing.T) {
	recs, truth := people(600)
	left, right := &Records{Columns: recs.Columns}, &Records{Columns: recs.Columns}
	var lt, rt []string
	for i, id := range recs.IDs {
		dst := left
		if strings.HasPrefix(id, "d") {
			dst = right
			rt = append(rt, truth[i])
		} else {
			lt = append(lt, truth[i])
		}
		dst.IDs = append(dst.IDs, id)
		dst.Rows = append(dst.Rows, recs.Rows[i])
	}
	res, err := Link(context.Background(), left, right, peopleSettings())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pairs {
		if int(p.A) >= left.Len() || int(p.B) < left.Len() {
			t.Fatalf("pair %+v is not left×right", p)
		}
	}
	sc := EvaluatePairs(res.Pairs, append(lt, rt...), res.NLeft)
	if sc.F1 < 0.95 {
		t.Errorf("F1 %.3f (P %.3f R %.3f), want >= 0.95", sc.F1, sc.Precision, sc.Recall)
	}
}

func TestTermFrequency(t *testing.T) {
	recs, _ := people(600)
	res, err := Dedupe(context.Background(), recs, peopleSettings())
	if err != nil {
		t.Fatal(err)
	}
	f := res.Model.e.fields[0]
	common, rare := -1, -1
	for v, c := range f.count {
		if common < 0 || c > f.count[common] {
			common = v
		}
		if rare < 0 || c < f.count[rare] {
			rare = v
		}
	}
	if f.tfAdj[common] >= f.tfAdj[rare] {
		t.Errorf("agreeing on common %q adds %.2f, on rare %q %.2f: want less for the common one",
			f.vals[common], f.tfAdj[common], f.vals[rare], f.tfAdj[rare])
	}
}

func TestInvalidSettings(t *testing.T) {
	recs, _ := people(30)
	tests := []struct {
		name string
		edit func(*Settings)
	}{
		{"no comparisons", func(s *Settings) { s.Comparisons = nil }},
		{"no blocking", func(s *Settings) { s.Blocking = nil }},
		{"unknown kind", func(s *Settings) { s.Comparisons[0].Kind = "soundalike" }},
		{"unknown column", func(s *Settings) { s.Comparisons[0].Column = "nope" }},
		{"unknown blocking column", func(s *Settings) { s.Blocking[0].Parts[0].Column = "nope" }},
		{"bad threshold", func(s *Settings) { s.Threshold = 1.5 }},
		{"too many pairs", func(s *Settings) { s.MaxPairs = 1 }},
		{"bad estimation", func(s *Settings) { s.Estimation = "guess" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := peopleSettings()
			tt.edit(&s)
			if _, err := Dedupe(context.Background(), recs, s); !IsInvalid(err) {
				t.Errorf("err = %v, want an invalid-settings error", err)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	recs, _ := people(300)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Dedupe(ctx, recs, peopleSettings()); err == nil {
		t.Error("cancelled run returned no error")
	}
}
