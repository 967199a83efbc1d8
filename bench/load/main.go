// Command load measures a running guildhall serve on loopback: front-door
// page views, durable submissions through the JSON API, queue views (the
// API case list, which is what the workspace queue reads) and full-text
// case searches, each at several concurrencies, reporting throughput and
// p50/p99/p99.9 latency as Markdown table rows. In -seed mode it instead
// writes cases straight into a stopped platform's store in large group
// commits, to measure how queue and search costs grow with the data.
//
//	go run ./bench/load -url http://127.0.0.1:8080 -token gh_… -c 16,64 -d 10s
//	go run ./bench/load -seed 1000000 -data DIR [-database postgres://…]
//	go run ./bench/load -seed 50000 -copies 20 -database postgres://…
//	go run ./bench/load -search-store 1000000 -data DIR [-database postgres://…]
//	go run ./bench/load -search-documents 1000000 -data DIR [-database postgres://…]
//	go run ./bench/load -search-documents 1000000 -search-all -data DIR   # cases, documents and spaces
//
// See docs/performance.md and bench/load/run.sh for the exact runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type options struct {
	url, token, scenarios, label string
	conc                         []int
	dur, warm                    time.Duration
	seed, copies                 int
	searchCases, searchRuns      int
	searchDocs                   int
	searchAll                    bool
	cpuProfile                   string
	serverPID                    int
	data, database               string
}

func run(ctx context.Context, args []string) error {
	var o options
	var conc string
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of a running guildhall serve")
	fs.StringVar(&o.token, "token", "", "API token (read-write, officer@highways) for submissions, queue and search")
	fs.StringVar(&o.scenarios, "s", "frontdoor,submit,queue,search", "scenarios to run, comma-separated (also: hello, search-rare, search-common)")
	fs.StringVar(&o.label, "label", "", "label printed in the first column (e.g. the database)")
	fs.StringVar(&conc, "c", "16,64", "concurrencies, comma-separated")
	fs.DurationVar(&o.dur, "d", 10*time.Second, "measured duration per scenario and concurrency")
	fs.DurationVar(&o.warm, "warm", time.Second, "unmeasured warm-up before each measurement")
	fs.IntVar(&o.seed, "seed", 0, "seed mode: write this many cases straight into the store, then exit")
	fs.StringVar(&o.data, "data", "", "seed mode: data folder (SQLite)")
	fs.StringVar(&o.database, "database", "", "seed mode: PostgreSQL URL")
	fs.IntVar(&o.copies, "copies", 1, "seed mode, PostgreSQL: then copy the seeded cases inside the database to this many times as many")
	fs.IntVar(&o.searchCases, "search-store", 0, "search mode: measure case search through the case service on the store of -data or -database, seeded with this many cases")
	fs.IntVar(&o.searchDocs, "search-documents", 0, "search mode: measure document search through records.Documents on the store of -data or -database, seeded with this many documents (docs/performance.md)")
	fs.BoolVar(&o.searchAll, "search-all", false, "with -search-documents: measure the search over cases, documents and spaces (records.Search) instead")
	fs.IntVar(&o.searchRuns, "runs", 200, "search mode: searches measured per row")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "search mode (cases or documents): write a CPU profile here")
	fs.IntVar(&o.serverPID, "server-pid", 0, "search mode, PostgreSQL on this machine: the postmaster's process id, to add its backends' CPU to each search's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-c %q: give positive numbers", conc)
		}
		o.conc = append(o.conc, n)
	}
	if o.searchCases > 0 {
		return measureSearch(ctx, o)
	}
	if o.searchDocs > 0 {
		return measureDocumentSearch(ctx, o)
	}
	if o.seed > 0 {
		if err := seed(ctx, o); err != nil || o.copies <= 1 {
			return err
		}
		if o.database == "" {
			return fmt.Errorf("-copies needs -database (PostgreSQL)")
		}
		return replicate(ctx, o.database, o.seed, o.copies)
	}
	return measure(ctx, o)
}
