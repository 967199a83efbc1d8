package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/services"
)

// searchReaders are who searches: one who may see everything, and a
// highways officer, whose searches the access superset narrows to the
// service their team owns (a fifth of the seeded cases) and access.Decide
// re-checks.
var searchReaders = []struct {
	name string
	p    access.Principal
}{
	{"all cases", access.System},
	{"highways officer", access.Principal{Kind: access.KindStaff, UserID: "u-bench", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}, MFA: true}},
}

// searchTerms are the three frequencies measured: a word in one case,
// a street in one case in 50, and "road", in every case.
var searchTerms = []struct {
	name string
	word func(cases int) string
}{
	{"rare (1 case)", func(n int) string { return fmt.Sprintf("marker%d", 1+rand.IntN(n)) }},
	{"mid (1 in 50)", func(int) string { return streets[rand.IntN(len(streets))] }},
	{"common (every case)", func(int) string { return "road" }},
}

// measureSearch runs case searches through cases.Service.Find on a seeded
// store (what the workspace queue and the API call), one at a time, so the
// figures are the cost of a search, not queueing, and prints p50/p95/p99.
func measureSearch(ctx context.Context, o options) error {
	st, err := store.Open(ctx, store.Config{URL: o.database, Dir: o.data, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil { // a database seeded by an older build gets today's search index
		return err
	}
	catalog, err := service.LoadDir(services.FS)
	if err != nil {
		return err
	}
	svc := &cases.Service{Store: st, Services: service.NewRegistry(catalog)}
	stop, err := startProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Println("| reader | term | order | p50 | p95 | p99 | CPU per search | cases matching (first page) |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, r := range searchReaders {
		for _, term := range searchTerms {
			for _, sort := range []cases.Sort{cases.SortRelevance, cases.SortDue} {
				lat, cpu, matches, err := searchRuns(ctx, svc, r.p, o, func() string { return term.word(o.searchCases) }, sort)
				if err != nil {
					return err
				}
				fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.name, term.name, sort,
					ms(quantile(lat, 0.50)), ms(quantile(lat, 0.95)), ms(quantile(lat, 0.99)), ms(cpu), matches)
			}
		}
		lat, cpu, _, err := searchRuns(ctx, svc, r.p, o, func() string { return "" }, cases.SortDue)
		if err != nil {
			return err
		}
		fmt.Printf("| %s | queue, no words (open, soonest due) | due | %s | %s | %s | %s | |\n", r.name,
			ms(quantile(lat, 0.50)), ms(quantile(lat, 0.95)), ms(quantile(lat, 0.99)), ms(cpu))
	}
	return nil
}

// searchRuns times o.searchRuns first pages of 20 after a few unmeasured
// ones, and describes how many cases matched. It also gives the process's
// mean CPU time per search: on a shared machine the wall-clock figures
// include waiting for a core, the CPU time does not (for SQLite it is the
// whole cost; PostgreSQL's own CPU is in its server processes, counted too
// when -server-pid names its postmaster).
func searchRuns(ctx context.Context, svc *cases.Service, p access.Principal, o options, word func() string, sort cases.Sort) ([]time.Duration, time.Duration, string, error) {
	var lat []time.Duration
	var matches []string
	var cpu time.Duration
	for i := -5; i < o.searchRuns; i++ {
		if i == 0 {
			cpu = -processCPU() - serverCPU(o.serverPID)
		}
		f := cases.Filter{Query: word(), Sort: sort, Limit: 20, Open: sort == cases.SortDue}
		start := time.Now()
		page, err := svc.Find(ctx, p, f)
		if err != nil {
			return nil, 0, "", err
		}
		if i >= 0 {
			lat = append(lat, time.Since(start))
		}
		switch {
		case f.Query == "":
		case page.ManyMatches:
			matches = append(matches, "many")
		default:
			matches = append(matches, fmt.Sprint(page.Matches))
		}
	}
	cpu += processCPU() + serverCPU(o.serverPID)
	slices.Sort(lat)
	slices.Sort(matches)
	return lat, cpu / time.Duration(max(1, o.searchRuns)), strings.Join(slices.Compact(matches), ", "), nil
}

// startProfile writes a CPU profile to path until stop is called; with no
// path it does nothing.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func quantile(lat []time.Duration, q float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[int(q*float64(len(lat)-1))]
}
