package store_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/workday"
	"github.com/guildhall-platform/guildhall/services"
)

// A council-wide dashboard over 100,000 cases (ten times a large council's
// year of pothole reports) and an FOI quarterly return are counted in the
// database: the heap grows by no more than a few megabytes, under a 64 MiB
// memory limit. Figures are logged (-v) and in docs/performance.md.
func TestStatisticsMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 cases")
	}
	s := storetest.OpenSQLite(t, store.Config{SQLiteSync: "normal"})
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	start := time.Now()
	// GUILDHALL_TEST_STATISTICS_CASES=1000000 measures a larger council.
	n := openDataScaleCases
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_TEST_STATISTICS_CASES")); err == nil && v > 0 {
		n = v - v%4
	}
	foiQ1 := insertStatisticsCases(t, s, now, n)
	t.Logf("wrote %d cases and their first actions in %s", n, time.Since(start).Round(time.Second))
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	st := &statistics.Service{Store: s, Services: service.NewRegistry(cat), Now: func() time.Time { return now }}
	auditor := access.Principal{Kind: access.KindStaff, UserID: "u-audit", MFA: true, Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}}

	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	stop := watchHeap()
	began := time.Now()
	d, err := st.Dashboard(context.Background(), auditor, statistics.Request{})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	q, err := st.Quarterly(context.Background(), auditor, "foi-request", "2026-Q1")
	if err != nil {
		t.Fatal(err)
	}
	grew := stop()
	t.Logf("dashboard of %d cases in %s, then an FOI return; heap peak %.1f MB above the start", d.Received, took.Round(time.Millisecond), float64(grew)/1e6)
	// The daily recount sorts every case in the database; SQLite's memory
	// is outside Go's heap, so the process's peak resident size is watched too.
	resetPeakRSS(t)
	rssBefore, stop := peakRSS(t), watchHeap()
	cpu := readCost().cpu
	began = time.Now()
	differences, err := st.Check(context.Background(), func(d statistics.Difference) error { return fmt.Errorf("%s", d) })
	if err != nil || differences != 0 {
		t.Errorf("check: %d differences, %v", differences, err)
	}
	checkGrew, rssGrew := stop(), peakRSS(t)-rssBefore
	t.Logf("recount of %d cases in %s (%s CPU); heap peak %.1f MB above the start, resident peak %.1f MB above it",
		n, time.Since(began).Round(time.Millisecond), time.Duration(readCost().cpu-cpu).Round(time.Millisecond), float64(checkGrew)/1e6, float64(rssGrew)/1e6)
	if checkGrew > 16<<20 || rssGrew > 64<<20 {
		t.Errorf("the recount grew the heap by %d bytes and the resident size by %d: it holds the cases", checkGrew, rssGrew)
	}
	if d.Received != n || d.Closed != n/2 || q.Received != foiQ1 {
		t.Errorf("received %d closed %d, FOI received %d", d.Received, d.Closed, q.Received)
	}
	if d.HoursToFirstAction.Of != n/2 || d.AwaitingAction != n/2 {
		t.Errorf("first action %+v, awaiting %d", d.HoursToFirstAction, d.AwaitingAction)
	}
	// Holding the cases as Go values would take well over 16 MB.
	if grew > 16<<20 {
		t.Errorf("heap grew by %d bytes: cases are being held", grew)
	}
}

// resetPeakRSS starts the kernel's peak resident size (VmHWM) again from
// the current size.
func resetPeakRSS(t *testing.T) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the peak resident size: %v", err)
	}
}

// peakRSS is the process's peak resident size in bytes since resetPeakRSS.
func peakRSS(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// watchHeap samples the live heap until stop, which returns the peak above
// where it started.
func watchHeap() (stop func() int64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, top := ms.HeapAlloc, ms.HeapAlloc
	done, finished := make(chan struct{}), sync.WaitGroup{}
	finished.Add(1)
	go func() {
		defer finished.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				top = max(top, ms.HeapAlloc)
			}
		}
	}()
	return func() int64 {
		close(done)
		finished.Wait()
		return int64(top) - int64(base)
	}
}

// insertStatisticsCases writes n cases straight into the tables, spread
// from 1 April 2025 (the start of a monthly dashboard on 2 March 2026) to
// now: a quarter FOI requests, the rest pothole reports; every other case
// closed after three days and acted on after two hours (a note by an
// officer). It returns how many FOI requests arrived in January to March 2026.
func insertStatisticsCases(t *testing.T, s *store.Store, now time.Time, n int) (foiQ1 int) {
	t.Helper()
	const per = 500
	from := time.Date(2025, 4, 1, 0, 0, 0, 0, workday.London)
	q1 := time.Date(2026, 1, 1, 0, 0, 0, 0, workday.London).UnixMicro()
	span, base := now.Sub(from).Microseconds(), from.UnixMicro()
	for first := 0; first < n; first += per {
		var q, e strings.Builder
		q.WriteString(`INSERT INTO cases (id, ref, service_id, team, classification, state, channel,
			clock_start, due_at, submitted_at, updated_at, closed_at, version) VALUES `)
		e.WriteString(`INSERT INTO case_events (case_id, at, actor, kind, visibility) VALUES `)
		var args, eargs []any
		for i := first; i < min(first+per, n); i++ {
			sep := ","
			if i == first {
				sep = ""
			}
			at := base + span/int64(n)*int64(i) // span*i would overflow at a million cases
			svc, team := "report-a-pothole", "highways"
			if i%4 == 0 {
				svc, team = "foi-request", "information-governance"
				if at >= q1 {
					foiQ1++
				}
			}
			var closed any
			if i%2 == 1 {
				closed = at + 3*86_400_000_000
				if len(eargs) > 0 {
					e.WriteString(",")
				}
				e.WriteString("(?, ?, 'u-officer', 'note', 'internal')")
				eargs = append(eargs, i+1, at+2*3_600_000_000)
			}
			fmt.Fprintf(&q, "%s(?, ?, ?, ?, 'OFFICIAL', 'received', 'web', ?, ?, ?, ?, ?, 1)", sep)
			args = append(args, i+1, fmt.Sprintf("STAT-%06d", i), svc, team, at, at+5*86_400_000_000, at, at, closed)
		}
		if err := s.Exec(context.Background(), q.String(), args...); err != nil {
			t.Fatal(err)
		}
		if err := s.Exec(context.Background(), e.String(), eargs...); err != nil {
			t.Fatal(err)
		}
	}
	return foiQ1
}
