package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// testPages are the pages a test area renders.
var testPages = fstest.MapFS{
	"hello.html": {Data: []byte(`{{define "title"}}Hello{{end}}{{define "content"}}<h1 class="govuk-heading-l">Hello {{.Page.Name}}</h1>
<form method="post" action="/form">{{template "csrf" .}}{{template "govuk/button" .Page.Button}}</form>{{end}}`)},
}

type helloPage struct {
	Name   string
	Button web.Button
}

// newTestServer starts a server with a few routes that exercise each kind of error.
func newTestServer(t *testing.T, cfg web.Config) (*httptest.Server, *strings.Builder) {
	t.Helper()
	var logs strings.Builder
	srv := web.NewServer(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	rd, err := srv.NewRenderer(web.Area{ServiceName: "Test", ServiceURL: "/"}, testPages, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	b := srv.Browser()
	srv.Handle(b, "GET /hello", func(w http.ResponseWriter, r *http.Request) error {
		return rd.Render(w, r, http.StatusOK, "hello", helloPage{Name: r.URL.Query().Get("name"), Button: web.Button{Text: "Send"}})
	})
	srv.Handle(b, "POST /form", func(w http.ResponseWriter, r *http.Request) error {
		_, err := io.WriteString(w, "accepted "+r.PostFormValue("x"))
		return err
	})
	srv.Handle(b, "GET /boom", func(w http.ResponseWriter, r *http.Request) error { panic("kaboom") })
	srv.Handle(b, "GET /internal", func(w http.ResponseWriter, r *http.Request) error {
		return errors.New("database on fire: secret detail")
	})
	srv.Handle(b, "GET /missing", func(w http.ResponseWriter, r *http.Request) error {
		return fault.New(fault.NotFound, "no such thing")
	})
	srv.Handle(srv.API(), "GET /api/things/{id}", func(w http.ResponseWriter, r *http.Request) error {
		return fault.New(fault.NotFound, "thing %s not found", r.PathValue("id"))
	})
	srv.Handle(srv.API(), "POST /api/things", func(w http.ResponseWriter, r *http.Request) error {
		return &fieldErr{}
	})
	lim := web.NewLimiter(0.001, 2, 10)
	b.Handle("POST /limited", web.RateLimit(lim, web.ClientIP, true)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	})))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, &logs
}

type fieldErr struct{}

func (*fieldErr) Error() string { return "invalid thing" }
func (*fieldErr) Unwrap() error { return fault.Invalid }
func (*fieldErr) FieldErrors() []web.FieldError {
	return []web.FieldError{{Field: "name", Message: "Enter a name"}}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestErrorPages(t *testing.T) {
	t.Parallel()
	ts, logs := newTestServer(t, web.Config{CouncilName: "Testshire Council", Phase: "beta"})
	tests := []struct {
		name, path string
		status     int
		want       []string
		wantNot    []string
		ctype      string
	}{
		{"page", "/hello?name=Ada", 200, []string{"Hello Ada", "Testshire Council", "govuk-phase-banner", "Skip to main content", "Accessibility statement", `name="csrf_token"`}, nil, "text/html"},
		{"escaping", "/hello?name=%3Cscript%3E", 200, []string{"Hello &lt;script&gt;"}, []string{"<script>alert"}, "text/html"},
		{"not found", "/nowhere", 404, []string{"Page not found", "find a service"}, nil, "text/html"},
		{"fault not found", "/missing", 404, []string{"Page not found"}, []string{"no such thing"}, "text/html"},
		{"internal", "/internal", 500, []string{"Sorry, there is a problem with the service", "incident number"}, []string{"secret detail"}, "text/html"},
		{"panic", "/boom", 500, []string{"incident number"}, []string{"kaboom"}, "text/html"},
		{"api not found", "/api/things/7", 404, []string{`"status":404`, "thing 7 not found"}, nil, "application/problem+json"},
		{"healthz", "/healthz", 200, []string{"ok"}, nil, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, ts.Client(), ts.URL+tt.path)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
		})
	}
	// The incident id shown to the user is in the log with the cause.
	_, body := get(t, ts.Client(), ts.URL+"/boom")
	m := regexp.MustCompile(`incident number <strong>([a-z0-9]+)</strong>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no incident id on the 500 page")
	}
	if !strings.Contains(logs.String(), "incident="+m[1]) || !strings.Contains(logs.String(), "kaboom") {
		t.Errorf("log lacks incident %s with its cause", m[1])
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, web.Config{})
	res, body := get(t, ts.Client(), ts.URL+"/hello")
	csp := res.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("CSP allows inline script or style")
	}
	if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(body) || strings.Contains(body, " style=") {
		t.Error("page has inline script or style")
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if res.Header.Get("Permissions-Policy") == "" || res.Header.Get("X-Request-Id") == "" {
		t.Error("Permissions-Policy or X-Request-Id missing")
	}
	var csrf *http.Cookie
	for _, c := range res.Cookies() {
		if strings.Contains(c.Name, "csrf") {
			csrf = c
		}
	}
	if csrf == nil || !csrf.HttpOnly || !csrf.Secure || csrf.SameSite != http.SameSiteLaxMode {
		t.Errorf("form cookie %+v: want HttpOnly, Secure, SameSite=Lax", csrf)
	}
}

// formClient fetches /hello to get a cookie and the form token.
func formClient(t *testing.T, ts *httptest.Server) (*http.Client, string) {
	t.Helper()
	c := ts.Client()
	jar := newJar()
	c.Jar = jar
	_, body := get(t, c, ts.URL+"/hello")
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no form token on the page")
	}
	return c, m[1]
}

func TestFormProtection(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, web.Config{BaseURL: "http://127.0.0.1"})
	c, token := formClient(t, ts)
	tests := []struct {
		name    string
		form    url.Values
		headers map[string]string
		status  int
	}{
		{"same origin with token", url.Values{"csrf_token": {token}, "x": {"1"}}, map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"no browser headers with token", url.Values{"csrf_token": {token}, "x": {"1"}}, nil, 200},
		{"cross-site", url.Values{"csrf_token": {token}}, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"foreign origin", url.Values{"csrf_token": {token}}, map[string]string{"Origin": "https://evil.example"}, 403},
		{"missing token", url.Values{"x": {"1"}}, nil, 403},
		{"wrong token", url.Values{"csrf_token": {"AAAA" + token[4:]}}, nil, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/form", strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
		})
	}
}

func TestRateLimitPage(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, web.Config{BaseURL: "http://127.0.0.1"})
	c, token := formClient(t, ts)
	var codes []int
	var last *http.Response
	for range 3 {
		res, err := c.PostForm(ts.URL+"/limited", url.Values{"csrf_token": {token}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		codes = append(codes, res.StatusCode)
		last = res
		if res.StatusCode == 429 && !strings.Contains(string(b), "Too many requests") {
			t.Error("429 page lacks its heading")
		}
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != 429 {
		t.Fatalf("codes %v, want [200 200 429]", codes)
	}
	if last.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

func TestAPIProblemAndJSONOnly(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, web.Config{})
	res, err := ts.Client().Post(ts.URL+"/api/things", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(b), `"field":"name"`) {
		t.Errorf("validation problem: %d %s", res.StatusCode, b)
	}
	if len(res.Cookies()) != 0 {
		t.Error("API set a cookie")
	}
	res, err = ts.Client().Post(ts.URL+"/api/things", "application/x-www-form-urlencoded", strings.NewReader(`a=b`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 415 {
		t.Errorf("form-encoded API body: %d, want 415 (the API takes JSON only)", res.StatusCode)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, web.Config{BaseURL: "http://127.0.0.1", MaxBodyBytes: 1000})
	c, token := formClient(t, ts)
	big := url.Values{"csrf_token": {token}, "x": {strings.Repeat("a", 2000)}}
	res, err := c.PostForm(ts.URL+"/form", big)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", res.StatusCode)
	}
}

func TestReadyAndMetrics(t *testing.T) {
	t.Parallel()
	ready := errors.New("database down")
	ts, _ := newTestServer(t, web.Config{
		Ready:        func(context.Context) error { return ready },
		Gauges:       map[string]func() float64{"guildhall_outbox_depth": func() float64 { return 7 }},
		MetricsToken: "metrics-secret",
	})
	if res, _ := get(t, ts.Client(), ts.URL+"/readyz"); res.StatusCode != 503 {
		t.Errorf("readyz with database down: %d", res.StatusCode)
	}
	get(t, ts.Client(), ts.URL+"/hello")
	get(t, ts.Client(), ts.URL+"/nowhere")
	req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer metrics-secret")
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := string(b)
	for _, w := range []string{
		`guildhall_http_requests_total{route="GET /hello",method="GET",code="200"} 1`,
		`guildhall_http_requests_total{route="/",method="GET",code="404"} 1`,
		`guildhall_http_request_duration_seconds_bucket{route="GET /hello",le="+Inf"} 1`,
		`guildhall_outbox_depth 7`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("metrics lack %q\n%s", w, body)
		}
	}
}
