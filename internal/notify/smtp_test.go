package notify_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
)

func smtpSender(srv *notifytest.SMTPServer) *notify.SMTPSender {
	return &notify.SMTPSender{Addr: srv.Addr, From: "notifications@council.example.gov.uk", Timeout: 5 * time.Second,
		Now: func() time.Time { return time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC) }}
}

// parse reads a received message as a mail reader would.
func parse(t *testing.T, m notifytest.Mail) (*mail.Message, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, m.Data)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return msg, string(body)
}

func TestSMTPSenderDelivers(t *testing.T) {
	srv := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	m := email("outbox-42")
	m.Subject = "Café opening hours — your request"
	m.Body = "Line one\n.\nA line with a dot above, and a long line " + strings.Repeat("x", 100) + "\nEnd"
	s := smtpSender(srv)
	s.FromName = "Anytown Council — Revenues\r\nBcc: evil@example.com"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	if got[0].From != "notifications@council.example.gov.uk" || len(got[0].To) != 1 || got[0].To[0] != "resident@example.org" || got[0].TLS {
		t.Errorf("envelope = from %s to %v tls %v", got[0].From, got[0].To, got[0].TLS)
	}
	msg, body := parse(t, got[0])
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, m.Subject)
	}
	if from, err := msg.Header.AddressList("From"); err != nil || len(from) != 1 ||
		from[0].Name != "Anytown Council — Revenues Bcc: evil@example.com" || from[0].Address != "notifications@council.example.gov.uk" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if len(msg.Header["Bcc"]) != 0 {
		t.Errorf("a Bcc header was injected through FromName")
	}
	if id := msg.Header.Get("Message-ID"); id != "<outbox-42@guildhall.invalid>" {
		t.Errorf("Message-ID = %q", id)
	}
	if d := msg.Header.Get("Date"); d != "Mon, 23 Nov 2026 09:30:00 +0000" {
		t.Errorf("Date = %q", d)
	}
	if want := strings.ReplaceAll(m.Body, "\n", "\r\n") + "\r\n"; strings.ReplaceAll(body, "\r\n", "\n") != strings.ReplaceAll(want, "\r\n", "\n") {
		t.Errorf("body = %q, want %q", body, want)
	}
}

// TestSMTPSenderHeaderInjection: a subject carrying CR LF and a header cannot
// add a header or a recipient.
func TestSMTPSenderHeaderInjection(t *testing.T) {
	srv := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	s := smtpSender(srv)
	m := email("inject")
	m.Subject = "Hello\r\nBcc: evil@example.com"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()[0]
	msg, _ := parse(t, got)
	if len(msg.Header["Bcc"]) != 0 || len(msg.Header["Subject"]) != 1 {
		t.Errorf("headers = %v, want one Subject and no Bcc", msg.Header)
	}
	if msg.Header.Get("Subject") != "Hello Bcc: evil@example.com" {
		t.Errorf("Subject = %q", msg.Header.Get("Subject"))
	}
	if len(got.To) != 1 || got.To[0] != "resident@example.org" {
		t.Errorf("RCPT TO = %v", got.To)
	}

	for _, to := range []string{"resident@example.org\r\nBcc: evil@example.com", "Resident <resident@example.org>", "resident@example.org, evil@example.com"} {
		m := email("inject-to")
		m.To = to
		err := s.Send(context.Background(), m)
		if !errors.Is(err, notify.ErrPermanent) || !errors.Is(err, fault.Invalid) {
			t.Errorf("To %q: err = %v, want permanent invalid", to, err)
		}
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server received %d messages, want only the first", n)
	}
}

func TestSMTPSenderSTARTTLSAndAuth(t *testing.T) {
	srv := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{STARTTLS: true, Username: "guildhall", Password: "s3cret"})
	s := smtpSender(srv)
	s.TLSConfig, s.Username, s.Password, s.RequireTLS = srv.TLSClientConfig(), "guildhall", "s3cret", true
	if err := s.Send(context.Background(), email("tls")); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || !got[0].TLS || got[0].AuthUser != "guildhall" {
		t.Fatalf("messages = %+v, want one over TLS as guildhall", got)
	}

	s.Password = "wrong"
	err := s.Send(context.Background(), email("tls-2"))
	checkErr(t, err, true, 535, "Authentication credentials invalid", fault.Invalid)

	s.Password, s.TLSConfig = "s3cret", nil // the default config must verify the certificate
	if err := s.Send(context.Background(), email("tls-3")); err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("untrusted certificate: err = %v, want a retryable error", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server received %d messages, want 1", n)
	}
}

func TestSMTPSenderImplicitTLS(t *testing.T) {
	srv := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{ImplicitTLS: true, Username: "guildhall", Password: "s3cret"})
	s := smtpSender(srv)
	s.ImplicitTLS, s.TLSConfig, s.Username, s.Password = true, srv.TLSClientConfig(), "guildhall", "s3cret"
	if err := s.Send(context.Background(), email("smtps")); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(); len(got) != 1 || !got[0].TLS || got[0].AuthUser != "guildhall" {
		t.Fatalf("messages = %+v, want one over TLS as guildhall", got)
	}
	// Plain text to a TLS port: both sides wait for the other to speak, so
	// the sender's timeout ends it (short here to keep the test quick).
	s.ImplicitTLS, s.Timeout = false, 300*time.Millisecond
	if err := s.Send(context.Background(), email("plain")); err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("plain SMTP to an implicit-TLS port: err = %v, want a retryable error", err)
	}
}

func TestSMTPSenderFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	ln.Close()
	srv := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{RcptReply: map[string]string{
		"gone@example.org": "550 5.1.1 No such user",
		"full@example.org": "452 4.2.2 Mailbox full",
	}})
	to := func(addr string) notify.Message { m := email("f"); m.To = addr; return m }
	tests := []struct {
		name       string
		addr       string
		requireTLS bool
		msg        notify.Message
		permanent  bool
		status     int
		contains   string
	}{
		{"unknown user", srv.Addr, false, to("gone@example.org"), true, 550, "No such user"},
		{"mailbox full", srv.Addr, false, to("full@example.org"), false, 452, "Mailbox full"},
		{"connection refused", refused, false, email("f"), false, 0, "connecting to"},
		{"TLS required, not offered", srv.Addr, true, email("f"), false, 0, "STARTTLS"},
		{"SMS cannot go by SMTP", srv.Addr, false, notify.Message{ID: "s", Channel: notify.SMS, To: "07700900123"}, true, 0, "SMTP cannot send sms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smtpSender(srv)
			s.Addr, s.RequireTLS = tt.addr, tt.requireTLS
			checkErr(t, s.Send(context.Background(), tt.msg), tt.permanent, tt.status, tt.contains, nil)
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}
