// Package notifytest runs, on the loopback interface, a GOV.UK Notify API
// and an SMTP server that behave as the real ones do, for tests of
// package notify and of anything that sends through it.
package notifytest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Template is a Notify template the server knows.
type Template struct {
	ID      string
	Type    string // "email" or "sms"
	Version int
	Subject string // email only; may hold ((placeholders))
	Body    string
}

// Notification is one notification the server accepted.
type Notification struct {
	ID              string
	Type            string // "email" or "sms"
	EmailAddress    string
	PhoneNumber     string
	TemplateID      string
	Personalisation map[string]any
	Reference       string
	EmailReplyToID  string
	SMSSenderID     string
	Subject, Body   string         // the template filled in
	Claims          map[string]any // the JWT claims the request carried
	Header          http.Header    // the request headers
	CreatedAt       time.Time
}

// Server is a GOV.UK Notify API for tests. Its fields may be changed
// between requests; it is safe for concurrent use.
type Server struct {
	URL       string
	ServiceID string
	Secret    string
	// APIKey is a key for this server, shaped as a real one.
	APIKey string
	// EmailTemplate and SMSTemplate are registered at start: subject
	// ((subject)) and body ((body)), as notify.NotifySender's defaults expect.
	EmailTemplate, SMSTemplate string

	mu        sync.Mutex
	now       func() time.Time
	templates map[string]Template
	sent      []Notification
	failNext  int
	rateLimit int
	window    time.Duration
	requests  []time.Time
	srv       *httptest.Server
}

// NewServer starts a server and stops it when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		ServiceID: newUUID(), Secret: newUUID(),
		EmailTemplate: newUUID(), SMSTemplate: newUUID(),
		now: time.Now, templates: map[string]Template{}, window: time.Minute,
	}
	s.APIKey = "guildhall_test-" + s.ServiceID + "-" + s.Secret
	s.AddTemplate(Template{ID: s.EmailTemplate, Type: "email", Subject: "((subject))", Body: "((body))"})
	s.AddTemplate(Template{ID: s.SMSTemplate, Type: "sms", Body: "((body))"})
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

// AddTemplate registers t (Version 1 if unset).
func (s *Server) AddTemplate(t Template) {
	if t.Version == 0 {
		t.Version = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.templates[t.ID] = t
}

// SetNow replaces the server's clock, against which a token's iat is checked.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// FailNext makes the next n requests fail with 500, as Notify does when it
// has an internal error.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// SetRateLimit allows at most n requests in any window (Notify's default is
// 3000 per 60 s); more get 429. 0 removes the limit.
func (s *Server) SetRateLimit(n int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit, s.window, s.requests = n, window, nil
}

// Notifications returns what the server has accepted, oldest first.
func (s *Server) Notifications() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Notification(nil), s.sent...)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/notifications/{type}", s.authed(s.postNotification))
	mux.HandleFunc("GET /v2/notifications", s.authed(s.listNotifications))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"result": "error", "message": "The requested URL was not found on the server."})
	})
	return mux
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
