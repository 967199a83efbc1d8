package records_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestRetentionMemoryIsBounded lists and disposes of n and then 10n closed
// cases and compares the peak heap the retention job reaches above where it
// started: batching must keep it flat, not ten times larger. It also checks
// that every case went and every one left a certificate.
func TestRetentionMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds thousands of cases")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20)) // a small container's share
	eachWorld(t, func(t *testing.T, w *world) {
		w.Records.Batch = records.DefaultBatch
		small := retentionPeak(t, w, 300)
		large := retentionPeak(t, w, 3000)
		t.Logf("peak heap growth: %d cases %.1f MiB, %d cases %.1f MiB", 300, mib(small), 3000, mib(large))
		if large > 2*small+8<<20 {
			t.Errorf("memory grows with the data: %.1f MiB for 3000 cases against %.1f MiB for 300", mib(large), mib(small))
		}
	})
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// retentionPeak seeds n complaints closed long ago, lists them, approves
// them all and disposes of them, returning the peak heap above the start.
func retentionPeak(t *testing.T, w *world, n int) uint64 {
	ctx := context.Background()
	seedClosed(t, w, n)
	w.move(1, 0, 1)
	stop := sampleHeap()
	r, err := w.Records.RunRetention(ctx)
	if err != nil || r.Listed != n {
		t.Fatalf("listing %d: %+v %v", n, r, err)
	}
	approveAll(t, w)
	start := time.Now()
	r, err = w.Records.RunRetention(ctx)
	peak := stop()
	t.Logf("%d disposals with certificates in %v", n, time.Since(start).Round(time.Millisecond)) // reported, never asserted
	if err != nil || r.Disposed != n {
		t.Fatalf("disposing of %d: %+v %v", n, r, err)
	}
	if certs, _ := w.Store.Certificates(ctx, n+1); len(certs) < n {
		t.Fatalf("%d certificates for %d disposals", len(certs), n)
	}
	return peak
}

// seedClosed writes n closed complaints straight through the store, many at
// once so that they group-commit.
func seedClosed(t *testing.T, w *world, n int) {
	now := w.Clock.Now().UTC().Truncate(time.Microsecond)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if _, _, err := w.Store.SubmitCase(context.Background(), closedComplaint(now, i)); err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
}

func closedComplaint(now time.Time, i int64) cases.Record {
	ref := fmt.Sprintf("%s-%d", cases.NewRef(), i)
	answers := service.Answers{"complaint": {Text: fmt.Sprintf("Complaint number %d about the bins", i)}, "full_name": {Text: "Resident Number"}}
	c := cases.Case{Ref: ref, ServiceID: "complaint", Team: "highways", Classification: service.Official, State: "closed",
		Answers: answers, Channel: cases.ChannelWeb, SubmittedAt: now, UpdatedAt: now, ClosedAt: &now, Version: 2,
		History: cases.ClockHistory{Received: now}}
	return cases.Record{Case: c,
		Event:  cases.Event{At: now, Actor: "resident", Kind: cases.EventSubmitted, Visibility: cases.Resident},
		Audit:  audit.Entry{At: now, Actor: "resident", Action: cases.AuditSubmit, Subject: ref},
		Search: cases.SearchDoc{Title: ref, Body: answers["complaint"].Text}}
}

func approveAll(t *testing.T, w *world) {
	ctx := context.Background()
	var after int64
	for {
		items, err := w.Records.DispositionList(ctx, manager, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range items {
			if err := w.Records.Approve(ctx, manager, d.ID); err != nil {
				t.Fatal(err)
			}
		}
		if len(items) < 500 {
			return
		}
		after = items[len(items)-1].ID
	}
}

// sampleHeap samples the heap in use until the returned function is called,
// which returns the peak above the first sample.
func sampleHeap() func() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var s runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&s)
				if s.HeapInuse > base && s.HeapInuse-base > peak.Load() {
					peak.Store(s.HeapInuse - base)
				}
			}
		}
	}()
	return func() uint64 { close(done); return peak.Load() }
}
