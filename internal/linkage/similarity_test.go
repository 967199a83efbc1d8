package linkage

import "testing"

func TestWordSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		min  float64
		max  float64
	}{
		{"12 high street", "12 high street", 1, 1},
		{"12 high street", "12 hihg street", 1, 1},
		{"12 high street", "12 station road", 0.3, 0.34},
		{"", "12 high street", 0, 0},
		{"flat 2 12 high street", "12 high street", 0.74, 0.76},
	}
	for _, tt := range tests {
		got := WordSimilarity(tt.a, tt.b)
		if got < tt.min || got > tt.max {
			t.Errorf("WordSimilarity(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
		}
	}
	if got := JaroWinklerSimilarity("martha", "marhta"); got < 0.96 || got > 0.962 {
		t.Errorf("JaroWinklerSimilarity(martha, marhta) = %.4f, want 0.961", got)
	}
}
