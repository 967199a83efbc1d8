package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/services"
)

// documentReaders: a planning officer, whose team owns one in five
// documents (the OFFICIAL-SENSITIVE ones, which nobody else may find), a
// parks officer, who may find only the OFFICIAL ones, and a highways
// officer, who also works the seeded cases (bench/load -seed).
var documentReaders = []struct {
	name string
	p    access.Principal
}{
	{"planning officer", access.Principal{Kind: access.KindStaff, UserID: "u-plan", Teams: []string{"planning"}, MFA: true}},
	{"parks officer", access.Principal{Kind: access.KindStaff, UserID: "u-parks", Teams: []string{"parks"}, MFA: true}},
	{"highways officer", access.Principal{Kind: access.KindStaff, UserID: "u-hw", Teams: []string{"highways"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}},
}

// documentTerms are the frequencies of the SQL seed in docs/performance.md:
// "marker<i>" in one document, "street<k>" in one in 50, "council" in all.
var documentTerms = []struct {
	name string
	word func(n int) string
}{
	{"rare (1 document)", func(n int) string { return fmt.Sprintf("marker%d", 1+rand.IntN(n)) }},
	{"mid (1 in 50)", func(int) string { return fmt.Sprintf("street%d", rand.IntN(50)) }},
	{"common (every document)", func(int) string { return "council" }},
}

// measureDocumentSearch runs document searches through records.Documents.Find
// (what the Documents page and the API call), or with -search-all through
// records.Search.Find (the search over cases, documents and spaces), one at
// a time, and prints p50/p95/p99 and the CPU per search.
func measureDocumentSearch(ctx context.Context, o options) error {
	st, err := store.Open(ctx, store.Config{URL: o.database, Dir: o.data, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer st.Close()
	plan, err := records.ParseFilePlan("fileplan.yaml", records.DefaultFilePlanYAML)
	if err != nil {
		return err
	}
	catalog, err := service.LoadDir(services.FS)
	if err != nil {
		return err
	}
	docs := &records.Documents{Store: st, Plan: plan}
	reg := service.NewRegistry(catalog)
	all := &records.Search{Documents: docs, Cases: &cases.Service{Store: st, Services: reg}, Store: st, Services: reg}
	find := func(p access.Principal, text string) (int, bool, error) {
		if o.searchAll {
			res, err := all.Find(ctx, p, records.Query{Text: text, Limit: 20})
			return res.Matches, res.ManyMatches, err
		}
		res, err := docs.Find(ctx, p, records.DocumentQuery{Text: text, Limit: 20})
		return res.Matches, res.ManyMatches, err
	}
	stop, err := startProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Println("| reader | term | p50 | p95 | p99 | CPU per search | documents matching |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, r := range documentReaders {
		for _, term := range documentTerms {
			var lat []time.Duration
			var matches []string
			var cpu time.Duration
			for i := -5; i < o.searchRuns; i++ {
				if i == 0 {
					cpu = -processCPU() - serverCPU(o.serverPID)
				}
				word := term.word(o.searchDocs)
				start := time.Now()
				n, many, err := find(r.p, word)
				if err != nil {
					return err
				}
				if i >= 0 {
					lat = append(lat, time.Since(start))
				}
				if many {
					matches = append(matches, "many")
				} else {
					matches = append(matches, fmt.Sprint(n))
				}
			}
			cpu = (cpu + processCPU() + serverCPU(o.serverPID)) / time.Duration(max(1, o.searchRuns))
			slices.Sort(lat)
			slices.Sort(matches)
			fmt.Printf("| %s | %s | %s | %s | %s | %s | %s |\n", r.name, term.name, ms(quantile(lat, 0.50)), ms(quantile(lat, 0.95)),
				ms(quantile(lat, 0.99)), ms(cpu), strings.Join(slices.Compact(matches), ", "))
		}
	}
	return nil
}
