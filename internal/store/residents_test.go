package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
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
