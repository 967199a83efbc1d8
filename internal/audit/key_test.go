package audit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

func testKey(t *testing.T, b byte) *audit.Key {
	t.Helper()
	k, err := audit.NewKey(bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// keyedChain is n entries: the first legacy ones plain (as written before
// the key existed), the rest keyed with k.
func keyedChain(k *audit.Key, n, legacy int) []audit.Entry {
	var out []audit.Entry
	prev := audit.Entry{}
	for i := range n {
		e := audit.Entry{At: time.Date(2026, 3, 2, 9, i, 0, 0, time.UTC), Actor: "u-1", Action: "signin",
			Subject: "u-1", Detail: audit.Detail(map[string]any{"i": i})}
		if i < legacy {
			e = audit.Link(prev, e)
		} else {
			e = k.Link(prev, e)
		}
		out = append(out, e)
		prev = e
	}
	return out
}

// verify runs a Verifier over entries with checkpoints at the given seqs of
// the untampered chain, and the head as a forger would leave it (the last
// stored entry).
func verify(k *audit.Key, entries []audit.Entry, cps map[int64]audit.Checkpoint) audit.Report {
	v := &audit.Verifier{Key: k, Checkpoints: cps}
	var last audit.Entry
	for _, e := range entries {
		v.Add(e)
		last = e
	}
	return v.Finish(last.Seq, last.Hash)
}

// rehash recomputes every hash from entry from (1-based) on, as someone with
// database access but not the key would: with the plain algorithm, or with
// another key.
func rehash(c []audit.Entry, from int, link func(prev, e audit.Entry) audit.Entry) []audit.Entry {
	for i := from - 1; i < len(c); i++ {
		prev := audit.Entry{}
		if i > 0 {
			prev = c[i-1]
		}
		c[i] = link(prev, c[i])
	}
	return c
}

func TestKeyedChainTampering(t *testing.T) {
	k, other := testKey(t, 1), testKey(t, 2)
	const n = 10
	tests := []struct {
		name    string
		legacy  int
		tamper  func([]audit.Entry) []audit.Entry
		wantSeq int64
		want    string
	}{
		{"intact", 0, nil, 0, ""},
		{"intact after legacy entries", 4, nil, 0, ""},
		{"trim tail", 0, func(c []audit.Entry) []audit.Entry { return c[:7] }, 8, "truncated: entries 8–10 are missing"},
		{"delete all", 0, func(c []audit.Entry) []audit.Entry { return nil }, 1, "emptied"},
		{"rewrite and recompute plain hashes", 0, func(c []audit.Entry) []audit.Entry {
			c[4].Actor = "u-evil"
			return rehash(c, 5, audit.Link)
		}, 5, "plain SHA-256 recomputed without the audit key"},
		{"rewrite whole chain as plain", 0, func(c []audit.Entry) []audit.Entry {
			c[0].Actor = "u-evil"
			return rehash(c, 1, audit.Link)
		}, 3, "rewritten: its hash differs from the one the checkpoint"},
		{"rewrite legacy entry and recompute", 4, func(c []audit.Entry) []audit.Entry {
			c[3].Subject = "u-2"
			return append(rehash(c[:4], 4, audit.Link), c[4:]...)
		}, 5, "does not link to entry 4"},
		{"rewrite with another key", 0, func(c []audit.Entry) []audit.Entry {
			c[2].Subject = "u-2"
			return rehash(c, 3, other.Link)
		}, 3, "altered"},
		{"reorder", 0, func(c []audit.Entry) []audit.Entry {
			c[3], c[4] = c[4], c[3]
			c[3].Seq, c[4].Seq = 4, 5
			return c
		}, 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := keyedChain(k, n, tt.legacy)
			cps := map[int64]audit.Checkpoint{}
			for _, seq := range []int64{3, 6, 10} {
				cps[seq] = k.Sign(audit.Checkpoint{Seq: seq, Hash: c[seq-1].Hash, Count: seq, At: c[seq-1].At})
			}
			if tt.tamper != nil {
				c = tt.tamper(c)
			}
			r := verify(k, c, cps)
			if tt.tamper == nil {
				if !r.Intact() || r.Legacy != int64(tt.legacy) || r.FirstKeyed != int64(tt.legacy+1) {
					t.Fatalf("report = %+v, want intact with %d legacy entries", r, tt.legacy)
				}
				return
			}
			if r.Intact() {
				t.Fatalf("tampering not detected: %+v", r)
			}
			if p := r.Problems[0]; p.Seq != tt.wantSeq || !strings.Contains(p.Reason, tt.want) {
				t.Errorf("first problem = %+v, want entry %d: %q (all: %+v)", p, tt.wantSeq, tt.want, r.Problems)
			}
		})
	}
}

func TestCheckpointSignatures(t *testing.T) {
	k, other := testKey(t, 1), testKey(t, 2)
	cp := k.Sign(audit.Checkpoint{Seq: 7, Hash: "ab", Count: 7, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)})
	if !k.VerifyCheckpoint(cp) {
		t.Fatal("own checkpoint does not verify")
	}
	forged := cp
	forged.Seq = 3
	if k.VerifyCheckpoint(forged) || k.VerifyCheckpoint(other.Sign(cp)) {
		t.Error("a changed or foreign checkpoint verifies")
	}
	path := filepath.Join(t.TempDir(), "cp.jsonl")
	line := func(c audit.Checkpoint) string {
		return `{"seq":` + itoa(c.Seq) + `,"hash":"` + c.Hash + `","count":` + itoa(c.Count) + `,"at":"` + c.At.Format(time.RFC3339Nano) + `","key":"` + c.KeyID + `","sig":"` + c.Sig + `"}` + "\n"
	}
	if err := os.WriteFile(path, []byte(line(cp)+line(forged)+"garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good, bad, err := audit.ReadCheckpoints(path, k)
	if err != nil || len(good) != 1 || good[7].Hash != "ab" || len(bad) != 2 {
		t.Fatalf("ReadCheckpoints = %v, %+v, %v", good, bad, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.key")
	if _, err := audit.LoadKey(path); err == nil {
		t.Fatal("LoadKey of a missing file succeeded")
	}
	k, err := audit.CreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	again, err := audit.LoadKey(path)
	if err != nil || again.ID() != k.ID() {
		t.Fatalf("LoadKey = %v, %v", again, err)
	}
	if _, err := audit.CreateKey(path); err == nil {
		t.Error("CreateKey overwrote an existing key")
	}
}

// BenchmarkVerify measures checking a keyed chain entry by entry, the work
// `audit verify` does per stored entry (reading aside).
func BenchmarkVerify(b *testing.B) {
	k, _ := audit.NewKey(bytes.Repeat([]byte{1}, 32))
	c := keyedChain(k, 10000, 0)
	b.ResetTimer()
	for range b.N {
		v := &audit.Verifier{Key: k}
		for _, e := range c {
			v.Add(e)
		}
		if r := v.Finish(c[len(c)-1].Seq, c[len(c)-1].Hash); !r.Intact() {
			b.Fatal(r.Problems)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(c)), "ns/entry")
}
