package main

import (
	"fmt"
	"slices"
	"time"
)

// result is one scenario at one concurrency.
type result struct {
	name    string
	conc    int
	ok, bad int
	elapsed time.Duration
	lat     []time.Duration
	codes   map[int]int
}

func (r *result) quantile(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(q * float64(len(r.lat)-1))
	return r.lat[i]
}

// row is a Markdown table row: label | scenario | concurrency | req/s | p50 | p95 | p99 | p99.9 | errors.
func (r *result) row(label string) string {
	slices.Sort(r.lat)
	rate := float64(r.ok) / r.elapsed.Seconds()
	errs := ""
	if r.bad > 0 {
		errs = fmt.Sprintf("%d (%v)", r.bad, r.codes)
	}
	return fmt.Sprintf("| %s | %s | %d | %.0f | %s | %s | %s | %s | %s |", label, r.name, r.conc, rate,
		ms(r.quantile(0.50)), ms(r.quantile(0.95)), ms(r.quantile(0.99)), ms(r.quantile(0.999)), errs)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

// header is the Markdown table header for rows.
const header = "| database | scenario | concurrency | req/s | p50 | p95 | p99 | p99.9 | errors |\n|---|---|---|---|---|---|---|---|---|"
