package api_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestIdempotencyKeySentAtOnce: one request with one Idempotency-Key, sent
// by twelve goroutines at the same moment (a client retrying too eagerly),
// makes one case, and every reply is the same 201 with the same body.
func TestIdempotencyKeySentAtOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		tok := f.token("retrying client", true, nil, highwaysOfficer)
		const n = 12
		status, bodies := make([]int, n), make([]string, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			req, _ := http.NewRequest("POST", f.URL+"/api/v1/cases", strings.NewReader(pothole("outside 3 Mill Lane")))
			req.Header.Set("Content-Type", jsonCT)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Idempotency-Key", "retry-1")
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					errs[i] = err
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				status[i], bodies[i] = res.StatusCode, string(b)
			}()
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if status[i] != http.StatusCreated || bodies[i] != bodies[0] {
				t.Errorf("reply %d: %d %s\nfirst reply: %d %s", i, status[i], bodies[i], status[0], bodies[0])
			}
		}
		list := f.do("GET", "/api/v1/cases?limit=50", tok, "", "")
		if got := strings.Count(string(list.Body), `"reference"`); got != 1 {
			t.Errorf("%d cases made from one key sent %d times at once, want 1\n%s", got, n, list.Body)
		}
	})
}
