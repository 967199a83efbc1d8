package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/services"
)

// openDataScaleCases is ten times the pothole reports a large council
// receives in a year (about 10,000).
const openDataScaleCases = 100_000

// A dataset is streamed: writing 100,000 rows holds no more memory than a
// few chunks, whatever the file's size. The figures are logged (run with -v)
// and recorded in docs/performance.md.
func TestOpenDataStreamsInFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("submits 100,000 cases")
	}
	s := storetest.OpenSQLite(t, store.Config{SQLiteSync: "normal"})
	// The open data service alone, not the whole platform: the bound is on
	// what writing holds, and the platform's own heap would move the
	// collector's pacing, and so the peak, by more than the bound.
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	data := &opendata.Service{Store: s, Services: service.NewRegistry(cat)}
	start := time.Now()
	submitMany(t, s, openDataScaleCases)
	t.Logf("submitted %d cases in %s", openDataScaleCases, time.Since(start).Round(time.Second))

	d, _ := data.Dataset(context.Background(), "pothole-reports")
	for _, f := range []opendata.Format{opendata.CSV, opendata.GeoJSON} {
		out := &heapWatch{}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		w, err := opendata.NewRowWriter(f, out, d)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := data.Write(context.Background(), d, time.Time{}, w); err != nil {
			t.Fatal(err)
		}
		grew := int64(out.peak) - int64(base)
		t.Logf("%s: %d rows, %.1f MB written in %s; heap peak %.1f MB above the start",
			f, openDataScaleCases, float64(out.n)/1e6, time.Since(start).Round(time.Millisecond), float64(grew)/1e6)
		// Half the file: holding the rows (as Go values, larger than their
		// text) would take more than the whole file.
		if grew > int64(out.n/2) {
			t.Errorf("%s: heap grew by %d bytes while writing %d: rows are being held", f, grew, out.n)
		}
	}
}

// heapWatch counts bytes and samples the heap every megabyte written.
type heapWatch struct {
	n, next int
	peak    uint64
}

func (h *heapWatch) Write(p []byte) (int, error) {
	h.n += len(p)
	if h.n >= h.next {
		h.next = h.n + 1<<20
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		h.peak = max(h.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

// submitMany writes n pothole reports straight into the cases table, 500
// rows a statement: the test is about reading them, and submitting 100,000
// through the case service takes minutes on a shared machine.
func submitMany(t *testing.T, s *store.Store, n int) {
	t.Helper()
	const per = 500
	at := platformtest.Start.UnixMicro()
	for first := 0; first < n; first += per {
		var q strings.Builder
		q.WriteString(`INSERT INTO cases (ref, service_id, team, classification, state, answers, applicant, channel,
			clock_start, due_at, submitted_at, updated_at, version) VALUES `)
		var args []any
		for i := first; i < min(first+per, n); i++ {
			if i > first {
				q.WriteString(",")
			}
			q.WriteString("(?, 'report-a-pothole', 'highways', 'OFFICIAL', 'received', ?, ?, 'web', ?, ?, ?, ?, 1)")
			answers, _ := json.Marshal(service.Answers{
				"location": {Location: &service.Location{Lat: ptr(52.1 + float64(i%1000)/10000), Lng: ptr(0.1 + float64(i/1000)/10000),
					Description: fmt.Sprintf("Outside %d Mill Road, near the junction with Station Road, reported by Jo Bloggs 07700 900%03d", i%300, i%1000)}},
				"surface": {Text: "road"}, "size": {Text: "medium"}, "dangerous": {Text: "no"},
				"full_name": {Text: "Jo Bloggs"}, "email": {Text: "jo@example.org"},
			})
			args = append(args, fmt.Sprintf("SCALE-%06d", i), string(answers), `{"name":"Jo Bloggs","email":"jo@example.org"}`,
				at, at+int64(i), at+int64(i), at+int64(i))
		}
		if err := s.Exec(context.Background(), q.String(), args...); err != nil {
			t.Fatal(err)
		}
	}
}

func ptr(f float64) *float64 { return &f }
