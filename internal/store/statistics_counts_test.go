package store_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// The dashboards' kept counts equal the counts made afresh from the cases
// after every kind of change a case can have: submitted, acted on (by a
// person, earlier than before, or by the platform, which does not count),
// closed, reopened, moved to another team or ward, classified up, paused, given a
// new due date, deleted.
func TestStatCountsFollowEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		for i := range 12 {
			at := now.Add(-time.Duration(i*7) * time.Hour).UnixMicro()
			svc, team := "report-a-pothole", "highways"
			if i%3 == 0 {
				svc, team = "foi-request", "information-governance"
			}
			if err := s.Exec(ctx, `INSERT INTO cases (ref, service_id, team, classification, state, channel,
				clock_start, due_at, submitted_at, updated_at, version) VALUES (?, ?, ?, 'OFFICIAL', 'received', 'web', ?, ?, ?, ?, 1)`,
				fmt.Sprintf("CNT-%d", i+1), svc, team, at, at+5*86_400_000_000, at, at); err != nil {
				t.Fatal(err)
			}
		}
		check := func(step string) {
			t.Helper()
			kept, recount, err := s.StatCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(kept) == 0 || !slices.Equal(kept, recount) {
				t.Fatalf("after %s the kept counts are\n%q\nbut the cases give\n%q", step, kept, recount)
			}
		}
		check("submitting")
		at := now.UnixMicro()
		for _, c := range []struct{ step, sql string }{
			{"a person's note", `INSERT INTO case_events (case_id, at, actor, kind, visibility) SELECT id, ` + fmt.Sprint(at) + `, 'u-officer', 'note', 'internal' FROM cases WHERE ref = 'CNT-2'`},
			{"an earlier assignment", `INSERT INTO case_events (case_id, at, actor, kind, visibility) SELECT id, 1, 'u-officer', 'assigned', 'internal' FROM cases WHERE ref = 'CNT-2'`},
			{"the platform's transition", `INSERT INTO case_events (case_id, at, actor, kind, visibility) SELECT id, 5, 'system', 'transitioned', 'internal' FROM cases WHERE ref = 'CNT-3'`},
			{"closing", `UPDATE cases SET closed_at = submitted_at + 86400000000 * 40 WHERE ref IN ('CNT-1', 'CNT-2', 'CNT-3', 'CNT-5')`},
			{"reopening", `UPDATE cases SET closed_at = NULL WHERE ref = 'CNT-2'`},
			{"moving team", `UPDATE cases SET team = 'streets' WHERE ref IN ('CNT-3', 'CNT-4')`},
			{"given a ward", `UPDATE cases SET ward = 'E05000001' WHERE ref IN ('CNT-4', 'CNT-5')`},
			{"moving ward", `UPDATE cases SET ward = 'E05000002' WHERE ref = 'CNT-4'`},
			{"classifying up", `UPDATE cases SET classification = 'OFFICIAL-SENSITIVE' WHERE ref = 'CNT-6'`},
			{"pausing", `UPDATE cases SET paused_since = submitted_at WHERE ref IN ('CNT-7', 'CNT-8')`},
			{"a new due date", `UPDATE cases SET due_at = due_at + 3600000000 * 30 WHERE ref = 'CNT-8'`},
			{"a change that counts nothing", `UPDATE cases SET state = 'fixed', version = version + 1 WHERE ref = 'CNT-9'`},
			{"deleting", `DELETE FROM cases WHERE ref IN ('CNT-10', 'CNT-11', 'CNT-12')`},
		} {
			if err := s.Exec(ctx, c.sql); err != nil {
				t.Fatalf("%s: %v", c.step, err)
			}
			check(c.step)
		}
	})
}

// Fifty cases submitted at once in the same hour, to the same service and
// team, each add one to the same kept counts: none is lost.
func TestStatCountsUnderConcurrentSubmissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC).UnixMicro()
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.Exec(ctx, `INSERT INTO cases (ref, service_id, team, classification, state, channel,
					clock_start, due_at, submitted_at, updated_at, version) VALUES (?, 'report-a-pothole', 'highways', 'OFFICIAL', 'received', 'web', ?, ?, ?, ?, 1)`,
					fmt.Sprintf("RACE-%02d", i), at, at+86_400_000_000, at+int64(i), at)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		kept, _, err := s.StatCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			fmt.Sprintf("report-a-pothole highways OFFICIAL web - open %d 0: 50", (at+86_400_000_000)/3_600_000_000),
			fmt.Sprintf("report-a-pothole highways OFFICIAL web - received %d -1: 50", at/3_600_000_000),
		}
		if !slices.Equal(kept, want) {
			t.Errorf("kept counts %q, want %q", kept, want)
		}
	})
}

// A restricted person's cases leave the dashboards' figures while the
// restriction lasts (the kept counts still hold them; the query takes
// them away), and the case of the restriction request itself still counts.
func TestStatisticsLeaveOutRestrictedCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		for i, closed := range []bool{false, true, false} {
			at := now.Add(-time.Duration(i+1) * time.Hour).UnixMicro()
			var closedAt any
			if closed {
				closedAt = at + 1000
			}
			if err := s.Exec(ctx, `INSERT INTO cases (ref, service_id, team, classification, state, channel,
				clock_start, due_at, submitted_at, updated_at, closed_at, version) VALUES (?, 'report-a-pothole', 'highways', 'OFFICIAL', 'received', 'web', ?, ?, ?, ?, ?, 1)`,
				fmt.Sprintf("RES-%d", i), at, at+1, at, at, closedAt); err != nil {
				t.Fatal(err)
			}
		}
		q := statistics.Query{Groups: []statistics.Group{{ServiceID: "report-a-pothole", Team: "highways", Classification: service.Official}},
			From: now.Add(-24 * time.Hour), To: now.Add(time.Hour), Now: now, Clock: "response"}
		count := func() string {
			t.Helper()
			c, err := s.StatisticsCounts(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%+v", c.Rows)
		}
		if got, want := count(), "[{ServiceID:report-a-pothole Team:highways Channel:web Ward: Received:3 Closed:1 Open:2 Overdue:2}]"; got != want {
			t.Fatalf("before: %s, want %s", got, want)
		}
		hold := records.Hold{HoldTarget: records.HoldTarget{Kind: "case", Target: "RES-1"}, Reason: "accuracy contested", CreatedBy: "u-ig", CreatedAt: now}
		if err := s.Restrict(ctx, "RES-0", []string{"case:RES-0", "case:RES-1", "case:RES-2"}, hold,
			audit.Entry{At: now, Actor: "u-ig", Action: "records.restrict", Subject: "RES-0", Classification: "OFFICIAL"}); err != nil {
			t.Fatal(err)
		}
		if got, want := count(), "[{ServiceID:report-a-pothole Team:highways Channel:web Ward: Received:1 Closed:0 Open:1 Overdue:1}]"; got != want {
			t.Errorf("restricted: %s, want %s", got, want)
		}
	})
}

// The recount finds a kept count edited in the database (raised, lowered to
// nothing, invented for a ward with no cases) and names exactly those
// rows; while fifty cases are written at once, a check running beside them
// finds nothing, as it reads the counts and the cases in one snapshot.
func TestStatisticsCheckFindsEditedCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC).UnixMicro()
		hour := at / 3_600_000_000
		check := func() []string {
			t.Helper()
			var out []string
			err := s.StatisticsCheck(ctx, func(d statistics.Difference) error {
				out = append(out, d.String())
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.Exec(ctx, `INSERT INTO cases (ref, service_id, team, classification, state, channel, ward,
					clock_start, due_at, submitted_at, updated_at, version) VALUES (?, 'report-a-pothole', 'highways', 'OFFICIAL', 'received', 'web', ?, ?, ?, ?, ?, 1)`,
					fmt.Sprintf("CHK-%02d", i), []string{"E05000001", ""}[i%2], at, at+86_400_000_000, at+int64(i), at)
			}()
		}
		for range 5 {
			if got := check(); len(got) != 0 {
				t.Errorf("while cases are written, the check found %q", got)
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, edit := range []string{
			`UPDATE case_stat_counts SET n = n + 7 WHERE kind = 'received' AND ward = 'E05000001'`,
			`DELETE FROM case_stat_counts WHERE kind = 'open' AND ward = ''`,
			fmt.Sprintf(`INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
				VALUES ('report-a-pothole', 'highways', 'OFFICIAL', 'web', 'E05000002', 'closed', %d, 2, 40)`, hour),
		} {
			if err := s.Exec(ctx, edit); err != nil {
				t.Fatal(err)
			}
		}
		want := []string{
			"report-a-pothole team highways OFFICIAL channel web ward (no ward): open at 2026-03-03 10:00 UTC value 0: kept 0, the cases give 25",
			"report-a-pothole team highways OFFICIAL channel web ward E05000001: received at 2026-03-02 10:00 UTC value -1: kept 32, the cases give 25",
			"report-a-pothole team highways OFFICIAL channel web ward E05000002: closed at 2026-03-02 10:00 UTC value 2: kept 40, the cases give 0",
		}
		if got := check(); !slices.Equal(got, want) {
			t.Errorf("the check found\n%q\nwant\n%q", got, want)
		}
		// serve's daily task logs each as an error and sets the gauge.
		var logs bytes.Buffer
		st := &statistics.Service{Store: s}
		if st.Differences() != -1 {
			t.Errorf("before any check the gauge is %v, want -1", st.Differences())
		}
		if err := st.CheckTask(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{ReplaceAttr: noTime})))(ctx); err != nil {
			t.Fatal(err)
		}
		wantLogs := ""
		for _, w := range want {
			wantLogs += `level=ERROR msg="statistics: a kept count is not what the cases give" difference="` + w + "\"\n"
		}
		wantLogs += `level=ERROR msg="statistics: the dashboards' counts differ from the cases; run guildhall stats verify" differences=3` + "\n"
		if logs.String() != wantLogs || st.Differences() != 3 {
			t.Errorf("the daily check logged (gauge %v)\n%s\nwant\n%s", st.Differences(), logs.String(), wantLogs)
		}
	})
}

// noTime leaves the time out of a log line, so that it can be compared.
func noTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
