package security

import (
	"context"
	"database/sql"
	"encoding/csv"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // tamper with the PostgreSQL audit log directly

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// formula is a user name a spreadsheet would run as a formula.
const formula = `=HYPERLINK("http://x","y")`

// TestAuditTamperingIsDetected attacks the audit log of a real platform as
// someone with database access but not the data folder's audit.key and
// checkpoint file would: trim the tail, delete every entry, rewrite an entry
// and recompute the hashes with the plain algorithm, reorder two entries.
// Each time `guildhall audit verify` exits 1 and names the problem and the
// entry; the untouched log verifies intact. On SQLite and PostgreSQL.
func TestAuditTamperingIsDetected(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		auditAttacks(t, server.StoreFlags(dir, ""), func() (*sql.DB, error) {
			return sql.Open("sqlite", filepath.Join(dir, "guildhall.db"))
		}, func(q string) string { return q })
	})
	t.Run("postgres", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		auditAttacks(t, server.StoreFlags(t.TempDir(), url), func() (*sql.DB, error) { return sql.Open("pgx", url) }, dollars)
	})
}

// auditAttacks runs the attacks on a platform with these store flags; open
// opens its database and rebind adapts ? placeholders to its dialect.
func auditAttacks(t *testing.T, store []string, open func() (*sql.DB, error), rebind func(string) string) {
	srv := server.New(t, store)
	srv.Start(t)
	c := webtest.NewClient(t, srv.URL)
	for range 4 {
		c.Get("/sign-in")
		c.PostForm("/sign-in", url.Values{"email": {formula}, "password": {"guess"}})
	}
	srv.Stop() // a graceful stop writes a last checkpoint

	out, err := srv.Run(t, "audit", "verify")
	if err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("untouched log: %v\n%s", err, out)
	}
	// The failed sign-in's user name is text, not a formula, in a CSV export.
	out, err = srv.Run(t, "audit", "export", "--format", "csv", "--action", "auth.sign_in_failed")
	rows, cerr := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || cerr != nil || len(rows) < 2 || rows[1][2] != "'"+formula || rows[1][4] != "'"+formula {
		t.Errorf("CSV export of a failed sign-in by %s: %v, %v\n%s", formula, err, cerr, out)
	}

	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	saved := readLog(t, db)
	if len(saved) < 5 {
		t.Fatalf("only %d audit entries to attack", len(saved))
	}
	n := int64(len(saved))
	attacks := []struct {
		name   string
		tamper func([]audit.Entry) []audit.Entry
		want   string
	}{
		{"trim the tail", func(es []audit.Entry) []audit.Entry { return es[:n-2] },
			"BROKEN at entry " + itoa(n-1) + ": truncated"},
		{"delete every entry", func([]audit.Entry) []audit.Entry { return nil }, "BROKEN at entry 1: emptied"},
		{"rewrite an entry and recompute plain hashes", func(es []audit.Entry) []audit.Entry {
			es[2].Actor = "someone-else"
			for i := 2; i < len(es); i++ {
				es[i] = audit.Link(es[i-1], es[i])
			}
			return es
		}, "BROKEN at entry 3: rewritten: its hash is a plain SHA-256 recomputed without the audit key"},
		{"reorder two entries", func(es []audit.Entry) []audit.Entry {
			es[1], es[2] = es[2], es[1]
			es[1].Seq, es[2].Seq = 2, 3
			return es
		}, "BROKEN at entry 2"},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			writeLog(t, db, rebind, a.tamper(append([]audit.Entry(nil), saved...)))
			defer writeLog(t, db, rebind, saved)
			out, err := srv.Run(t, "audit", "verify")
			var exit *exec.ExitError
			if !asExit(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("audit verify after %s: %v, want exit status 1\n%s", a.name, err, out)
			}
			t.Logf("audit verify said:\n%s", out)
			if !strings.Contains(out, a.want) {
				t.Errorf("audit verify said:\n%s\nwant %q", out, a.want)
			}
		})
	}
	if out, err := srv.Run(t, "audit", "verify"); err != nil {
		t.Errorf("restored log: %v\n%s", err, out)
	}
}

func readLog(t *testing.T, db *sql.DB) []audit.Entry {
	t.Helper()
	rows, err := db.Query("SELECT seq, at, actor, action, subject, classification, COALESCE(detail, ''), prev_hash, hash FROM audit_log ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Classification, &detail, &e.PrevHash, &e.Hash); err != nil {
			t.Fatal(err)
		}
		e.At = microsTime(at)
		e.Detail = []byte(detail)
		out = append(out, e)
	}
	return out
}

// writeLog replaces the stored log and its head with es, as a forger would.
func writeLog(t *testing.T, db *sql.DB, rebind func(string) string, es []audit.Entry) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) {
		if _, err := tx.ExecContext(ctx, rebind(q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("DELETE FROM audit_log")
	head := audit.Entry{}
	for _, e := range es {
		var detail any
		if len(e.Detail) > 0 {
			detail = string(e.Detail)
		}
		exec("INSERT INTO audit_log (seq, at, actor, action, subject, classification, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			e.Seq, e.At.UnixMicro(), e.Actor, e.Action, e.Subject, e.Classification, detail, e.PrevHash, e.Hash)
		head = e
	}
	exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", head.Seq, head.Hash)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
