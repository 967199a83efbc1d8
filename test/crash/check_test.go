package crash

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// open reads the platform's database directly.
func (r *rig) open(t *testing.T) *sql.DB {
	t.Helper()
	return server.OpenDatabase(t, r.srv.Store[1], r.dbURL)
}

// waitOutboxDrained lets the restarted server deliver everything queued.
func (r *rig) waitOutboxDrained(t *testing.T) {
	t.Helper()
	r.srv.WaitOutboxDrained(t, r.open(t))
}

// check compares the database, the audit chain and Notify's deliveries
// with what the clients were told.
func (r *rig) check(t *testing.T) {
	for _, f := range r.book.failures {
		t.Error(f)
	}
	if len(r.book.refs) == 0 {
		t.Fatal("no submission was acknowledged")
	}
	db := r.open(t)
	r.checkCases(t, db)
	r.checkAudit(t, db)
	r.checkOutbox(t, db)
	if out, err := r.srv.Run(t, "audit", "verify"); err != nil {
		t.Errorf("guildhall audit verify: %v\n%s", err, out)
	}
}

// checkCases: every acknowledged reference exists exactly once under its
// key, and no case exists that no client was given (a duplicate from a retry).
func (r *rig) checkCases(t *testing.T, db *sql.DB) {
	rows := queryRows(t, db, `SELECT ref, COALESCE(idempotency_key, '') FROM cases`)
	byKey := map[string][]string{}
	for _, p := range rows {
		key := p[1][strings.LastIndex(p[1], ":")+1:]
		byKey[key] = append(byKey[key], p[0])
	}
	for key, ref := range r.book.refs {
		if got := byKey[key]; len(got) != 1 || got[0] != ref {
			t.Errorf("key %s acknowledged as %s; database has %v", key, ref, got)
		}
	}
	if len(rows) != len(r.book.refs) {
		t.Errorf("database has %d cases, clients were given %d references", len(rows), len(r.book.refs))
	}
	states := map[string]string{}
	for _, p := range queryRows(t, db, `SELECT ref, state FROM cases`) {
		states[p[0]] = p[1]
	}
	for ref := range r.book.transitions {
		if states[ref] != "awaiting_inspection" {
			t.Errorf("transition of %s acknowledged; case is %q", ref, states[ref])
		}
	}
}

// checkAudit: one case.submit entry per case and one case.transition per
// acknowledged transition, never two.
func (r *rig) checkAudit(t *testing.T, db *sql.DB) {
	want := map[string]map[string]bool{"case.submit": {}, "case.transition": r.book.transitions}
	for _, ref := range r.book.refs {
		want["case.submit"][ref] = true
	}
	for action, refs := range want {
		got := map[string]int{}
		for _, p := range queryRows(t, db, `SELECT subject, action FROM audit_log WHERE action = '`+action+`'`) {
			got[p[0]]++
		}
		for ref := range refs {
			if got[ref] != 1 {
				t.Errorf("%s audit entries for %s: %d, want 1", action, ref, got[ref])
			}
		}
		if len(got) != len(refs) {
			t.Errorf("%s audit entries name %d cases, want %d", action, len(got), len(refs))
		}
	}
}

// checkOutbox: each case has its acknowledgement email queued once (its
// reporter hears of a move only through the service's own notifications,
// and the crash rig's service has none for its transition; followers are
// told of public updates, and the rig has none); every message was
// delivered, none dead, and Notify received each exactly once.
func (r *rig) checkOutbox(t *testing.T, db *sql.DB) {
	perCase := map[string]int{}
	ids := map[string]bool{}
	for _, p := range queryRows(t, db, `SELECT id, key FROM outbox WHERE topic = 'notify'`) {
		ids[p[0]] = true
		perCase[p[1]]++
	}
	for _, ref := range r.book.refs {
		if perCase[ref] != 1 {
			t.Errorf("case %s has %d notification messages, want 1 (its acknowledgement)", ref, perCase[ref])
		}
	}
	var undelivered int
	if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL`).Scan(&undelivered); err != nil || undelivered != 0 {
		t.Errorf("outbox messages not delivered: %d (%v)", undelivered, err)
	}
	server.SentOnce(t, ids, r.notify.Notifications())
}

// queryRows reads every row of q, each column as a string.
func queryRows(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		row := make([]string, len(cols))
		dest := make([]any, len(cols))
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
