package cases

import (
	"strings"
	"testing"
)

// FuzzNormaliseRef checks that what a resident types is either turned into
// the stored XXXX-XXXX form, which normalises to itself, or left upper-cased
// to be not found; it never panics.
func FuzzNormaliseRef(f *testing.F) {
	for _, s := range []string{"k7qd m2xh", "K7QD-M2XH", "", "k7qd", "ĸ7qd-m2xhz", "0000 0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormaliseRef(s)
		if len(got) == 9 && got[4] == '-' && strings.Count(got, "-") == 1 {
			if again := NormaliseRef(got); again != got {
				t.Fatalf("not a fixed point: %q → %q → %q", s, got, again)
			}
		}
	})
}
