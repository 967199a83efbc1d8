package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func auditKey(t *testing.T) *audit.Key {
	t.Helper()
	k, err := audit.NewKey(bytes.Repeat([]byte{42}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// forge rewrites stored entries from seq from on as someone with database
// access but without the key would: change, recompute plain hashes, store
// them and the head. to = 0 rewrites to the end.
func forge(t *testing.T, s *store.Store, from, to int64, change func(*audit.Entry)) {
	t.Helper()
	ctx := context.Background()
	all, err := s.AuditEntries(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	prev := audit.Entry{}
	for _, e := range all {
		if e.Seq >= from && (to == 0 || e.Seq <= to) {
			if e.Seq == from {
				change(&e)
			}
			e = audit.Link(prev, e)
			if err := s.Exec(ctx, "UPDATE audit_log SET actor = ?, subject = ?, prev_hash = ?, hash = ? WHERE seq = ?",
				e.Actor, e.Subject, e.PrevHash, e.Hash, e.Seq); err != nil {
				t.Fatal(err)
			}
		}
		prev = e
	}
	if to == 0 {
		setHead(t, s)
	}
}

// setHead makes the head agree with the last stored entry, as a careful
// forger would after deleting entries.
func setHead(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	last, err := s.AuditEntries(ctx, audit.Filter{Newest: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	seq, hash := int64(0), ""
	if len(last) > 0 {
		seq, hash = last[0].Seq, last[0].Hash
	}
	if err := s.Exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash); err != nil {
		t.Fatal(err)
	}
}

func execAll(t *testing.T, s *store.Store, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if err := s.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKeyedAuditChainTampering: each way someone with database access
// (but not the key file or the checkpoint file) can tamper is reported,
// naming the entry, on both databases.
func TestKeyedAuditChainTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t *testing.T, s *store.Store)
		wantSeq int64
		want    string
	}{
		{"intact", nil, 0, ""},
		{"trim tail", func(t *testing.T, s *store.Store) {
			execAll(t, s, "DELETE FROM audit_log WHERE seq > 5")
			setHead(t, s)
		}, 6, "truncated: entries 6–8 are missing"},
		{"delete all", func(t *testing.T, s *store.Store) {
			execAll(t, s, "DELETE FROM audit_log")
			setHead(t, s)
		}, 1, "emptied"},
		{"rewrite and recompute plain hashes", func(t *testing.T, s *store.Store) {
			forge(t, s, 7, 0, func(e *audit.Entry) { e.Actor = "u-evil" })
		}, 7, "plain SHA-256 recomputed without the audit key"},
		{"rewrite whole log with plain hashes", func(t *testing.T, s *store.Store) {
			forge(t, s, 1, 0, func(e *audit.Entry) { e.Subject = "someone-else" })
		}, 4, "differs from the one the checkpoint"},
		{"reorder", func(t *testing.T, s *store.Store) {
			execAll(t, s, "UPDATE audit_log SET seq = -1 WHERE seq = 3", "UPDATE audit_log SET seq = 3 WHERE seq = 4",
				"UPDATE audit_log SET seq = 4 WHERE seq = -1")
		}, 3, "reordered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := auditKey(t)
			storetest.EachWith(t, store.Config{AuditKey: k}, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				cp := &audit.Checkpointer{Store: s, Key: k, Path: filepath.Join(t.TempDir(), "checkpoints.jsonl")}
				appendEntries(t, s, 4)
				if _, err := cp.Run(ctx); err != nil {
					t.Fatal(err)
				}
				appendEntries(t, s, 4)
				if _, err := cp.Run(ctx); err != nil {
					t.Fatal(err)
				}
				if tt.tamper != nil {
					tt.tamper(t, s)
				}
				cps, bad, err := audit.ReadCheckpoints(cp.Path, k)
				if err != nil || len(bad) > 0 || len(cps) != 2 {
					t.Fatalf("checkpoints = %+v, %+v, %v", cps, bad, err)
				}
				r, err := (&audit.Service{Store: s, Key: k}).Verify(ctx, cps)
				if err != nil {
					t.Fatal(err)
				}
				if tt.tamper == nil {
					if !r.Intact() || r.Entries != 8 || r.FirstKeyed != 1 || r.Legacy != 0 || r.LastCheckpoint.Seq != 8 {
						t.Fatalf("report = %+v, want 8 keyed entries, intact", r)
					}
					return
				}
				if r.Intact() {
					t.Fatalf("tampering not detected: %+v", r)
				}
				if p := r.Problems[0]; p.Seq != tt.wantSeq || !strings.Contains(p.Reason, tt.want) {
					t.Errorf("first problem = %+v, want entry %d: %q (all %+v)", p, tt.wantSeq, tt.want, r.Problems)
				}
			})
		})
	}
}

// TestAuditChainKeyedOnUpgrade: a log written before the key existed keeps
// its plain hashes; the first keyed append writes the marker entry, whose
// HMAC pins the unkeyed entries before it.
func TestAuditChainKeyedOnUpgrade(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		k := auditKey(t)
		appendEntries(t, s, 3) // before the upgrade: no key
		if err := s.SetAuditKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		appendEntries(t, s, 2)
		all, _ := s.AuditEntries(ctx, audit.Filter{})
		if len(all) != 6 || all[3].Action != store.ActionChainKeyed || !strings.Contains(string(all[3].Detail), all[2].Hash) {
			t.Fatalf("entries after upgrade = %+v", all)
		}
		from, id, err := s.AuditKeying(ctx)
		if err != nil || from != 4 || id != k.ID() {
			t.Errorf("keying = %d, %q, %v", from, id, err)
		}
		svc := &audit.Service{Store: s, Key: k}
		r, err := svc.Verify(ctx, nil)
		if err != nil || !r.Intact() || r.Legacy != 3 || r.FirstKeyed != 4 {
			t.Fatalf("report = %+v, %v", r, err)
		}
		// A forger rewrites an unkeyed entry and recomputes the plain hashes
		// before the marker: the marker no longer links.
		forge(t, s, 2, 3, func(e *audit.Entry) { e.Actor = "u-evil" })
		r, _ = svc.Verify(ctx, nil)
		if r.Intact() || r.Problems[0].Seq != 4 {
			t.Errorf("rewritten unkeyed entry: report = %+v", r.Problems)
		}
		other, _ := audit.NewKey(bytes.Repeat([]byte{7}, 32))
		if err := s.SetAuditKey(ctx, other); err == nil {
			t.Error("SetAuditKey accepted another key for a keyed log")
		}
	})
}
