package web

import (
	"bufio"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the upper bounds, in seconds, of the request duration histogram.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests per route, method and status, and times them per
// route, in memory; /metrics writes them in the Prometheus text format.
// Routes are mux patterns, so the label set is bounded.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	hists    map[string]*histogram
	gauges   map[string]func() float64
}

type reqKey struct {
	route, method string
	code          int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

func newMetrics(gauges map[string]func() float64) *metrics {
	return &metrics{requests: map[reqKey]uint64{}, hists: map[string]*histogram{}, gauges: gauges}
}

func (m *metrics) observe(route, method string, code int, d time.Duration) {
	secs := d.Seconds()
	i := sort.SearchFloat64s(buckets, secs)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, method, code}]++
	h := m.hists[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		m.hists[route] = h
	}
	h.counts[i]++
	h.sum += secs
	h.count++
}

// ServeHTTP writes the Prometheus text exposition format (version 0.0.4).
func (m *metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	bw := bufio.NewWriter(w)
	m.mu.Lock()
	m.writeRequests(bw)
	m.writeHistograms(bw)
	m.mu.Unlock()
	m.writeGauges(bw)
	_ = bw.Flush()
}

func (m *metrics) writeRequests(w *bufio.Writer) {
	fmt.Fprintln(w, "# HELP guildhall_http_requests_total HTTP requests by route, method and status code.")
	fmt.Fprintln(w, "# TYPE guildhall_http_requests_total counter")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.code < b.code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "guildhall_http_requests_total{route=%s,method=%s,code=\"%d\"} %d\n",
			quote(k.route), quote(k.method), k.code, m.requests[k])
	}
}

func (m *metrics) writeHistograms(w *bufio.Writer) {
	fmt.Fprintln(w, "# HELP guildhall_http_request_duration_seconds Time to serve HTTP requests, by route.")
	fmt.Fprintln(w, "# TYPE guildhall_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.hists))
	for r := range m.hists {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, route := range routes {
		h := m.hists[route]
		var cum uint64
		for i, le := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "guildhall_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n",
				quote(route), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "guildhall_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(route), h.count)
		fmt.Fprintf(w, "guildhall_http_request_duration_seconds_sum{route=%s} %s\n", quote(route), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(w, "guildhall_http_request_duration_seconds_count{route=%s} %d\n", quote(route), h.count)
	}
}

func (m *metrics) writeGauges(w *bufio.Writer) {
	names := make([]string, 0, len(m.gauges))
	for n := range m.gauges {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		kind := "gauge"
		if strings.HasSuffix(n, "_total") { // a running total, by Prometheus's naming rule
			kind = "counter"
		}
		fmt.Fprintf(w, "# TYPE %s %s\n%s %s\n", n, kind, n, strconv.FormatFloat(m.gauges[n](), 'g', -1, 64))
	}
}

// quote escapes a label value as the exposition format asks.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
