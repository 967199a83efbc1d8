package store_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// record builds a complete submission record as cases.Service would.
func record(ref, key string) cases.Record {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := cases.Case{Ref: ref, ServiceID: "report-a-pothole", Team: "highways", Classification: service.Official,
		State: "received", Answers: service.Answers{"location": {Text: "by the bus stop " + ref}}, Channel: cases.ChannelWeb,
		SubmittedAt: now, UpdatedAt: now, ClockStart: now, Version: 1, IdempotencyKey: key,
		History: cases.ClockHistory{Received: now}}
	return cases.Record{
		Case:   c,
		Event:  cases.Event{At: now, Actor: "resident", Kind: cases.EventSubmitted, ToState: "received", Visibility: cases.Resident},
		Audit:  audit.Entry{At: now, Actor: "resident", Action: cases.AuditSubmit, Subject: ref, Classification: "OFFICIAL"},
		Outbox: []jobs.Message{{ID: jobs.NewID(), Topic: jobs.TopicWebhook, Key: ref, Payload: []byte(`{"ref":"` + ref + `"}`)}},
		Search: cases.SearchDoc{Title: "Report a pothole", Body: "by the bus stop " + ref},
	}
}

// TestGroupCommitUnderConcurrency: N goroutines submit N distinct cases (some
// repeating an idempotency key, some colliding on a reference); every
// acknowledged case is present exactly once, every failure is the
// collision, and the audit chain is whole.
func TestGroupCommitUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 200
		type result struct {
			ref     string
			c       cases.Case
			existed bool
			err     error
		}
		results := make([]result, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ref := fmt.Sprintf("A%03d-TEST", i)
				key := ""
				switch {
				case i%10 == 1:
					key = fmt.Sprintf("k-%d", i/10) // i%10==1 and ==2 share a key
				case i%10 == 2:
					key = fmt.Sprintf("k-%d", i/10)
				case i%10 == 4:
					ref = fmt.Sprintf("A%03d-TEST", i+1) // collides with its neighbour's reference
				}
				c, existed, err := s.SubmitCase(ctx, record(ref, key))
				results[i] = result{ref, c, existed, err}
			}()
		}
		wg.Wait()
		acked := map[string]int64{}
		collisions, repeats := 0, 0
		for i, r := range results {
			switch {
			case errors.Is(r.err, cases.ErrRefTaken):
				collisions++
			case r.err != nil:
				t.Fatalf("submission %d: %v", i, r.err)
			case r.existed:
				repeats++
			default:
				if _, dup := acked[r.c.Ref]; dup {
					t.Fatalf("reference %s acknowledged twice", r.c.Ref)
				}
				acked[r.c.Ref] = r.c.ID
			}
		}
		// Of each pair sharing a key (i%10 = 1, 2) or a reference (4, 5), one wins.
		if collisions != n/10 || repeats != n/10 || len(acked) != n-n/5 {
			t.Fatalf("acked %d, collisions %d, repeats %d; want %d, %d, %d", len(acked), collisions, repeats, n-n/5, n/10, n/10)
		}
		for ref, id := range acked {
			c, err := s.CaseByRef(ctx, ref)
			if err != nil || c.ID != id {
				t.Fatalf("acknowledged %s not stored: %+v, %v", ref, c, err)
			}
			// The batch's search documents are written together at its end:
			// each must be indexed under its own case.
			found, err := s.SearchCases(ctx, cases.Query{Access: access.Scope{All: true}, Text: ref, Limit: 10})
			if err != nil || len(found) != 1 || found[0].ID != id {
				t.Fatalf("search for %s found %d cases (%v), want that case alone", ref, len(found), err)
			}
		}
		all, err := s.FindCases(ctx, cases.Query{Access: access.Scope{All: true}, Limit: 1000})
		if err != nil || len(all) != len(acked) {
			t.Fatalf("stored %d cases, acknowledged %d (%v)", len(all), len(acked), err)
		}
		checked, err := (&audit.Service{Store: s}).VerifyAll(ctx)
		if err != nil || checked != int64(len(acked)) {
			t.Fatalf("audit chain: %d entries, %v; want %d, whole", checked, err, len(acked))
		}
		pending, _, err := s.OutboxDepth(ctx)
		if err != nil || pending != int64(len(acked)) {
			t.Fatalf("outbox depth %d (%v), want one message per case: %d", pending, err, len(acked))
		}
		// Repeated keys and taken references are absorbed within a batch:
		// no batch fell back to a case at a time.
		if n := s.WriteCounts().BatchSplits; n != 0 {
			t.Errorf("%d batches were split", n)
		}
	})
}

func TestSubmitAfterCloseIsUnavailable(t *testing.T) {
	s := storetest.OpenSQLite(t, store.Config{})
	s.Close()
	if _, _, err := s.SubmitCase(context.Background(), record("CLOS-ED22", "")); err == nil {
		t.Fatal("SubmitCase after Close succeeded")
	}
}

// TestFingerprintKeptWithCase: 64 keyed submissions at once, half with one
// body and half with another, make one case; the stored fingerprint is the
// one of the submission that made it, and it is there as soon as the case is
// (written in the same group-committed transaction, not after it).
func TestFingerprintKeptWithCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 64
		made := make(chan string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := record(fmt.Sprintf("F%03d-RACE", i), "api:token:fp")
				rec.Fingerprint = fmt.Sprintf("body-%d", i%2)
				c, existed, err := s.SubmitCase(ctx, rec)
				if err != nil {
					t.Error(err)
					return
				}
				if !existed {
					made <- c.Ref + " " + rec.Fingerprint
				}
			}()
		}
		wg.Wait()
		close(made)
		var winners []string
		for w := range made {
			winners = append(winners, w)
		}
		if len(winners) != 1 {
			t.Fatalf("%d cases made from one key: %v", len(winners), winners)
		}
		fp, ref, err := s.IdempotentRequest(ctx, "api:token:fp")
		if err != nil || ref+" "+fp != winners[0] {
			t.Fatalf("stored %s %s (%v), want %s", ref, fp, err, winners[0])
		}
		// A record without a fingerprint (the front door's keys) stores none.
		if _, _, err := s.SubmitCase(ctx, record("NOFP-RACE", "web:draft:1")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.IdempotentRequest(ctx, "web:draft:1"); err == nil {
			t.Error("a key without a fingerprint was stored as an API request")
		}
	})
}

// A batch that fails as a whole is written again one case at a time, so one
// bad record fails alone; and it is said, in the log and in WriteCounts,
// since a batch whose own SQL always fails would otherwise go unseen (it
// once did, for weeks, on PostgreSQL). The bad record repeats another's
// outbox message id, which no ON CONFLICT absorbs.
func TestFailedBatchIsSplitAndCounted(t *testing.T) {
	var logged bytesBuffer
	cfg := store.Config{Logger: slog.New(slog.NewTextHandler(&logged, nil))}
	storetest.EachWith(t, cfg, func(t *testing.T, s *store.Store) {
		logged.Reset()
		a, bad, c := record("SPL1-TEST", ""), record("SPL2-TEST", ""), record("SPL3-TEST", "")
		bad.Outbox[0].ID = a.Outbox[0].ID
		errs := s.CommitBatch(a, bad, c)
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Fatalf("errors %v: want only the second record to fail", errs)
		}
		if got := s.WriteCounts().BatchSplits; got != 1 {
			t.Errorf("%d batches counted as split, want 1", got)
		}
		if !strings.Contains(logged.String(), `msg="store: a batch of submissions failed and is written one case at a time" cases=3`) {
			t.Errorf("the log does not say the batch was split:\n%s", logged.String())
		}
		if errs := s.CommitBatch(record("SPL4-TEST", ""), record("SPL5-TEST", "")); errs[0] != nil || errs[1] != nil || s.WriteCounts().BatchSplits != 1 {
			t.Errorf("a good batch: errors %v, %d splits counted; want none and still 1", errs, s.WriteCounts().BatchSplits)
		}
	})
}

// Two transactions that change a case of each of two teams in opposite
// orders cross on the two teams' kept counts (case_stat_counts' rows, taken
// by its triggers): PostgreSQL aborts one as a deadlock's victim, and the
// store runs it again, so both are kept. The first of each transaction's
// two statements is made to finish in both before either runs its second.
func TestCrossingTransactionsAreRunAgain(t *testing.T) {
	s := storetest.OpenPostgres(t, store.Config{})
	ctx := context.Background()
	x, y := record("CRS1-TEST", ""), record("CRS2-TEST", "")
	y.Case.Team = "streets"
	if err := s.WriteBatch(ctx, x, y); err != nil {
		t.Fatal(err)
	}
	var crossed sync.WaitGroup
	crossed.Add(2)
	errs := make(chan error, 2)
	move := func(first, second string) {
		errs <- s.UpdateSteps(ctx, func(attempt int) {
			if attempt == 1 {
				crossed.Done()
				crossed.Wait()
			}
		}, "UPDATE cases SET version = version + 1, submitted_at = submitted_at + 1 WHERE ref = '"+first+"'",
			"UPDATE cases SET version = version + 1, submitted_at = submitted_at + 1 WHERE ref = '"+second+"'")
	}
	go move("CRS1-TEST", "CRS2-TEST")
	go move("CRS2-TEST", "CRS1-TEST")
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a crossing transaction failed: %v", err)
		}
	}
	if n := s.WriteCounts().Retries; n < 1 {
		t.Errorf("%d transactions run again, want at least the deadlock's victim", n)
	}
	checkKeptCounts(t, s, 2)
}

// Many cases moved between the same two teams in both directions at once,
// each move a write transaction of its own: every move succeeds, however
// they cross, and the kept counts equal a recount.
func TestOppositeMovesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 40
		var recs []cases.Record
		for i := range n {
			r := record(fmt.Sprintf("MOV%d-TEST", i), "")
			if i%2 == 1 {
				r.Case.Team = "streets"
			}
			recs = append(recs, r)
		}
		if err := s.WriteBatch(ctx, recs...); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A move takes its old team's counts, then its new team's
				// (the triggers' order): moves in opposite directions take
				// the same two teams' rows in opposite orders.
				errs <- s.UpdateSteps(ctx, nil, fmt.Sprintf(`UPDATE cases SET version = version + 1,
					team = CASE team WHEN 'highways' THEN 'streets' ELSE 'highways' END WHERE ref = 'MOV%d-TEST'`, i))
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("a move failed: %v", err)
			}
		}
		t.Logf("%d transactions run again", s.WriteCounts().Retries)
		checkKeptCounts(t, s, n)
	})
}

// checkKeptCounts fails t unless the kept counts equal a recount of the
// cases and the received counts add up to n.
func checkKeptCounts(t *testing.T, s *store.Store, n int) {
	t.Helper()
	kept, recount, err := s.StatCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kept, recount) {
		t.Fatalf("the kept counts are\n%q\nbut the cases give\n%q", kept, recount)
	}
	received := 0
	for _, line := range kept {
		var v int
		if _, after, ok := strings.Cut(line, " received "); ok {
			_, num, _ := strings.Cut(after, ": ")
			v, _ = strconv.Atoi(num)
		}
		received += v
	}
	if received != n {
		t.Errorf("received counts add up to %d, want %d: %q", received, n, kept)
	}
}

// A batch's map points are written with it (on PostgreSQL in one statement
// for the batch, no longer a round trip a case).
func TestBatchWritesPoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b, c := record("PNT1-TEST", ""), record("PNT2-TEST", ""), record("PNT3-TEST", "")
		a.Point, b.Point = &cases.Point{Lat: 52.52, Lng: -1.84}, &cases.Point{Lat: 52.53, Lng: -1.79}
		if err := s.WriteBatch(context.Background(), a, b, c); err != nil {
			t.Fatalf("writing a batch of three: %v", err)
		}
		near, err := s.NearbyOpenCases(context.Background(), "report-a-pothole", cases.Box{South: 52, North: 53, West: -2, East: -1}, 10)
		var points []string
		for _, l := range near {
			points = append(points, fmt.Sprintf("%s %.2f %.2f", l.Case.Ref, l.Point.Lat, l.Point.Lng))
		}
		if want := []string{"PNT1-TEST 52.52 -1.84", "PNT2-TEST 52.53 -1.79"}; err != nil || !slices.Equal(points, want) {
			t.Errorf("the batch's points are %q (%v), want %q", points, err, want)
		}
	})
}
