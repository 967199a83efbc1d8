package notify_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
)

func newNotifySender(t *testing.T, srv *notifytest.Server) *notify.NotifySender {
	t.Helper()
	s, err := notify.NewNotifySender(srv.APIKey, srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s.EmailTemplate, s.SMSTemplate = srv.EmailTemplate, srv.SMSTemplate
	return s
}

func email(id string) notify.Message {
	return notify.Message{ID: id, Channel: notify.Email, To: "resident@example.org",
		Subject: "Your report K7QD-M2XH", Body: "We have your report.\nThank you."}
}

func TestNotifySenderSendsEmailAndSMS(t *testing.T) {
	srv := notifytest.NewServer(t)
	s := newNotifySender(t, srv)
	s.EmailReplyToID, s.SMSSenderID = "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"
	ctx := context.Background()
	if err := s.Send(ctx, email("msg-1")); err != nil {
		t.Fatal(err)
	}
	sms := notify.Message{ID: "msg-2", Channel: notify.SMS, To: "07700 900123", Body: "Bin collected"}
	if err := s.Send(ctx, sms); err != nil {
		t.Fatal(err)
	}
	got := srv.Notifications()
	if len(got) != 2 {
		t.Fatalf("server received %d notifications, want 2", len(got))
	}
	e, m := got[0], got[1]
	if e.Type != "email" || e.EmailAddress != "resident@example.org" || e.TemplateID != srv.EmailTemplate ||
		e.Reference != "msg-1" || e.EmailReplyToID != s.EmailReplyToID || e.SMSSenderID != "" || e.Subject != "Your report K7QD-M2XH" || e.Body != "We have your report.\nThank you." {
		t.Errorf("email notification = %+v", e)
	}
	if m.Type != "sms" || m.PhoneNumber != "07700 900123" || m.SMSSenderID != s.SMSSenderID || m.EmailReplyToID != "" || m.TemplateID != srv.SMSTemplate || m.Body != "Bin collected" {
		t.Errorf("sms notification = %+v", m)
	}
	if ua := e.Header.Get("User-Agent"); !strings.HasPrefix(ua, "guildhall-notify/") {
		t.Errorf("User-Agent = %q", ua)
	}
	if ct := e.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
}

// TestNotifySenderJWT checks the token has exactly iss and iat, is fresh per
// request, and that the server verified its signature (it accepted it).
func TestNotifySenderJWT(t *testing.T) {
	srv := notifytest.NewServer(t)
	s := newNotifySender(t, srv)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	srv.SetNow(func() time.Time { return at })
	for i, offset := range []time.Duration{0, 29 * time.Second, -29 * time.Second} {
		s.Now = func() time.Time { return at.Add(offset) }
		if err := s.Send(context.Background(), email("jwt")); err != nil {
			t.Fatalf("offset %v: %v", offset, err)
		}
		c := srv.Notifications()[i].Claims
		if len(c) != 2 || c["iss"] != srv.ServiceID || c["iat"] != float64(at.Add(offset).Unix()) {
			t.Errorf("offset %v: claims = %v, want exactly iss=%s iat=%d", offset, c, srv.ServiceID, at.Add(offset).Unix())
		}
	}
}

func TestNotifySenderOwnTemplate(t *testing.T) {
	srv := notifytest.NewServer(t)
	s := newNotifySender(t, srv)
	const id = "6f1d0a5e-3c2b-4e8f-9a7d-1b2c3d4e5f60"
	srv.AddTemplate(notifytest.Template{ID: id, Type: "email", Subject: "Case ((ref))", Body: "Dear ((name)), ((body))"})
	m := email("own")
	m.TemplateID, m.Personalisation = id, map[string]string{"ref": "K7QD", "name": "Ada"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	n := srv.Notifications()[0]
	if n.Subject != "Case K7QD" || n.Body != "Dear Ada, We have your report.\nThank you." {
		t.Errorf("rendered %q / %q", n.Subject, n.Body)
	}
}

func TestNotifySenderErrors(t *testing.T) {
	otherSecret := func(srv *notifytest.Server) string {
		return srv.APIKey[:len(srv.APIKey)-36] + "00000000-0000-4000-8000-000000000000"
	}
	tests := []struct {
		name      string
		setup     func(*testing.T, *notifytest.Server, *notify.NotifySender)
		msg       notify.Message
		permanent bool
		status    int
		contains  string
		kind      *fault.Kind
	}{
		{"address Notify rejects", nil, func() notify.Message { m := email("e"); m.To = "someone@localhost"; return m }(),
			true, 400, "email_address Not a valid email address", fault.Invalid},
		{"phone with too few digits", nil, notify.Message{ID: "p", Channel: notify.SMS, To: "07700 90012", Body: "x"},
			true, 400, "phone_number Not enough digits", fault.Invalid},
		{"landline", nil, notify.Message{ID: "p", Channel: notify.SMS, To: "020 7946 0000", Body: "x"},
			true, 400, "phone_number Not a UK mobile number", fault.Invalid},
		{"text message too long", nil, notify.Message{ID: "l", Channel: notify.SMS, To: "07700900123", Body: strings.Repeat("a", 919)},
			true, 400, "Text messages cannot be longer than 918 characters. Your message is 919 characters", fault.Invalid},
		{"unknown template", nil, func() notify.Message {
			m := email("t")
			m.TemplateID = "0f0f0f0f-0000-4000-8000-000000000000"
			return m
		}(), true, 400, "Template not found", fault.Invalid},
		{"missing personalisation", func(_ *testing.T, srv *notifytest.Server, _ *notify.NotifySender) {
			srv.AddTemplate(notifytest.Template{ID: "1f0f0f0f-0000-4000-8000-000000000000", Type: "email", Subject: "s", Body: "((missing))"})
		}, func() notify.Message {
			m := email("p")
			m.TemplateID = "1f0f0f0f-0000-4000-8000-000000000000"
			return m
		}(),
			true, 400, "Missing personalisation: missing", fault.Invalid},
		{"wrong secret", func(t *testing.T, srv *notifytest.Server, s *notify.NotifySender) {
			s.Key, _ = notify.ParseAPIKey(otherSecret(srv))
		}, email("w"), true, 403, "Invalid token: signature, api token is not valid", fault.Forbidden},
		{"sender clock slow", func(_ *testing.T, _ *notifytest.Server, s *notify.NotifySender) {
			s.Now = func() time.Time { return time.Now().Add(-2 * time.Minute) }
		}, email("c"), true, 403, "Your system clock must be accurate to within 30 seconds", fault.Forbidden},
		{"server clock ahead", func(_ *testing.T, srv *notifytest.Server, _ *notify.NotifySender) {
			srv.SetNow(func() time.Time { return time.Now().Add(31 * time.Second) })
		}, email("c"), true, 403, "Your system clock must be accurate to within 30 seconds", fault.Forbidden},
		{"server error", func(_ *testing.T, srv *notifytest.Server, _ *notify.NotifySender) { srv.FailNext(1) },
			email("5"), false, 500, "Internal server error", fault.Unavailable},
		{"rate limited", func(t *testing.T, srv *notifytest.Server, s *notify.NotifySender) {
			srv.SetRateLimit(1, time.Minute)
			if err := s.Send(context.Background(), email("first")); err != nil {
				t.Fatal(err)
			}
		}, email("r"), false, 429, "Exceeded rate limit", fault.TooMany},
		{"invalid message never reaches Notify", nil, notify.Message{ID: "i", Channel: notify.Email, To: "not an address"},
			true, 0, "not a valid email address", fault.Invalid},
		{"no template for the channel", func(_ *testing.T, _ *notifytest.Server, s *notify.NotifySender) { s.SMSTemplate = "" },
			notify.Message{ID: "n", Channel: notify.SMS, To: "07700900123"}, true, 0, "no Notify template", fault.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := notifytest.NewServer(t)
			s := newNotifySender(t, srv)
			if tt.setup != nil {
				tt.setup(t, srv, s)
			}
			before := len(srv.Notifications())
			err := s.Send(context.Background(), tt.msg)
			checkErr(t, err, tt.permanent, tt.status, tt.contains, tt.kind)
			if n := len(srv.Notifications()); n != before {
				t.Errorf("server accepted %d notifications, want none", n-before)
			}
		})
	}
}

func checkErr(t *testing.T, err error, permanent bool, status int, contains string, kind *fault.Kind) {
	t.Helper()
	if err == nil {
		t.Fatal("Send succeeded, want an error")
	}
	if got := errors.Is(err, notify.ErrPermanent); got != permanent {
		t.Errorf("errors.Is(err, ErrPermanent) = %v, want %v (err: %v)", got, permanent, err)
	}
	var ne *notify.Error
	if !errors.As(err, &ne) || ne.StatusCode != status {
		t.Errorf("status = %+v, want %d", ne, status)
	}
	if !strings.Contains(err.Error(), contains) {
		t.Errorf("err = %q, want it to contain %q", err, contains)
	}
	if kind != nil && !errors.Is(err, kind) {
		t.Errorf("err = %v, want kind %v", err, kind)
	}
}

// TestNotifySenderRetryAfterFailures: the worker retries; the first
// successful attempt is the only notification sent.
func TestNotifySenderRetryAfterFailures(t *testing.T) {
	srv := notifytest.NewServer(t)
	s := newNotifySender(t, srv)
	srv.FailNext(2)
	var attempts int
	for attempts = 1; attempts <= 5; attempts++ {
		err := s.Send(context.Background(), email("retry"))
		if err == nil {
			break
		}
		if errors.Is(err, notify.ErrPermanent) {
			t.Fatalf("attempt %d: permanent %v", attempts, err)
		}
	}
	if attempts != 3 || len(srv.Notifications()) != 1 {
		t.Errorf("succeeded on attempt %d with %d notifications, want 3 and 1", attempts, len(srv.Notifications()))
	}
}

func TestNotifySenderCheckReference(t *testing.T) {
	srv := notifytest.NewServer(t)
	s := newNotifySender(t, srv)
	s.CheckReference = true
	for range 3 {
		if err := s.Send(context.Background(), email("once")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Send(context.Background(), email("twice")); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Notifications()); n != 2 {
		t.Errorf("server holds %d notifications, want 2 (one per reference)", n)
	}
}

func TestNotifySenderTransportFailures(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release) // runs first: the handler returns, then the server closes
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("<html>down for maintenance</html>"))
	}))
	defer busy.Close()
	srv := notifytest.NewServer(t)
	for _, tc := range []struct {
		name  string
		url   string
		after time.Duration
	}{{"connection refused", closed.URL, 0}, {"timeout", slow.URL, 0}, {"503 with Retry-After", busy.URL, 7 * time.Second}} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := notify.NewNotifySender(srv.APIKey, tc.url, 200*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			s.EmailTemplate = srv.EmailTemplate
			err = s.Send(context.Background(), email("x"))
			if err == nil || errors.Is(err, notify.ErrPermanent) {
				t.Fatalf("err = %v, want a retryable error", err)
			}
			if d, _ := notify.RetryAfter(err); d != tc.after {
				t.Errorf("RetryAfter = %v, want %v", d, tc.after)
			}
		})
	}
}

func TestParseAPIKey(t *testing.T) {
	const svc, secret = "26785a09-ab16-4eb0-8407-a37497a57506", "3d844edf-8d35-48ac-975b-e847b4f122b0"
	k, err := notify.ParseAPIKey("my-key-name-" + svc + "-" + secret)
	if err != nil {
		t.Fatal(err)
	}
	if k.Name != "my-key-name" || k.ServiceID != svc || k.Secret != secret {
		t.Errorf("ParseAPIKey = %+v", k)
	}
	if strings.Contains(k.String(), secret) {
		t.Error("APIKey.String() reveals the secret")
	}
	for _, bad := range []string{"", "short", svc + "-" + secret, "name-" + svc + "x" + secret, "name-" + svc + "-" + strings.ToUpper(secret)[:35] + "z"} {
		if _, err := notify.ParseAPIKey(bad); err == nil || !errors.Is(err, notify.ErrPermanent) {
			t.Errorf("ParseAPIKey(%q) err = %v, want a permanent error", bad, err)
		}
	}
}
