package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/store"
)

func TestAuditVerifyCommand(t *testing.T) {
	tests := []struct {
		name   string
		tamper []string
		want   string
		err    error
		flags  []string
	}{
		{"intact", nil, "audit log intact: 4 entries verified", nil, nil},
		{"altered", []string{"UPDATE audit_log SET subject = 'someone-else' WHERE seq = 2"}, "BROKEN at entry 2: altered", exitError(1), nil},
		{"deleted", []string{"DELETE FROM audit_log WHERE seq = 3"}, "BROKEN at entry 3: missing", exitError(1), nil},
		{"deleted newest", []string{"DELETE FROM audit_log WHERE seq = 4"}, "BROKEN at entry 4: truncated", exitError(1), nil},
		{"trimmed tail, head moved", []string{"DELETE FROM audit_log WHERE seq > 2",
			"UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)"},
			"BROKEN at entry 3: truncated: entries 3–4 are missing", exitError(1), nil},
		{"emptied", []string{"DELETE FROM audit_log", "UPDATE audit_head SET seq = 0, hash = ''"},
			"BROKEN at entry 1: emptied", exitError(1), nil},
		{"no checkpoints", []string{"rm checkpoints"}, "no checkpoint file", exitError(1), nil},
		{"restored copy, chain only", []string{"rm checkpoints"}, "checkpoints not checked", nil, []string{"--no-checkpoints"}},
		{"chain only still finds a rewrite", []string{"UPDATE audit_log SET actor = 'x' WHERE seq = 3"}, "BROKEN at entry 3", exitError(1), []string{"--no-checkpoints"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			key, err := audit.CreateKey(filepath.Join(dir, "audit.key"))
			if err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(ctx, store.Config{Dir: dir, AuditKey: key})
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
			cp := &audit.Checkpointer{Store: st, Key: key, Path: filepath.Join(dir, "audit-checkpoints.jsonl")}
			if _, err := cp.Run(ctx); err != nil {
				t.Fatal(err)
			}
			st.Close()
			tamper(t, dir, tt.tamper)
			var out, errb bytes.Buffer
			err = run(ctx, append([]string{"audit", "verify", "--data", dir}, tt.flags...), func(string) string { return "" }, &out, &errb)
			if err != tt.err {
				t.Fatalf("err = %v, want %v (stdout %s, stderr %s)", err, tt.err, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("stdout = %q, want %q", out.String(), tt.want)
			}
			out.Reset()
			if err := run(ctx, []string{"audit", "export", "--data", dir, "--format", "jsonl", "--action", "case.view"}, func(string) string { return "" }, &out, &errb); err != nil {
				t.Fatal(err)
			}
			if tt.tamper == nil && (strings.Count(out.String(), "\n") != 1 || !strings.Contains(out.String(), `"action":"case.view"`)) {
				t.Errorf("export = %q, want the one view", out.String())
			}
		})
	}
}

// "guildhall stats verify" on a data folder: intact as the triggers keep
// the counts, and exit status 1 naming the row when one is edited by hand.
func TestStatsVerifyCommand(t *testing.T) {
	const insert = `INSERT INTO cases (ref, service_id, team, classification, state, channel, ward, clock_start, due_at, submitted_at, updated_at, version)
		VALUES ('VER-1', 'report-a-pothole', 'highways', 'OFFICIAL', 'received', 'web', 'E05000001', 1772445600000000, 1772532000000000, 1772445600000000, 1772445600000000, 1)`
	for _, tt := range []struct {
		name   string
		tamper []string
		want   string
		err    error
	}{
		{"intact", []string{insert}, "statistics intact: the dashboards' counts equal a count of the cases\n", nil},
		{"edited", []string{insert, "UPDATE case_stat_counts SET n = 900 WHERE kind = 'received'"},
			"differs: report-a-pothole team highways OFFICIAL channel web ward E05000001: received at 2026-03-02 10:00 UTC value -1: kept 900, the cases give 1\n" +
				"statistics BROKEN: 1 of the dashboards' counts differ from the cases\n", exitError(1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			if err := run(ctx, []string{"migrate", "--data", dir}, func(string) string { return "" }, io.Discard, io.Discard); err != nil {
				t.Fatal(err)
			}
			tamper(t, dir, tt.tamper)
			var out, errb bytes.Buffer
			err := run(ctx, []string{"stats", "verify", "--data", dir}, func(string) string { return "" }, &out, &errb)
			if err != tt.err || out.String() != tt.want {
				t.Errorf("err = %v, want %v; stdout:\n%s\nwant:\n%s\nstderr: %s", err, tt.err, out.String(), tt.want, errb.String())
			}
		})
	}
}

func tamper(t *testing.T, dir string, stmts []string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "guildhall.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if q == "rm checkpoints" {
			if err := os.Remove(filepath.Join(dir, "audit-checkpoints.jsonl")); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAuditKeyMissingRefusesStart: a keyed log without its key file does not
// start a new chain nobody could verify.
func TestAuditKeyMissingRefusesStart(t *testing.T) {
	ctx := context.Background()
	cfg := config{Config: platform.Config{DataDir: t.TempDir(), SQLiteSync: "full"}}
	st, err := openStore(ctx, cfg, newLogger("text", "warn", &bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AppendAudit(ctx, audit.Entry{Actor: "u-1", Action: "signin"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if fi, err := os.Stat(filepath.Join(cfg.DataDir, "audit.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("audit.key: %v, %v", fi, err)
	}
	if err := os.Rename(filepath.Join(cfg.DataDir, "audit.key"), filepath.Join(cfg.DataDir, "elsewhere.key")); err != nil {
		t.Fatal(err)
	}
	_, err = openStore(ctx, cfg, newLogger("text", "warn", &bytes.Buffer{}))
	if err == nil || !strings.Contains(err.Error(), "no audit key at") {
		t.Fatalf("open without the key file = %v, want a refusal", err)
	}
	cfg.AuditKeyFile = filepath.Join(cfg.DataDir, "elsewhere.key")
	st, err = openStore(ctx, cfg, newLogger("text", "warn", &bytes.Buffer{}))
	if err != nil {
		t.Fatalf("open with --audit-key = %v", err)
	}
	st.Close()
}

func TestAuditKeyCommand(t *testing.T) {
	dir := t.TempDir()
	key, err := audit.CreateKey(filepath.Join(dir, "audit.key"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"audit", "key", "--data", dir}, func(string) string { return "" }, &out, &errb); err != nil {
		t.Fatal(err, errb.String())
	}
	seed, _ := os.ReadFile(filepath.Join(dir, "audit.key"))
	if !strings.Contains(out.String(), key.ID()) || !strings.Contains(out.String(), hex.EncodeToString(key.PublicKey())) ||
		strings.Contains(out.String(), strings.TrimSpace(string(seed))) {
		t.Errorf("audit key printed %q", out.String())
	}
}
