package workspace_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkQueuePage renders a team's queue page (50 rows, the default page)
// over HTTP from a real SQLite store holding benchCases cases across two teams,
// a tenth assigned, a twentieth OFFICIAL-SENSITIVE: the full path an officer's
// browser takes, from the policy-filtered query to the rendered HTML.
//
//	go test ./internal/web/workspace -run '^$' -bench QueuePage -benchtime 200x
func BenchmarkQueuePage(b *testing.B) {
	const benchCases = 5000
	e := newEnv(b, ownServices, platformtest.OnStore(storetest.OpenSQLite(b, store.Config{})))
	ctx := context.Background()
	for i := range benchCases {
		svc := []string{"pothole", "pothole", "repair", "pothole"}[i%4]
		if i%20 == 0 {
			svc = "safeguarding"
		}
		a := service.Answers{"details": {Text: fmt.Sprintf("Case %d: a deep pothole outside number %d, High Street", i, i)}}
		c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: svc, Answers: a, Channel: cases.ChannelWeb})
		if err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			if _, err := e.Cases.Assign(ctx, access.System, c.Ref, "officer-a", 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	cl := e.Client(officerA)
	for _, tc := range []struct{ name, url string }{
		{"team", "/workspace/queue?team=highways"},
		{"mine", "/workspace/queue?assignee=me"},
		{"search", "/workspace/queue?q=pothole"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := cl.HTTP.Get(e.URL + tc.url)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || n < 10000 {
					b.Fatalf("status %d, %d bytes", res.StatusCode, n)
				}
			}
		})
	}
}
