package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func appendEntries(t *testing.T, s *store.Store, n int) {
	t.Helper()
	at := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC)
	for i := range n {
		err := s.AppendAudit(context.Background(), audit.Entry{At: at.Add(time.Duration(i) * time.Minute),
			Actor: "u-1", Action: "signin", Subject: fmt.Sprintf("user-%d", i), Classification: "OFFICIAL",
			Detail: audit.Detail(map[string]any{"ip": "192.0.2.1", "n": i, "nested": map[string]any{"b": 1, "a": 2.5}})})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		args    []any
		wantSeq int64
	}{
		{"intact", "", nil, 0},
		{"altered actor", "UPDATE audit_log SET actor = 'u-evil' WHERE seq = ?", []any{3}, 3},
		{"altered detail", "UPDATE audit_log SET detail = '{\"ip\":\"203.0.113.9\"}' WHERE seq = ?", []any{4}, 4},
		{"deleted middle", "DELETE FROM audit_log WHERE seq = ?", []any{2}, 2},
		{"deleted tail", "DELETE FROM audit_log WHERE seq = ?", []any{5}, 5},
		{"re-hashed row", "UPDATE audit_log SET hash = 'ab' WHERE seq = ?", []any{1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				appendEntries(t, s, 5)
				if tt.tamper != "" {
					if err := s.Exec(ctx, tt.tamper, tt.args...); err != nil {
						t.Fatal(err)
					}
				}
				n, err := (&audit.Service{Store: s}).VerifyAll(ctx)
				if tt.wantSeq == 0 {
					if err != nil || n != 5 {
						t.Fatalf("VerifyAll = %d, %v; want 5 entries, intact", n, err)
					}
					return
				}
				var broken *audit.BrokenError
				if !errors.As(err, &broken) || broken.Seq != tt.wantSeq {
					t.Fatalf("VerifyAll = %v; want broken at %d", err, tt.wantSeq)
				}
			})
		})
	}
}

func TestAuditSearchAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		appendEntries(t, s, 3)
		svc := &audit.Service{Store: s}
		got, err := svc.Search(ctx, audit.Filter{Subject: "user-1"})
		if err != nil || len(got) != 1 || got[0].Seq != 2 || got[0].At.Nanosecond() != 123456000 {
			t.Fatalf("Search = %+v, %v", got, err)
		}
		newest, _ := svc.Search(ctx, audit.Filter{Newest: true, Limit: 1})
		if len(newest) != 1 || newest[0].Seq != 3 {
			t.Errorf("newest = %+v", newest)
		}
		for _, f := range []audit.Format{audit.CSV, audit.JSONLines} {
			var b bytesBuffer
			n, err := svc.Export(ctx, &b, audit.Filter{}, f)
			if err != nil || n != 3 || b.lines() != 3+boolInt(f == audit.CSV) {
				t.Errorf("Export(%s) = %d, %v, %d lines", f, n, err, b.lines())
			}
		}
	})
}
