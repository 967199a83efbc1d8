package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/store"
)

func TestAuditVerifyCommand(t *testing.T) {
	tests := []struct {
		name   string
		tamper string
		want   string
		err    error
	}{
		{"intact", "", "audit log intact: 4 entries verified", nil},
		{"altered", "UPDATE audit_log SET subject = 'someone-else' WHERE seq = 2", "BROKEN at entry 2", exitError(1)},
		{"deleted", "DELETE FROM audit_log WHERE seq = 3", "BROKEN at entry 3", exitError(1)},
		{"deleted newest", "DELETE FROM audit_log WHERE seq = 4", "BROKEN at entry 4", exitError(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			st, err := store.Open(ctx, store.Config{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for i, action := range []string{"signin", "case.view", "grant", "signout"} {
				if err := st.AppendAudit(ctx, audit.Entry{At: time.Date(2026, 3, 2, 9, i, 0, 0, time.UTC), Actor: "u-1", Action: action, Subject: "ABCD-EFGH"}); err != nil {
					t.Fatal(err)
				}
			}
			st.Close()
			if tt.tamper != "" {
				db, err := sql.Open("sqlite", filepath.Join(dir, "guildhall.db"))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec(tt.tamper); err != nil {
					t.Fatal(err)
				}
				db.Close()
			}
			var out, errb bytes.Buffer
			err = run(ctx, []string{"audit", "verify", "--data", dir}, func(string) string { return "" }, &out, &errb)
			if err != tt.err {
				t.Fatalf("err = %v, want %v (stderr %s)", err, tt.err, errb.String())
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("stdout = %q, want %q", out.String(), tt.want)
			}
			out.Reset()
			if err := run(ctx, []string{"audit", "export", "--data", dir, "--format", "jsonl", "--action", "signin"}, func(string) string { return "" }, &out, &errb); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out.String(), "\n"); n != 1 || !strings.Contains(out.String(), `"action":"signin"`) {
				t.Errorf("export = %q, want the one sign-in", out.String())
			}
		})
	}
}
