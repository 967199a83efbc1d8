package store_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkSubmitParallel measures durable submissions per second through
// the group committer: many goroutines each submitting complete records (case,
// event, audit entry, outbox message, search document). Run with
//
//	go test ./internal/store -run '^$' -bench SubmitParallel -benchtime 20000x
//
// and GUILDHALL_TEST_PG_DURABLE=1 so that PostgreSQL fsyncs (the test
// cluster otherwise runs with fsync=off).
func BenchmarkSubmitParallel(b *testing.B) {
	dialects := []struct {
		name string
		open func(testing.TB) *store.Store
	}{
		{"sqlite-full", func(tb testing.TB) *store.Store { return storetest.OpenSQLite(tb, store.Config{SQLiteSync: "full"}) }},
		{"sqlite-normal", func(tb testing.TB) *store.Store { return storetest.OpenSQLite(tb, store.Config{SQLiteSync: "normal"}) }},
		{"postgres", func(tb testing.TB) *store.Store { return storetest.OpenPostgres(tb, store.Config{}) }},
	}
	for _, d := range dialects {
		for _, writers := range []int{1, 64, 256} {
			b.Run(fmt.Sprintf("%s/writers=%d", d.name, writers), func(b *testing.B) {
				s := d.open(b)
				benchSubmit(b, s, writers)
			})
		}
	}
}

// benchSubmit runs b.N submissions from the given number of goroutines and
// reports submissions/s and latency percentiles.
func benchSubmit(b *testing.B, s *store.Store, writers int) {
	ctx := context.Background()
	var next atomic.Int64
	lat := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	cost := startCost()
	start := time.Now()
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				rec := record(cases.NewRef(), "")
				t0 := time.Now()
				if _, _, err := s.SubmitCase(ctx, rec); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "subs/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	cost.report(b, b.N)
}

// cost is what a run took from the machine, read from the kernel: CPU time
// and bytes sent to the disk. On a machine shared with other work these
// vary far less than the rate does, so they are what to compare when
// trying a change.
type cost struct{ cpu, read, written int64 }

func startCost() cost { return readCost() }

func readCost() cost {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	c := cost{cpu: ru.Utime.Nano() + ru.Stime.Nano()}
	if b, err := os.ReadFile("/proc/self/io"); err == nil {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "write_bytes: "); ok {
				c.written, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			}
			// rchar counts reads the page cache answered too: SQLite
			// reading pages its own cache does not hold.
			if v, ok := strings.CutPrefix(line, "rchar: "); ok {
				c.read, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			}
		}
	}
	return c
}

// report adds the CPU microseconds and kilobytes written to disk and read
// from files per submission.
func (c cost) report(b *testing.B, n int) {
	end := readCost()
	b.ReportMetric(float64(end.cpu-c.cpu)/1e3/float64(n), "cpu-µs/sub")
	b.ReportMetric(float64(end.written-c.written)/1024/float64(n), "disk-KiB/sub")
	b.ReportMetric(float64(end.read-c.read)/1024/float64(n), "read-KiB/sub")
}
