package cases

import (
	"crypto/rand"
	"strings"
)

// refAlphabet has no 0/O or 1/I, so a reference read aloud or handwritten is
// not misread. 32 symbols: 8 of them give 2^40 references.
const refAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewRef returns a random case reference shown as XXXX-XXXX.
func NewRef() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	out := make([]byte, 0, 9)
	for i, v := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, refAlphabet[int(v)%len(refAlphabet)]) // 256 is a multiple of 32: no bias
	}
	return string(out)
}

// NormaliseRef turns what a resident typed ("k7qd m2xh", "K7QDM2XH") into
// the stored form XXXX-XXXX; anything that is not eight reference symbols is
// returned upper-cased, to be not found.
func NormaliseRef(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(refAlphabet, r) {
			b.WriteRune(r)
		}
	}
	t := b.String()
	if len(t) != 8 {
		return strings.ToUpper(strings.TrimSpace(s))
	}
	return t[:4] + "-" + t[4:]
}
