package people

import "hash/maphash"

// keySet remembers which keys an import has seen, and on which line, in 12
// bytes a key (a 64-bit hash and the line) instead of the key itself.
type keySet struct {
	seed  maphash.Seed
	lines map[uint64]int32
}

func newKeySet() *keySet {
	return &keySet{seed: maphash.MakeSeed(), lines: map[uint64]int32{}}
}

// add records key at line and reports the line it was first seen on, if any.
func (k *keySet) add(key string, line int) (int, bool) {
	h := maphash.String(k.seed, key)
	if first, ok := k.lines[h]; ok {
		return int(first), true
	}
	k.lines[h] = int32(line)
	return 0, false
}
