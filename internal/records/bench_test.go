package records_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkDocumentSearch measures permission-aware document search over
// GUILDHALL_BENCH_DOCS documents (default 10,000; one in five
// OFFICIAL-SENSITIVE to planning), for a word in most documents and a rare
// one, by a planning officer and by a parks officer whose results the
// policy filters. It reports p50 and p95 latency per search.
//
//	GUILDHALL_BENCH_DOCS=20000 go test -run - -bench DocumentSearch -benchtime 200x ./internal/records
func BenchmarkDocumentSearch(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var s *store.Store
			if dialect == "sqlite" {
				s = storetest.OpenSQLite(b, store.Config{SQLiteSync: "normal"})
			} else {
				s = storetest.OpenPostgres(b, store.Config{})
			}
			seedDocuments(b, s, n)
			plan, _ := records.ParseFilePlan("fileplan.yaml", records.DefaultFilePlanYAML)
			docs := &records.Documents{Store: s, Plan: plan}
			for _, q := range []string{"council", "kestrel"} {
				for _, who := range []access.Principal{planner, parks} {
					b.Run(q+"/"+who.Teams[0], func(b *testing.B) { searchLatency(b, docs, who, q) })
				}
			}
		})
	}
}

func searchLatency(b *testing.B, docs *records.Documents, who access.Principal, q string) {
	ctx := context.Background()
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := docs.Search(ctx, who, q, 20); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

var benchWords = strings.Fields(`council meeting minutes policy report budget highway repair planning application
	licence consultation contract tender invoice letter resident complaint housing parks waste recycling
	bridge survey inspection school transport library leisure committee cabinet scrutiny decision`)

// seedDocuments files n documents of 200 words each straight through the store.
func seedDocuments(b *testing.B, s *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i := range n {
		words := make([]string, 200)
		for j := range words {
			words[j] = benchWords[r.IntN(len(benchWords))]
		}
		if i%1000 == 0 {
			words[0] = "kestrel" // a rare word: one document in a thousand
		}
		class := service.Official
		if i%5 == 0 {
			class = service.OfficialSensitive
		}
		d := records.Document{Title: fmt.Sprintf("%s %s %d", words[1], words[2], i), ClassID: "5.3.1", Classification: class,
			Team: "planning", CreatedBy: "u-plan", CreatedAt: now, UpdatedAt: now}
		v := records.Version{Number: 1, File: service.FileRef{Key: strings.Repeat("a", 64), Name: "d.txt", ContentType: service.MIMEText, Size: 1}, UploadedBy: "u-plan", UploadedAt: now}
		if _, err := s.CreateDocument(ctx, d, v, strings.Join(words, " "), audit.Entry{At: now, Actor: "u-plan", Action: records.AuditDocumentCreate}); err != nil {
			b.Fatal(err)
		}
	}
}
