package crash

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ack is one promise a client was given: a reference for a submission.
type ack struct{ channel, key, ref string }

// powerBook is what the power-loss clients were told.
type powerBook struct {
	mu       sync.Mutex
	acks     []ack
	retries  map[string]int // requests repeated after a dropped connection or 5xx/429
	restarts map[string]int // front-door journeys begun again (a lost draft or session), by the answer that ended them
	failures []string       // answers no client should get
}

func newPowerBook() *powerBook {
	return &powerBook{retries: map[string]int{}, restarts: map[string]int{}}
}

func (b *powerBook) acked(channel, key, ref string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.acks = append(b.acks, ack{channel, key, ref})
}

func (b *powerBook) fail(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures = append(b.failures, fmt.Sprintf(format, args...))
}

func (b *powerBook) retried(cause string) {
	b.mu.Lock()
	b.retries[cause]++
	b.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
}

// transient says a request must be repeated as it was: the server was down,
// restarting or busy. It sleeps for a 429's Retry-After.
func transient(b *powerBook, resp *http.Response, err error) bool {
	switch {
	case err != nil:
		b.retried("connection error")
		return true
	case resp.StatusCode >= 500:
		b.retried(strconv.Itoa(resp.StatusCode))
		return true
	case resp.StatusCode == http.StatusTooManyRequests:
		s, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		time.Sleep(time.Duration(max(s, 1)) * time.Second)
		b.retried("429")
		return true
	}
	return false
}

// send repeats a request until the server answers it (or ctx ends), and
// returns the answer's status, headers and body.
func send(ctx context.Context, hc *http.Client, b *powerBook, build func() *http.Request) (*http.Response, []byte, bool) {
	for ctx.Err() == nil {
		resp, err := hc.Do(build().WithContext(ctx))
		var body []byte
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if transient(b, resp, err) {
			continue
		}
		return resp, body, true
	}
	return nil, nil, false
}

// powerClient submits one way until stop is closed, finishing the
// submission in hand; hard bounds the whole run.
type powerClient struct {
	id    int
	base  string
	token string
	book  *powerBook
	http  *http.Client
}

func newPowerClient(id int, base, token string, b *powerBook) *powerClient {
	return &powerClient{id: id, base: base, token: token, book: b,
		http: &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *powerClient) loop(stop <-chan struct{}, hard context.Context, submit func(context.Context, string) bool) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		if !submit(hard, fmt.Sprintf("p%d-%d", c.id, i)) {
			return
		}
	}
}

// api submits through POST /api/v1/cases with an Idempotency-Key.
func (c *powerClient) api(ctx context.Context, key string) bool {
	body := fmt.Sprintf(`{"service_id":"report-a-pothole","answers":{
		"location":{"location":{"description":"Outside %s, Station Road","lat":52.2053,"lng":0.1218}},
		"surface":{"text":"road"},"dangerous":{"text":"no"},
		"full_name":{"text":"Client %d"},"email":{"text":"api%d@example.org"}}}`, key, c.id, c.id)
	resp, b, ok := send(ctx, c.http, c.book, func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, c.base+"/api/v1/cases", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		return req
	})
	if !ok {
		c.book.fail("api %s: never acknowledged", key)
		return false
	}
	var got struct{ Reference string }
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(b, &got) != nil || got.Reference == "" {
		c.book.fail("api %s: %d %s", key, resp.StatusCode, b)
		return false
	}
	c.book.acked("api", key, got.Reference)
	return true
}

// open311 submits as FixMyStreet does, its report id making a resend safe.
func (c *powerClient) open311(ctx context.Context, key string) bool {
	form := url.Values{
		"api_key": {c.token}, "service_code": {"POTHOLE"}, "lat": {"52.2053"}, "long": {"0.1218"},
		"email": {fmt.Sprintf("fms%d@example.org", c.id)}, "first_name": {"Fix"}, "last_name": {"MyStreet"},
		"description":               {"Pothole " + key},
		"attribute[fixmystreet_id]": {key}, "attribute[surface]": {"road"}, "attribute[dangerous]": {"no"},
	}.Encode()
	resp, b, ok := send(ctx, c.http, c.book, func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, c.base+"/open311/v2/requests.json", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	})
	if !ok {
		c.book.fail("open311 %s: never acknowledged", key)
		return false
	}
	var got []struct {
		ID string `json:"service_request_id"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &got) != nil || len(got) != 1 || got[0].ID == "" {
		c.book.fail("open311 %s: %d %s", key, resp.StatusCode, b)
		return false
	}
	c.book.acked("open311", key, got[0].ID)
	return true
}

var (
	csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	refRE  = regexp.MustCompile(`govuk-panel__body">Your reference number<br><strong>([^<]+)</strong>`)
)

// frontDoor completes "Report a pothole" as a resident's browser would (no
// JavaScript): five question pages, "Check your answers", then the
// confirmation page, whose reference is the promise. A journey whose draft
// or session did not survive is begun again in a new browser.
func (c *powerClient) frontDoor(ctx context.Context, key string) bool {
	for ctx.Err() == nil {
		ref, why := c.journey(ctx, key)
		if why == "" {
			c.book.acked("frontdoor", key, ref)
			return true
		}
		c.book.mu.Lock()
		c.book.restarts[why]++
		c.book.mu.Unlock()
	}
	c.book.fail("front door %s: never acknowledged", key)
	return false
}

// journey returns the reference, or why the journey must begin again.
func (c *powerClient) journey(ctx context.Context, key string) (string, string) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: c.http.Timeout, Transport: c.http.Transport, CheckRedirect: c.http.CheckRedirect}
	q := c.base + "/services/report-a-pothole/questions/"
	resp, b, ok := send(ctx, hc, c.book, func() *http.Request { r, _ := http.NewRequest(http.MethodGet, q+"where", nil); return r })
	m := csrfRE.FindSubmatch(b)
	if !ok || resp.StatusCode != http.StatusOK || m == nil {
		return "", "first page: " + status(resp)
	}
	token := string(m[1])
	confirmation := "/services/report-a-pothole/confirmation"
	post := func(u string, form url.Values, next string) string {
		form.Set("csrf_token", token)
		resp, _, ok := send(ctx, hc, c.book, func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		})
		if ok && resp.StatusCode == http.StatusSeeOther && (next == "" || resp.Header.Get("Location") == next) {
			return ""
		}
		return "POST " + strings.TrimPrefix(u, c.base) + ": " + status(resp)
	}
	steps := []struct {
		page string
		form url.Values
	}{
		{"where", url.Values{"location-description": {"Outside " + key + ", Station Road"}}},
		{"surface", url.Values{"surface": {"road"}, "size": {"small"}}},
		{"danger", url.Values{"dangerous": {"no"}}},
		{"photo", url.Values{}},
		{"you", url.Values{"full_name": {"Sam Resident"}, "email": {fmt.Sprintf("resident%d@example.org", c.id)}}},
	}
	for _, s := range steps {
		if why := post(q+s.page, s.form, ""); why != "" {
			return "", why
		}
	}
	if why := post(c.base+"/services/report-a-pothole/check-answers", url.Values{}, confirmation); why != "" {
		return "", why
	}
	resp, b, ok = send(ctx, hc, c.book, func() *http.Request {
		r, _ := http.NewRequest(http.MethodGet, c.base+confirmation, nil)
		return r
	})
	if m := refRE.FindSubmatch(b); ok && resp.StatusCode == http.StatusOK && m != nil {
		return string(m[1]), ""
	}
	return "", "confirmation: " + status(resp)
}

func status(resp *http.Response) string {
	if resp == nil {
		return "no answer"
	}
	if l := resp.Header.Get("Location"); l != "" {
		return resp.Status + " to " + l
	}
	return resp.Status
}
