package audit_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

func chain(n int) []audit.Entry {
	var out []audit.Entry
	prev := audit.Entry{}
	for i := range n {
		e := audit.Link(prev, audit.Entry{
			At:    time.Date(2026, 3, 2, 9, i, 0, 987654321, time.UTC),
			Actor: "u-1", Action: "case.view", Subject: "ABCD-EFGH", Classification: "OFFICIAL-SENSITIVE",
			Detail: audit.Detail(map[string]any{"n": i, "b": "x", "a": []any{1, "two"}}),
		})
		out = append(out, e)
		prev = e
	}
	return out
}

func TestLinkChains(t *testing.T) {
	c := chain(3)
	if c[0].Seq != 1 || c[0].PrevHash != "" || c[1].PrevHash != c[0].Hash || c[2].Seq != 3 {
		t.Fatalf("chain = %+v", c)
	}
	if c[0].At.Nanosecond() != 987654000 {
		t.Errorf("At not truncated to microseconds: %v", c[0].At)
	}
	if len(c[0].Hash) != 64 || c[0].Hash == c[1].Hash {
		t.Errorf("hashes %q %q", c[0].Hash, c[1].Hash)
	}
	if err := audit.Verify(nil, audit.Slice(c)); err != nil {
		t.Fatalf("Verify(intact) = %v", err)
	}
}

func TestHashIgnoresJSONLayout(t *testing.T) {
	e := chain(1)[0]
	e2 := e
	e2.Detail = json.RawMessage(`{ "n" : 0, "a":[1,"two"], "b":"x" }`) // reordered, re-spaced (as jsonb would)
	if audit.Hash(e2) != e.Hash {
		t.Error("re-encoded detail changed the hash")
	}
	e2.Detail = json.RawMessage(`{"n":1,"a":[1,"two"],"b":"x"}`)
	if audit.Hash(e2) == e.Hash {
		t.Error("changed detail kept the hash")
	}
}

func TestVerifyNamesFirstBrokenEntry(t *testing.T) {
	tests := []struct {
		name   string
		tamper func([]audit.Entry) []audit.Entry
		want   int64
	}{
		{"altered actor", func(c []audit.Entry) []audit.Entry { c[1].Actor = "u-evil"; return c }, 2},
		{"altered time", func(c []audit.Entry) []audit.Entry { c[2].At = c[2].At.Add(time.Second); return c }, 3},
		{"deleted entry", func(c []audit.Entry) []audit.Entry { return append(c[:1], c[2:]...) }, 2},
		{"re-hashed entry", func(c []audit.Entry) []audit.Entry {
			c[1].Subject = "WXYZ-2345"
			c[1].Hash = audit.Hash(c[1]) // a forger recomputes one hash: the next link breaks
			return c
		}, 3},
		{"swapped entries", func(c []audit.Entry) []audit.Entry { c[1], c[2] = c[2], c[1]; return c }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := audit.Verify(nil, audit.Slice(tt.tamper(chain(4))))
			var broken *audit.BrokenError
			if !errors.As(err, &broken) || broken.Seq != tt.want {
				t.Fatalf("Verify = %v, want broken at %d", err, tt.want)
			}
		})
	}
}
