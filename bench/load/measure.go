package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// scenario builds the i-th request of worker w.
type scenario func(o options, w, i int) (*http.Request, error)

var scenarios = map[string]scenario{
	"hello":         get("/"),
	"frontdoor":     get("/services/report-a-pothole"),
	"submit":        submit,
	"submit-nokey":  withoutKey(submit),
	"queue":         api("/api/v1/cases?service=report-a-pothole&open=true&limit=20"),
	"search":        search(func(int) string { return streets[rand.IntN(len(streets))] }),
	"search-common": search(func(int) string { return "road" }),
	"search-rare":   search(func(int) string { return fmt.Sprintf("marker%d", rand.IntN(1000)) }),
	// pocketbase-create is the peer's record create with the same answers
	// (bench/load/pocketbase.sh makes the collection): run against PocketBase.
	"pocketbase-create": pocketbaseCreate,
}

// pocketbaseCreate posts the submission's answers as a PocketBase record.
func pocketbaseCreate(o options, w, i int) (*http.Request, error) {
	body := fmt.Sprintf(`{"location":"Outside %d %s Road","lat":52.2053,"lng":0.1218,"surface":"road","dangerous":"no",
		"full_name":"Load Tester","email":"load%d@example.org"}`, i, streets[i%len(streets)], w)
	req, err := http.NewRequest(http.MethodPost, o.url+"/api/collections/reports/records", strings.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, err
}

func get(path string) scenario {
	return func(o options, w, i int) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, o.url+path, nil)
	}
}

func api(path string) scenario {
	return func(o options, w, i int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, o.url+path, nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+o.token)
		}
		return req, err
	}
}

func search(term func(int) string) scenario {
	return func(o options, w, i int) (*http.Request, error) {
		return api("/api/v1/cases?limit=20&q="+term(i))(o, w, i)
	}
}

var runID = fmt.Sprintf("%x", time.Now().UnixNano())

// submit posts a new pothole report with a unique Idempotency-Key: every
// 201 is a case committed to disk (the API answers only after the commit).
func submit(o options, w, i int) (*http.Request, error) {
	body := fmt.Sprintf(`{"service_id":"report-a-pothole","answers":{
		"location":{"location":{"description":"Outside %d %s Road","lat":52.2053,"lng":0.1218}},
		"surface":{"text":"road"},"dangerous":{"text":"no"},
		"full_name":{"text":"Load Tester"},"email":{"text":"load%d@example.org"}}}`, i, streets[i%len(streets)], w)
	req, err := http.NewRequest(http.MethodPost, o.url+"/api/v1/cases", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+o.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("load-%s-%d-%d", runID, w, i))
	return req, nil
}

// withoutKey sends sc's request without its Idempotency-Key, to measure
// what the key's own bookkeeping costs.
func withoutKey(sc scenario) scenario {
	return func(o options, w, i int) (*http.Request, error) {
		req, err := sc(o, w, i)
		if err == nil {
			req.Header.Del("Idempotency-Key")
		}
		return req, err
	}
}

func measure(ctx context.Context, o options) error {
	fmt.Println(header)
	for _, name := range strings.Split(o.scenarios, ",") {
		sc, ok := scenarios[strings.TrimSpace(name)]
		if !ok {
			return fmt.Errorf("unknown scenario %q", name)
		}
		for _, c := range o.conc {
			if o.warm > 0 {
				drive(ctx, o, name, sc, c, o.warm)
			}
			r := drive(ctx, o, name, sc, c, o.dur)
			fmt.Println(r.row(o.label))
		}
	}
	return nil
}

// drive runs c closed-loop workers for d and collects every latency.
func drive(ctx context.Context, o options, name string, sc scenario, c int, d time.Duration) *result {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}
	defer client.CloseIdleConnections()
	res := &result{name: name, conc: c, codes: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, ok, bad, codes := worker(ctx, o, sc, client, w, deadline)
			mu.Lock()
			res.lat = append(res.lat, lat...)
			res.ok += ok
			res.bad += bad
			for k, v := range codes {
				res.codes[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func worker(ctx context.Context, o options, sc scenario, client *http.Client, w int, deadline time.Time) ([]time.Duration, int, int, map[int]int) {
	var lat []time.Duration
	ok, bad := 0, 0
	codes := map[int]int{}
	for i := w * 10_000_000; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		req, err := sc(o, w, i)
		if err != nil {
			bad++
			continue
		}
		t := time.Now()
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			bad++
			codes[0]++
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
			bad++
			codes[resp.StatusCode]++
			continue
		}
		lat = append(lat, time.Since(t))
		ok++
	}
	return lat, ok, bad, codes
}

// streets are mid-frequency search terms: each is in about one case in
// len(streets) (seeded and submitted alike).
var streets = []string{"Station", "Church", "Victoria", "Manor", "Park", "Mill", "Queens", "Kings", "Albert",
	"Grange", "Windsor", "Highfield", "Orchard", "Meadow", "Chapel", "School", "Springfield", "Broadway",
	"Market", "Bridge", "Farm", "Green", "Hill", "Cedar", "Willow", "Beech", "Oak", "Ash", "Elm", "Rowan",
	"Hawthorn", "Maple", "Lime", "Holly", "Heath", "Valley", "Brook", "River", "Lake", "Castle", "Abbey",
	"Priory", "Rectory", "Vicarage", "Crown", "Forge", "Quarry", "Tannery", "Wharf", "Canal"}
