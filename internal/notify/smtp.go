package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// SMTPSender sends email through an SMTP relay (a council's Exchange or
// Postfix, or a provider's submission port). It cannot send text messages.
//
// It upgrades to TLS with STARTTLS whenever the server offers it, and refuses
// to send without TLS if RequireTLS is set. It authenticates with PLAIN only
// when Username is set, and net/smtp refuses PLAIN without TLS except to
// localhost, so a password never crosses the network in clear.
type SMTPSender struct {
	Addr       string // host:port
	From       string // a bare address: notifications@council.gov.uk
	FromName   string // optional display name: "Anytown Council"
	Username   string
	Password   string
	RequireTLS bool
	// ImplicitTLS starts TLS on connecting (port 465, "SMTPS") instead of
	// upgrading with STARTTLS.
	ImplicitTLS bool
	TLSConfig   *tls.Config   // nil: verify the server's certificate for Addr's host
	Hello       string        // the name sent with EHLO; "localhost" if empty
	Timeout     time.Duration // the whole conversation; 30 s if zero
	// MessageIDDomain ends each Message-ID, which is built from the outbox id
	// so a receiving system can recognise a resend; "guildhall.invalid" if empty.
	MessageIDDomain string
	Now             func() time.Time // time.Now if nil: the Date header
}

// Send delivers m. SMTP 5xx replies and invalid messages are permanent;
// 4xx replies and connection failures are retryable.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.Channel != Email {
		return invalid("message %s: SMTP cannot send %s", m.ID, m.Channel)
	}
	if err := validEmail(m.ID, s.From); err != nil {
		return fmt.Errorf("notify: SMTP from address: %w", err)
	}
	from := (&mail.Address{Name: oneLine(s.FromName), Address: s.From}).String()
	msg, err := buildEmail(from, m, s.now(), cmpOr(s.MessageIDDomain, "guildhall.invalid"))
	if err != nil {
		return err
	}
	if err := s.deliver(ctx, m.To, msg); err != nil {
		return fmt.Errorf("notify: message %s: %w", m.ID, err)
	}
	return nil
}

func (s *SMTPSender) deliver(ctx context.Context, to string, msg []byte) error {
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return &Error{Permanent: true, Message: "SMTP address " + s.Addr, Err: err, kind: fault.Invalid}
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return retryable(err, "connecting to "+s.Addr)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d) // net/smtp takes no context: the deadline bounds every reply
	}
	if s.ImplicitTLS {
		tc := tls.Client(conn, s.tlsConfig(host))
		if err := tc.HandshakeContext(ctx); err != nil {
			return retryable(err, "TLS handshake with "+s.Addr)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return smtpError(err)
	}
	defer c.Close()
	return s.converse(c, host, to, msg)
}

// converse runs EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA and QUIT.
func (s *SMTPSender) converse(c *smtp.Client, host, to string, msg []byte) error {
	if err := c.Hello(cmpOr(s.Hello, "localhost")); err != nil {
		return smtpError(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.ImplicitTLS {
		if err := c.StartTLS(s.tlsConfig(host)); err != nil {
			return retryable(err, "STARTTLS")
		}
	} else if s.RequireTLS && !s.ImplicitTLS {
		return retryable(errors.New("server does not offer STARTTLS"), "SMTP TLS required")
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return smtpError(err)
		}
	}
	steps := []func() error{
		func() error { return c.Mail(s.From) },
		func() error { return c.Rcpt(to) },
		func() error { return writeData(c, msg) },
		c.Quit,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return smtpError(err)
		}
	}
	return nil
}

func (s *SMTPSender) tlsConfig(host string) *tls.Config {
	if s.TLSConfig != nil {
		return s.TLSConfig
	}
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

func writeData(c *smtp.Client, msg []byte) error {
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return w.Close()
}

// smtpError classifies a reply: 5xx is permanent, 4xx and anything without
// a reply code (a dropped connection) retryable.
func smtpError(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		perm := te.Code >= 500
		k := fault.Unavailable
		if perm {
			k = fault.Invalid
		}
		return &Error{Permanent: perm, StatusCode: te.Code, Message: te.Msg, kind: k}
	}
	return retryable(err, "SMTP")
}

func (s *SMTPSender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

var _ Sender = (*SMTPSender)(nil)
