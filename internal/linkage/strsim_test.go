package linkage

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.9611},
		{"dwayne", "duane", 0.84},
		{"dixon", "dicksonx", 0.8133},
		{"smith", "smith", 1},
		{"abc", "xyz", 0},
		{"", "abc", 0},
	}
	var s scratch
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			got := jaroWinkler([]rune(tt.a), []rune(tt.b), &s)
			if math.Abs(got-tt.want) > 0.001 {
				t.Errorf("jaroWinkler(%q, %q) = %.4f, want %.4f", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestEditDistances(t *testing.T) {
	tests := []struct {
		a, b         string
		lev, damerau int
	}{
		{"kitten", "sitting", 3, 3},
		{"ca", "ac", 2, 1},
		{"19800512", "19800521", 2, 1},
		{"", "abc", 3, 3},
		{"smith", "smith", 0, 0},
		{"oyelaran", "oyelarn", 1, 1},
	}
	var s scratch
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := levenshtein([]rune(tt.a), []rune(tt.b), &s); got != tt.lev {
				t.Errorf("levenshtein = %d, want %d", got, tt.lev)
			}
			if got := damerau([]rune(tt.a), []rune(tt.b), &s); got != tt.damerau {
				t.Errorf("damerau = %d, want %d", got, tt.damerau)
			}
		})
	}
}

func TestSoundex(t *testing.T) {
	tests := map[string]string{"robert": "R163", "rupert": "R163", "tymczak": "T522", "ashcraft": "A261",
		"pfister": "P236", "lee": "L000", "o'brien": "O165", "": "", "123": ""}
	for in, want := range tests {
		if got := soundex(in); got != want {
			t.Errorf("soundex(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSignatureBounds checks on random strings that the cheap bounds never
// reject a pair the exact functions would accept.
func TestSignatureBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	word := func() []rune {
		r := make([]rune, 1+rng.IntN(9))
		for i := range r {
			r[i] = rune('a' + rng.IntN(6))
		}
		return r
	}
	var s scratch
	for range 20000 {
		a, b := word(), word()
		sa, sb := signature(a), signature(b)
		if jw, ceil := jaroWinkler(a, b, &s), jwCeiling(&sa, &sb); jw > ceil+1e-9 {
			t.Fatalf("%q %q: jaroWinkler %.4f above ceiling %.4f", string(a), string(b), jw, ceil)
		}
		if d, floor := damerau(a, b, &s), editFloor(&sa, &sb); d < floor {
			t.Fatalf("%q %q: damerau %d below floor %d", string(a), string(b), d, floor)
		}
	}
}

func TestJaroWinklerAllocatesNothing(t *testing.T) {
	var s scratch
	a, b := []rune("oyelaran"), []rune("oyelarna")
	jaroWinkler(a, b, &s)
	if n := testing.AllocsPerRun(100, func() { jaroWinkler(a, b, &s); damerau(a, b, &s) }); n != 0 {
		t.Errorf("allocations per comparison = %v, want 0", n)
	}
}
