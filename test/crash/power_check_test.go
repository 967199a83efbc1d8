package crash

import (
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// openDB reads the platform's database directly (through the mount).
func (r *powerRig) openDB(t *testing.T) *sql.DB {
	t.Helper()
	url := ""
	if r.pg != nil {
		url = r.pg.url("guildhall")
	}
	return server.OpenDatabase(t, r.srv.Store[1], url)
}

// powerResult compares what clients were told with what survived.
type powerResult struct {
	acks       []ack
	cases      map[string][2]string // ref → channel, idempotency key
	lost       []ack                // acknowledged, not in the database
	unpromised []string             // in the database, acknowledged to nobody
	wrongKey   []string             // a key's case is not the reference it was given
	// Notifications: per surviving acknowledged case, the outbox ids queued
	// for it and the Notify references its email arrived with.
	outboxIDs, arrived map[string][]string
	deliveries         int // notifications Notify accepted in all
	duplicates         int // deliveries of a reference Notify had already had
	sentForLost        int // notifications that reached a resident for a case that was then lost
	undelivered        int
	auditErr           string
}

func (r *powerRig) tally(t *testing.T) *powerResult {
	t.Helper()
	db := r.openDB(t)
	defer db.Close()
	res := &powerResult{acks: r.book.acks, cases: map[string][2]string{},
		outboxIDs: map[string][]string{}, arrived: map[string][]string{}}
	for _, row := range queryRows(t, db, `SELECT ref, channel, COALESCE(idempotency_key, '') FROM cases`) {
		res.cases[row[0]] = [2]string{row[1], row[2]}
	}
	promised := map[string]bool{}
	for _, a := range res.acks {
		promised[a.ref] = true
		c, ok := res.cases[a.ref]
		if !ok {
			res.lost = append(res.lost, a)
			continue
		}
		if a.channel != "frontdoor" && !strings.HasSuffix(c[1], ":"+a.key) {
			res.wrongKey = append(res.wrongKey, a.key+" → "+a.ref+" holds key "+c[1])
		}
	}
	for ref := range res.cases {
		if !promised[ref] {
			res.unpromised = append(res.unpromised, ref)
		}
	}
	for _, p := range queryRows(t, db, `SELECT key, id FROM outbox WHERE topic = 'notify'`) {
		res.outboxIDs[p[0]] = append(res.outboxIDs[p[0]], p[1])
	}
	if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL`).Scan(&res.undelivered); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	lost := map[string]bool{}
	for _, a := range res.lost {
		lost[a.ref] = true
	}
	for _, n := range r.notify.Notifications() {
		res.deliveries++
		if seen[n.Reference] {
			res.duplicates++
		}
		seen[n.Reference] = true
		for _, a := range res.acks {
			if strings.Contains(n.Subject+n.Body, a.ref) {
				if lost[a.ref] {
					res.sentForLost++
				} else if !slices.Contains(res.arrived[a.ref], n.Reference) {
					res.arrived[a.ref] = append(res.arrived[a.ref], n.Reference)
				}
			}
		}
	}
	if out, err := r.srv.Run(t, "audit", "verify"); err != nil {
		res.auditErr = err.Error() + ": " + out
	}
	return res
}

func (res *powerResult) byChannel(list []ack) map[string]int {
	m := map[string]int{}
	for _, a := range list {
		m[a.channel]++
	}
	return m
}

// mustLoseNothing is the promise for synchronous=FULL and PostgreSQL with
// fsync on: every acknowledged submission survived exactly once, none was
// made twice, its notification reached Notify at least once and always
// under one id, so a receiver that de-duplicates by id sees it once.
func (res *powerResult) mustLoseNothing(t *testing.T, r *powerRig) {
	t.Helper()
	for _, f := range r.book.failures {
		t.Error(f)
	}
	if len(res.acks) == 0 {
		t.Fatal("no submission was acknowledged")
	}
	if r.cycles > 1 && r.aimed == 0 {
		t.Error("no power cut came between a commit and its reply: the GUILDHALL_TEST_CRASH_AFTER_COMMIT hook never paused")
	}
	for _, a := range res.lost {
		t.Errorf("%s submission %s acknowledged as %s: not in the database after the power cuts", a.channel, a.key, a.ref)
	}
	for _, s := range res.wrongKey {
		t.Errorf("idempotency key answered with another case: %s", s)
	}
	if len(res.unpromised) > 0 {
		t.Errorf("%d cases in the database were acknowledged to no client (duplicates from retries?): %v", len(res.unpromised), res.unpromised)
	}
	for _, a := range res.acks {
		ids, got := res.outboxIDs[a.ref], res.arrived[a.ref]
		if len(ids) != 1 {
			t.Errorf("case %s has %d notification messages queued, want 1", a.ref, len(ids))
			continue
		}
		if len(got) != 1 || got[0] != ids[0] {
			t.Errorf("case %s: its notification %s arrived under references %v, want exactly that one id", a.ref, ids[0], got)
		}
	}
	if res.undelivered != 0 {
		t.Errorf("%d outbox messages never delivered", res.undelivered)
	}
	// A resident half-way through a form when the power went carries on
	// from the page they were on: their draft, session and form token held.
	for why, n := range r.book.restarts {
		t.Errorf("front door: %d journeys had to begin again after %s", n, why)
	}
	if res.auditErr != "" {
		t.Errorf("guildhall audit verify after the power cuts: %s", res.auditErr)
	}
	res.log(t, r)
	if t.Failed() {
		log := r.srv.Log()
		t.Logf("server log (last 6000 bytes):\n%s", log[max(0, len(log)-6000):])
	}
}

// report logs what synchronous=NORMAL lost; with CRASH_NORMAL_MUST_LOSE=1
// it also fails if nothing was lost (the demonstration run).
func (res *powerResult) report(t *testing.T, r *powerRig) {
	t.Helper()
	res.log(t, r)
	for _, a := range res.lost {
		t.Logf("lost: %s submission %s acknowledged as %s", a.channel, a.key, a.ref)
	}
	for _, f := range r.book.failures {
		t.Logf("a client saw: %s", f)
	}
	if res.auditErr != "" {
		t.Logf("audit verify: %s", res.auditErr)
	}
	if len(res.lost) == 0 && mustLose() {
		t.Errorf("CRASH_NORMAL_MUST_LOSE=1: synchronous=NORMAL lost no acknowledged submission in %v", r)
	}
}

func (res *powerResult) log(t *testing.T, r *powerRig) {
	st := r.fs.Stats()
	t.Logf("%v: %d submissions acknowledged %v, %d lost %v, %d in the database acknowledged to nobody; "+
		"Notify: %d deliveries, %d repeats of an id already delivered, %d for lost cases; "+
		"retries %v, front-door journeys begun again %v; file system: %d file fsyncs, %d folder fsyncs, "+
		"%d files reverted, %d names dropped, %d brought back",
		r, len(res.acks), res.byChannel(res.acks), len(res.lost), res.byChannel(res.lost), len(res.unpromised),
		res.deliveries, res.duplicates, res.sentForLost, r.book.retries, r.book.restarts,
		st.FileSyncs, st.DirSyncs, st.Reverted, st.Dropped, st.Restored)
}
