package crash

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ledger is what the clients were told: only an acknowledged submission
// (201 with a reference) or transition (200) counts as a promise.
type ledger struct {
	mu          sync.Mutex
	refs        map[string]string // idempotency key → reference
	transitions map[string]bool   // reference → transition acknowledged
	retries     map[string]int    // requests repeated after a dropped connection or 5xx, by cause
	failures    []string          // answers no client should ever get
}

func newLedger() *ledger {
	return &ledger{refs: map[string]string{}, transitions: map[string]bool{}, retries: map[string]int{}}
}

func (l *ledger) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures = append(l.failures, fmt.Sprintf(format, args...))
}

// snapshot copies the acknowledged submissions at this moment.
func (l *ledger) snapshot() map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]string, len(l.refs))
	for k, v := range l.refs {
		out[k] = v
	}
	return out
}

// client submits cases and moves every other one on, retrying each request
// (with the same Idempotency-Key) until the server answers it.
type client struct {
	id    int
	base  string
	token string
	http  *http.Client
	book  *ledger
}

// run works until stop is closed, finishing the operation in hand first;
// hard bounds the whole run so a server that never comes back fails the test.
func (c *client) run(stop <-chan struct{}, hard context.Context) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		key := fmt.Sprintf("crash-%d-%d", c.id, i)
		ref, ok := c.submit(hard, key)
		if !ok {
			return
		}
		if i%2 == 0 && !c.transition(hard, ref) {
			return
		}
	}
}

func (c *client) submit(ctx context.Context, key string) (string, bool) {
	body := fmt.Sprintf(`{"service_id":"report-a-pothole","answers":{
		"location":{"location":{"description":"Outside %s, Station Road","lat":52.2053,"lng":0.1218}},
		"surface":{"text":"road"},"dangerous":{"text":"no"},
		"full_name":{"text":"Client %d"},"email":{"text":"client%d@example.org"}}}`, key, c.id, c.id)
	for {
		status, resp, err := c.do(ctx, "/api/v1/cases", key, body)
		switch {
		case ctx.Err() != nil:
			c.book.fail("submission %s never acknowledged: %v", key, ctx.Err())
			return "", false
		case err != nil || status >= 500 || status == http.StatusTooManyRequests:
			c.retried(status, err)
			continue
		case status != http.StatusCreated:
			c.book.fail("submission %s: status %d: %s", key, status, resp)
			return "", false
		}
		var got struct{ Reference string }
		if err := json.Unmarshal(resp, &got); err != nil || got.Reference == "" {
			c.book.fail("submission %s: unreadable answer %q", key, resp)
			return "", false
		}
		c.book.mu.Lock()
		if prev, seen := c.book.refs[key]; seen && prev != got.Reference {
			c.book.failures = append(c.book.failures, fmt.Sprintf("key %s answered %s then %s", key, prev, got.Reference))
		}
		c.book.refs[key] = got.Reference
		c.book.mu.Unlock()
		return got.Reference, true
	}
}

// transition applies send_for_inspection at version 1. After a dropped
// connection the retry may find it already applied (409): reading the case
// tells whether the first attempt committed.
func (c *client) transition(ctx context.Context, ref string) bool {
	for {
		status, resp, err := c.do(ctx, "/api/v1/cases/"+ref+"/transitions", "", `{"transition":"send_for_inspection","version":1}`)
		switch {
		case ctx.Err() != nil:
			c.book.fail("transition of %s never acknowledged", ref)
			return false
		case err != nil || status >= 500 || status == http.StatusTooManyRequests:
			c.retried(status, err)
			continue
		case status == http.StatusConflict:
			if !c.appliedEarlier(ctx, ref) {
				c.book.fail("transition of %s: 409 but the case was not moved: %s", ref, resp)
				return false
			}
		case status != http.StatusOK:
			c.book.fail("transition of %s: status %d: %s", ref, status, resp)
			return false
		}
		c.book.mu.Lock()
		c.book.transitions[ref] = true
		c.book.mu.Unlock()
		return true
	}
}

func (c *client) appliedEarlier(ctx context.Context, ref string) bool {
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/api/v1/cases/"+ref, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := c.http.Do(req)
		if err != nil {
			continue
		}
		var got struct{ State string }
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err == nil && resp.StatusCode == http.StatusOK {
			return got.State == "awaiting_inspection"
		}
	}
	return false
}

func (c *client) retried(status int, err error) {
	cause := strconv.Itoa(status)
	if err != nil {
		cause = "connection error"
	}
	c.book.mu.Lock()
	c.book.retries[cause]++
	c.book.mu.Unlock()
	time.Sleep(15 * time.Millisecond)
}

// do POSTs body and returns the status and body, or the transport error.
func (c *client) do(ctx context.Context, path, key, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewBufferString(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			time.Sleep(time.Duration(s) * time.Second)
		}
	}
	return resp.StatusCode, b, nil
}
