package security

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/web/webtest"

	"github.com/guildhall-platform/guildhall/test/internal/server"
)

var httpTokenRE = regexp.MustCompile(`gh_[A-Za-z0-9_-]+`)

// httpToken issues a token with the real `guildhall token issue`.
func httpToken(t *testing.T, srv *server.Server, args ...string) string {
	t.Helper()
	out, err := srv.Run(t, append([]string{"token", "issue"}, args...)...)
	tok := httpTokenRE.FindString(out)
	if err != nil || tok == "" {
		t.Fatalf("token issue %v: %v\n%s", args, err, out)
	}
	return tok
}

const httpPothole = `{"service_id":"report-a-pothole","answers":{
	"location":{"location":{"description":"outside 12 Station Road"}},"surface":{"text":"road"},
	"dangerous":{"text":"no"},"full_name":{"text":"Jane Doe"},"email":{"text":"jane@example.org"}}}`

const httpSAR = `{"service_id":"subject-access-request","answers":{
	"for_someone_else":{"text":"no"},"full_name":{"text":"Sam Applicant"},
	"date_of_birth":{"text":"1980-04-01"},
	"address":{"address":{"line1":"1 High Street","town":"Guildhall","postcode":"GH1 1AA"}},
	"email":{"text":"sam@example.org"}}}`

// TestTokenScopeOnEveryWrite (penetration test: read-only and service-scoped
// tokens created cases on any public service). A read-only token and a token
// scoped to another service POST to the JSON API and to Open311, for a
// pothole and a subject access request: each gets 403 with a problem body
// saying why, and no case is made. An API token is no SCIM credential.
func TestTokenScopeOnEveryWrite(t *testing.T) {
	dir := t.TempDir()
	srv := server.New(t, server.StoreFlags(dir, ""), "--scim-token", "scim-secret-for-the-test")
	readOnly := httpToken(t, srv, "--name", "reader", "--grants", "officer@highways")
	elsewhere := httpToken(t, srv, "--name", "fly-tipping", "--write", "--services", "report-fly-tipping", "--grants", "officer@highways")
	srv.Start(t)

	for _, tt := range []struct{ name, token, body, why string }{
		{"read-only, pothole", readOnly, httpPothole, "read-only"},
		{"read-only, subject access request", readOnly, httpSAR, "read-only"},
		{"scoped elsewhere, pothole", elsewhere, httpPothole, "not scoped"},
		{"scoped elsewhere, subject access request", elsewhere, httpSAR, "not scoped"},
	} {
		status, body, hdr := apiDo(t, "POST", srv.URL+"/api/v1/cases", tt.token, "application/json", strings.NewReader(tt.body))
		var p struct {
			Status int    `json:"status"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal([]byte(body), &p)
		if status != 403 || hdr.Get("Content-Type") != "application/problem+json" || p.Status != 403 || !strings.Contains(p.Detail, tt.why) {
			t.Errorf("API %s: %d %s %s, want 403 problem+json saying %q", tt.name, status, hdr.Get("Content-Type"), body, tt.why)
		}
	}
	for _, tt := range []struct{ name, key string }{{"read-only", readOnly}, {"scoped elsewhere", elsewhere}} {
		form := url.Values{"api_key": {tt.key}, "service_code": {"POTHOLE"}, "lat": {"51.5"}, "long": {"-0.12"},
			"description": {"A deep pothole"}, "first_name": {"Jane"}, "last_name": {"Doe"}, "email": {"jane@example.org"},
			"attribute[surface]": {"road"}, "attribute[dangerous]": {"no"}}
		status, body, _ := apiDo(t, "POST", srv.URL+"/open311/v2/requests.json", "", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if status != 403 {
			t.Errorf("Open311 %s api_key: %d %s, want 403", tt.name, status, body)
		}
	}
	scimUser := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"eve@example.org","active":true}`
	if status, body, _ := apiDo(t, "POST", srv.URL+"/scim/v2/Users", readOnly, "application/scim+json", strings.NewReader(scimUser)); status != 401 {
		t.Errorf("SCIM with an API token: %d %s, want 401", status, body)
	}
	if n := countCases(t, dir); n != 0 {
		t.Errorf("%d cases made by refused writes, want 0", n)
	}
}

// httpSQL runs statements on a stopped serve's SQLite database.
func httpSQL(t *testing.T, dir string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "guildhall.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestWebhookServicesAndNAT64 (penetration test: webhooks fired for every
// service unless filtered; NAT64 addresses were missing from the block
// list). Three endpoints are stored as the admin page stores them: one with
// no services, one for fly-tipping only, one for every service ("*") whose
// URL is the cloud metadata address behind the NAT64 prefix. A pothole
// report must queue exactly one delivery, to the "*" endpoint, and that
// delivery must be refused as private, permanently, without being sent.
func TestWebhookServicesAndNAT64(t *testing.T) {
	dir := t.TempDir()
	srv := server.New(t, server.StoreFlags(dir, ""))
	token := srv.Token(t, "writer", "officer@highways") // also creates and migrates the database
	insert := `INSERT INTO webhook_endpoints (url, secret, events, services, created_at) VALUES ('%s', 'whsec_x', '["case.submitted"]', '%s', 1)`
	httpSQL(t, dir,
		fmt.Sprintf(insert, "https://none.example/in", `[]`),
		fmt.Sprintf(insert, "https://fly-tipping.example/in", `["report-fly-tipping"]`),
		fmt.Sprintf(insert, "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", `["*"]`))
	srv.Start(t)
	if status, body, _ := apiDo(t, "POST", srv.URL+"/api/v1/cases", token, "application/json", strings.NewReader(httpPothole)); status != 201 {
		t.Fatalf("submit: %d %s", status, body)
	}
	var deliveries []httpDelivery
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		deliveries = httpDeliveries(t, dir)
		if len(deliveries) > 0 && deliveries[0].dead {
			break
		}
	}
	if len(deliveries) != 1 || !strings.Contains(deliveries[0].payload, `"endpoint_id":3`) {
		t.Fatalf("deliveries %+v, want exactly one, to the endpoint for every service (id 3)", deliveries)
	}
	if d := deliveries[0]; !d.dead || d.attempts != 1 || !strings.Contains(d.lastError, "private") {
		t.Errorf("delivery to 64:ff9b::169.254.169.254: %+v, want refused as private, dead after one attempt", d)
	}
}

type httpDelivery struct {
	payload, lastError string
	attempts           int
	dead               bool
}

func httpDeliveries(t *testing.T, dir string) []httpDelivery {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "guildhall.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT payload, last_error, attempts, dead_at IS NOT NULL FROM outbox WHERE topic = 'webhook.delivery'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []httpDelivery
	for rows.Next() {
		var d httpDelivery
		if err := rows.Scan(&d.payload, &d.lastError, &d.attempts, &d.dead); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// forwardedAs is a transport that adds X-Forwarded-For, as a reverse proxy
// on the test's own address (127.0.0.1) would.
type forwardedAs struct{ client string }

func (f forwardedAs) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.client)
	return http.DefaultTransport.RoundTrip(r)
}

// browserFrom is a browser whose requests arrive through the proxy for client.
func browserFrom(t *testing.T, base, client string) *webtest.Client {
	c := webtest.NewClient(t, base)
	c.HTTP.Transport = forwardedAs{client}
	c.Get("/sign-in")
	return c
}

// throttleAddress fails sign-in from b until the address is throttled and
// returns how many failures that took (0: never, within 100).
func throttleAddress(t *testing.T, next func(i int) *webtest.Client) int {
	for i := 1; i <= 100; i++ {
		_, body := next(i).PostForm("/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"wrong-password-" + strconv.Itoa(i)}})
		if strings.Contains(body, "Too many failed attempts") {
			return i
		}
	}
	return 0
}

// TestTrustedProxiesPerClientLockout (penetration test: behind a reverse proxy
// 20 failed sign-ins from anyone blocked every staff sign-in, and residents
// shared one limit). With --trusted-proxies naming the proxy, an attacker
// behind it who throttles their own address does not stop a member of staff
// behind the same proxy signing in, and the audit log and the server log name
// the attacker's address. Without it, X-Forwarded-For is not believed: an
// attacker who sends a new one with every attempt is still throttled, as
// one address.
func TestTrustedProxiesPerClientLockout(t *testing.T) {
	t.Run("trusted proxy", func(t *testing.T) {
		s := startSite(t, "--trusted-proxies", "127.0.0.1/32,::1/128")
		attacker := browserFrom(t, s.srv.URL, "203.0.113.66")
		if n := throttleAddress(t, func(int) *webtest.Client { return attacker }); n == 0 {
			t.Fatal("the attacker's address was never throttled")
		}
		staff := browserFrom(t, s.srv.URL, "198.51.100.10")
		res, body := staff.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {s.secret}})
		if res.StatusCode != http.StatusSeeOther || strings.Contains(body, "Too many failed attempts") {
			t.Errorf("staff behind the same proxy: %d, want the sign-in to go on (303)\n%.300s", res.StatusCode, body)
		}
		if !strings.Contains(s.srv.Log(), "ip=203.0.113.66") {
			t.Errorf("the server log does not name the attacker's address:\n%.2000s", s.srv.Log())
		}
		if n := httpAuditCount(t, s.dir, `%"ip":"203.0.113.66"%`); n == 0 {
			t.Error("no audit entry names the attacker's address")
		}
		if n := httpAuditCount(t, s.dir, `%"ip":"127.0.0.1"%`); n != 0 {
			t.Errorf("%d audit entries name the proxy instead of the client", n)
		}
	})
	t.Run("untrusted proxy header", func(t *testing.T) {
		s := startSite(t, "--trusted-proxies", "10.0.0.0/8")
		n := throttleAddress(t, func(i int) *webtest.Client {
			return browserFrom(t, s.srv.URL, "203.0.113."+strconv.Itoa(i))
		})
		if n == 0 {
			t.Fatal("an attacker forging a new X-Forwarded-For each time was never throttled")
		}
		if httpAuditCount(t, s.dir, `%"ip":"203.0.113.%`) != 0 {
			t.Error("the audit log believed a forged X-Forwarded-For")
		}
	})
}

func httpAuditCount(t *testing.T, dir, like string) int {
	t.Helper()
	return sqliteCount(t, dir, `SELECT count(*) FROM audit_log WHERE detail LIKE ?`, like)
}

// TestMetricsNotPublic (penetration test: /metrics was public). A default serve
// does not publish its metrics; with --metrics-token only that bearer token
// reads them.
func TestMetricsNotPublic(t *testing.T) {
	plain := server.New(t, server.StoreFlags(t.TempDir(), ""))
	plain.Start(t)
	if status, body, _ := apiDo(t, "GET", plain.URL+"/metrics", "", "", nil); status != 404 || strings.Contains(body, "guildhall_") {
		t.Errorf("default /metrics: %d, want 404 with no metrics\n%.300s", status, body)
	}
	locked := server.New(t, server.StoreFlags(t.TempDir(), ""), "--metrics-token", "a-long-metrics-token")
	locked.Start(t)
	for _, bearer := range []string{"", "a-long-metrics-tokeN", "a-long", "gh_not-this-either"} {
		if status, body, _ := apiDo(t, "GET", locked.URL+"/metrics", bearer, "", nil); status != 401 || strings.Contains(body, "guildhall_") {
			t.Errorf("/metrics with bearer %q: %d, want 401 with no metrics", bearer, status)
		}
	}
	if status, body, _ := apiDo(t, "GET", locked.URL+"/metrics", "a-long-metrics-token", "", nil); status != 200 || !strings.Contains(body, "guildhall_http_requests_total") {
		t.Errorf("/metrics with the token: %d", status)
	}
}

// slowBodies opens n connections that each send a POST's headers and a few
// bytes of a 1,000-byte body, then nothing: half to the JSON API with a
// valid token (whose handler reads the body), half to a front-door form
// (whose form-token check reads it), so that each would be in a handler.
func slowBodies(t *testing.T, addr, token string, n int) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for i := range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("slow-body connection refused after %d: %v", len(conns), err)
		}
		conns = append(conns, c)
		if i%2 == 0 {
			fmt.Fprintf(c, "POST /api/v1/cases HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
				"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"service_id\":", addr, token)
		} else {
			fmt.Fprintf(c, "POST /services/report-a-pothole/questions/location HTTP/1.1\r\nHost: %s\r\n"+
				"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncsrf_token=", addr)
		}
	}
	return conns
}

// TestSlowBodiesDoNotStarveRequests (penetration test: 600 slow request bodies
// held all 512 in-flight slots and every real request got 503 while /healthz
// was green). With the default --max-in-flight of 512, 600 connections send
// headers and a few bytes of body and stall. While they are all open, an
// ordinary API read, an ordinary submission and the front door must be
// served and /readyz must be green (nothing is saturated: a body still
// arriving holds no slot). The stalled connections are then cut off by the
// server itself with 408 (--body-grace is 20 s here, not 10, so that all 600
// are surely still open while the ordinary requests are sent).
func TestSlowBodiesDoNotStarveRequests(t *testing.T) {
	// --api-rate: the 300 slow API requests share one token, whose own rate
	// limit would otherwise refuse most of them before they reach a handler.
	srv := server.New(t, server.StoreFlags(t.TempDir(), ""), "--body-grace", "20s", "--api-rate", "100000")
	token := srv.Token(t, "client", "officer@highways")
	srv.Start(t)
	before, _ := server.RSS(srv.PID())
	slow := slowBodies(t, srv.Addr, token, 600)
	time.Sleep(200 * time.Millisecond) // let the server read every header (not a timing assertion)
	during, _ := server.RSS(srv.PID())
	t.Logf("RSS %d MB before, %d MB with 600 stalled bodies", before>>20, during>>20)

	if status, body, _ := apiDo(t, "GET", srv.URL+"/api/v1/cases?limit=5", token, "", nil); status != 200 {
		t.Errorf("an API read beside 600 slow bodies: %d %.200s", status, body)
	}
	if status, body, _ := apiDo(t, "POST", srv.URL+"/api/v1/cases", token, "application/json", strings.NewReader(httpPothole)); status != 201 {
		t.Errorf("a submission beside 600 slow bodies: %d %.200s", status, body)
	}
	if status, _, _ := apiDo(t, "GET", srv.URL+"/", "", "", nil); status != 200 {
		t.Errorf("the front door beside 600 slow bodies: %d", status)
	}
	if status, body, _ := apiDo(t, "GET", srv.URL+"/readyz", "", "", nil); status != 200 {
		t.Errorf("/readyz beside 600 slow bodies: %d %s, want 200 (no slot is taken)", status, body)
	}
	// Every stalled body is answered 408 and closed by the server.
	cut := 0
	for _, c := range slow {
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Minute)) // only so a failure cannot hang the suite
		b, _ := io.ReadAll(c)
		if strings.HasPrefix(string(b), "HTTP/1.1 408") {
			cut++
		}
	}
	if cut != len(slow) {
		t.Errorf("%d of %d stalled bodies were answered 408 and closed", cut, len(slow))
	}
}
