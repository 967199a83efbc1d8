package linkage

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// febrlDir holds the FEBRL benchmark files; tests that need them skip
// cleanly when the folder is absent.
const febrlDir = "/work/shared/data/linkage/febrl"

func loadFEBRL(tb testing.TB, name string) *Records {
	tb.Helper()
	f, err := os.Open(filepath.Join(febrlDir, name))
	if os.IsNotExist(err) {
		tb.Skipf("FEBRL data not present: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadCSV(f, "rec_id")
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

func febrlSettings(tb testing.TB) Settings {
	tb.Helper()
	data, err := os.ReadFile("testdata/febrl.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := cfg.Settings()
	if err != nil {
		tb.Fatal(err)
	}
	s.USamples = 200_000 // enough for u on 5,000 records, and keeps the test fast
	return s
}

// febrlTruth derives the entity from rec_id ("rec-12-dup-0" → "12"); the
// id is used only here, for scoring, never as a feature.
func febrlTruth(recs *Records) []string {
	re := regexp.MustCompile(`^rec-(\d+)-`)
	out := make([]string, recs.Len())
	for i, id := range recs.IDs {
		out[i] = re.FindStringSubmatch(id)[1]
	}
	return out
}

// TestFEBRL runs unsupervised linkage on FEBRL 1, 2 (dedupe) and 4 (link)
// and asserts the pairwise F1 floors; parameters come from EM, the
// threshold is probability 0.5, the labels are only used to score.
func TestFEBRL(t *testing.T) {
	tests := []struct {
		name        string
		left, right string
		floor       float64
	}{
		{"febrl1", "dataset1.csv", "", 0.95},
		{"febrl2", "dataset2.csv", "", 0.95},
		{"febrl4", "dataset4a.csv", "dataset4b.csv", 0.99},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := febrlSettings(t)
			left := loadFEBRL(t, tt.left)
			var res *Result
			var err error
			if tt.right == "" {
				res, err = Dedupe(context.Background(), left, s)
			} else {
				res, err = Link(context.Background(), left, loadFEBRL(t, tt.right), s)
			}
			if err != nil {
				t.Fatal(err)
			}
			sc := EvaluatePairs(res.Pairs, febrlTruth(res.Records), res.NLeft)
			t.Logf("%s: precision %.4f recall %.4f F1 %.4f (%d candidates)", tt.name, sc.Precision, sc.Recall, sc.F1, res.Candidates)
			if sc.F1 < tt.floor {
				t.Errorf("F1 %.4f below floor %.2f", sc.F1, tt.floor)
			}
		})
	}
}
