package store_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestResidentLinkLimitAtOnce: twelve requests for sign-in links to one
// address (in three letter cases) and twelve to another, all at the same
// moment, send exactly the limit of five to each, with exactly five
// emails queued each, on SQLite and on PostgreSQL. The connections are
// opened first, so that opening them does not space the requests out.
func TestResidentLinkLimitAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const each, limit = 12, 5
		atOnce(16, func(i int) { // warm the pool: PostgreSQL keeps 16 idle connections
			link := auth.ResidentLink{TokenHash: fmt.Sprintf("warm-%d", i), Email: fmt.Sprintf("warm%d@example.org", i), CreatedAt: t0, ExpiresAt: t0}
			if err := s.IssueResidentLink(ctx, link, t0.Add(-time.Hour), limit, jobs.Message{Topic: "warm", Payload: []byte(`{}`)}); err != nil {
				t.Error(err)
			}
		})
		addresses := []string{"ada@example.org", "Ada@Example.org", "ADA@EXAMPLE.ORG", "bob@example.org"}
		var sent [2]atomic.Int32
		atOnce(2*each, func(i int) {
			addr := addresses[i%3]
			who := 0
			if i >= each {
				addr, who = addresses[3], 1
			}
			link := auth.ResidentLink{TokenHash: fmt.Sprintf("hash-%d", i), Email: addr, CreatedAt: t0, ExpiresAt: t0.Add(30 * time.Minute)}
			msg := jobs.Message{ID: jobs.NewID(), Topic: jobs.TopicNotify, Key: "resident-sign-in", Payload: []byte(`{}`), CreatedAt: t0, AvailableAt: t0}
			err := s.IssueResidentLink(ctx, link, t0.Add(-time.Hour), limit, msg)
			switch {
			case err == nil:
				sent[who].Add(1)
			case !errors.Is(err, fault.TooMany):
				t.Errorf("link %d: %v", i, err)
			}
		})
		for who, n := range []int32{sent[0].Load(), sent[1].Load()} {
			if n != limit {
				t.Errorf("%s: %d links sent at once, want exactly %d", strings.ToLower(addresses[who*3]), n, limit)
			}
		}
		queued, err := s.OutboxByKey(ctx, jobs.TopicNotify, "resident-sign-in")
		if err != nil || len(queued) != 2*limit {
			t.Errorf("%d emails queued (%v), want %d", len(queued), err, 2*limit)
		}
	})
}

// pruneScaleLinks is ten times the sign-in links an hour of a large
// council's residents would leave (50,000 accounts each asking once).
const pruneScaleLinks = 500_000

// TestPruneResidentLinksTask runs the worker's hourly
// "prune-resident-links" task as the platform wires it, on SQLite and
// PostgreSQL, under a 64 MiB soft memory limit, over 500,000 links, one
// expiring every 7 seconds from half an hour ahead back 40 days: a link
// expired more than ResidentLinkWindow ago goes, a newer one stays; an hour
// later (the clock moved) the next run takes the next hour's.
func TestPruneResidentLinksTask(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 500,000 sign-in links")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		ctx := context.Background()
		now := p.Clock.Now()
		expires := now.Add(30 * time.Minute).UnixMicro()
		if err := p.Store.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO resident_signin_links (token_hash, email, email_key, created_at, expires_at)
			SELECT 'link-' || i, 'r' || i || '@example.org', 'r' || i || '@example.org', CAST(? AS BIGINT) - 3600000000 - i * 7000000, CAST(? AS BIGINT) - i * 7000000 FROM n`,
			pruneScaleLinks-1, expires, expires); err != nil {
			t.Fatal(err)
		}
		var task jobs.Task
		for _, tk := range p.Worker.Tasks {
			if tk.Name == "prune-resident-links" {
				task = tk
			}
		}
		// kept is how many links expire at or after now - ResidentLinkWindow.
		kept := func(now time.Time) int {
			return int((expires-now.Add(-auth.ResidentLinkWindow).UnixMicro())/7_000_000) + 1
		}
		for _, hour := range []int{0, 1} {
			at := now.Add(time.Duration(hour) * time.Hour)
			p.Clock.Set(at)
			var before, after syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &before)
			if ran, err := p.Worker.RunTask(ctx, task); err != nil || !ran {
				t.Fatalf("hour %d: ran %v, %v", hour, ran, err)
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &after)
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			n, err := p.Store.ResidentLinkCount(ctx)
			if err != nil || n != kept(at) {
				t.Fatalf("hour %d: %d links kept, want %d (%v)", hour, n, kept(at), err)
			}
			cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
			t.Logf("hour %d: %d links kept; this process's CPU %s; heap %.1f MB, limit 64 MiB", hour, n, cpu.Round(time.Millisecond), float64(ms.HeapAlloc)/1e6)
			if ms.HeapAlloc > 64<<20 {
				t.Errorf("heap %d bytes after the prune, over the 64 MiB limit", ms.HeapAlloc)
			}
		}
	})
}
