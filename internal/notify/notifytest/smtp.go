package notifytest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Mail is one message the SMTP server accepted.
type Mail struct {
	Hello    string
	From     string
	To       []string
	Data     []byte // as received, dot-unstuffed, with LF line ends
	TLS      bool   // the message arrived after STARTTLS
	AuthUser string
}

// SMTPOptions configure an SMTP server.
type SMTPOptions struct {
	// STARTTLS makes the server offer STARTTLS with a self-signed
	// certificate for 127.0.0.1; TLSClientConfig trusts it.
	STARTTLS bool
	// ImplicitTLS makes the server speak TLS from the first byte (port 465
	// style), with the same certificate.
	ImplicitTLS bool
	// Username and Password, if set, are required (AUTH PLAIN, after TLS).
	Username, Password string
	// RcptReply maps a recipient to the reply RCPT TO gets, e.g.
	// "550 5.1.1 No such user" or "451 4.3.0 Try again later".
	RcptReply map[string]string
}

// SMTPServer is an SMTP server speaking enough of RFC 5321 (EHLO, STARTTLS,
// AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to receive messages.
type SMTPServer struct {
	Addr string
	opts SMTPOptions
	tls  *tls.Config
	pool *x509.CertPool
	ln   net.Listener
	mu   sync.Mutex
	mail []Mail
	wg   sync.WaitGroup
}

// NewSMTPServer starts a server on 127.0.0.1 and stops it when the test ends.
func NewSMTPServer(tb testing.TB, opts SMTPOptions) *SMTPServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), opts: opts, ln: ln}
	if opts.STARTTLS || opts.ImplicitTLS {
		if s.tls, s.pool, err = selfSigned(); err != nil {
			tb.Fatal(err)
		}
	}
	if opts.ImplicitTLS {
		s.ln = tls.NewListener(ln, s.tls)
	}
	s.wg.Add(1)
	go s.serve()
	tb.Cleanup(func() { s.ln.Close(); s.wg.Wait() })
	return s
}

// TLSClientConfig trusts the server's certificate.
func (s *SMTPServer) TLSClientConfig() *tls.Config {
	return &tls.Config{RootCAs: s.pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// Messages returns what the server has accepted, oldest first.
func (s *SMTPServer) Messages() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

func (s *SMTPServer) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			_, implicit := conn.(*tls.Conn)
			(&session{srv: s, conn: conn, inTLS: implicit}).run()
		}()
	}
}

// session is one SMTP connection.
type session struct {
	srv    *SMTPServer
	conn   net.Conn
	tp     *textproto.Conn
	inTLS  bool
	authed string
	hello  string
	from   string
	to     []string
}

func (c *session) run() {
	c.tp = textproto.NewConn(c.conn)
	c.reply("220 127.0.0.1 notifytest ESMTP")
	for {
		line, err := c.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		if !c.handle(strings.ToUpper(verb), arg) {
			return
		}
	}
}

// handle answers one command; false ends the session.
func (c *session) handle(verb, arg string) bool {
	switch verb {
	case "EHLO", "HELO":
		c.hello, c.from, c.to = arg, "", nil
		c.ehlo()
	case "STARTTLS":
		return c.startTLS()
	case "AUTH":
		c.auth(arg)
	case "MAIL":
		c.mailFrom(arg)
	case "RCPT":
		c.rcptTo(arg)
	case "DATA":
		c.data()
	case "RSET":
		c.from, c.to = "", nil
		c.reply("250 2.0.0 OK")
	case "NOOP":
		c.reply("250 2.0.0 OK")
	case "QUIT":
		c.reply("221 2.0.0 Bye")
		return false
	default:
		c.reply("502 5.5.2 Command not recognised")
	}
	return true
}

func (c *session) reply(line string) { c.tp.PrintfLine("%s", line) }

func (c *session) ehlo() {
	lines := []string{"127.0.0.1 greets " + c.hello, "8BITMIME"}
	if c.srv.opts.STARTTLS && !c.inTLS {
		lines = append(lines, "STARTTLS")
	}
	if c.srv.opts.Username != "" && c.inTLS {
		lines = append(lines, "AUTH PLAIN")
	}
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		c.reply("250" + sep + l)
	}
}

func (c *session) startTLS() bool {
	if !c.srv.opts.STARTTLS || c.inTLS {
		c.reply("502 5.5.1 STARTTLS not available")
		return true
	}
	c.reply("220 2.0.0 Ready to start TLS")
	tc := tls.Server(c.conn, c.srv.tls)
	if err := tc.Handshake(); err != nil {
		return false
	}
	// RFC 3207: forget everything said before TLS, including EHLO.
	c.conn, c.inTLS, c.hello, c.from, c.to = tc, true, "", "", nil
	c.tp = textproto.NewConn(tc)
	return true
}

func (c *session) auth(arg string) {
	mech, resp, _ := strings.Cut(arg, " ")
	if !strings.EqualFold(mech, "PLAIN") || !c.inTLS || c.srv.opts.Username == "" {
		c.reply("504 5.5.4 Unrecognised authentication type")
		return
	}
	raw, err := base64.StdEncoding.DecodeString(resp)
	parts := strings.Split(string(raw), "\x00")
	if err != nil || len(parts) != 3 || parts[1] != c.srv.opts.Username || parts[2] != c.srv.opts.Password {
		c.reply("535 5.7.8 Authentication credentials invalid")
		return
	}
	c.authed = parts[1]
	c.reply("235 2.7.0 Authentication successful")
}

func (c *session) mailFrom(arg string) {
	addr, ok := pathArg(arg, "FROM:")
	switch {
	case c.hello == "":
		c.reply("503 5.5.1 Send EHLO first")
	case c.srv.opts.Username != "" && c.authed == "":
		c.reply("530 5.7.0 Authentication required")
	case !ok:
		c.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
	default:
		c.from, c.to = addr, nil
		c.reply("250 2.1.0 OK")
	}
}

func (c *session) rcptTo(arg string) {
	addr, ok := pathArg(arg, "TO:")
	switch {
	case c.from == "":
		c.reply("503 5.5.1 Need MAIL first")
	case !ok:
		c.reply("501 5.5.4 Syntax: RCPT TO:<address>")
	case c.srv.opts.RcptReply[addr] != "":
		c.reply(c.srv.opts.RcptReply[addr])
	default:
		c.to = append(c.to, addr)
		c.reply("250 2.1.5 OK")
	}
}

func (c *session) data() {
	if len(c.to) == 0 {
		c.reply("503 5.5.1 Need RCPT first")
		return
	}
	c.reply("354 End data with <CR><LF>.<CR><LF>")
	b, err := c.tp.ReadDotBytes()
	if err != nil {
		return
	}
	c.srv.mu.Lock()
	c.srv.mail = append(c.srv.mail, Mail{Hello: c.hello, From: c.from, To: c.to, Data: b, TLS: c.inTLS, AuthUser: c.authed})
	c.srv.mu.Unlock()
	c.from, c.to = "", nil
	c.reply("250 2.0.0 OK queued")
}

// pathArg reads "FROM:<a@b> PARAMS" (prefix case-insensitive) as "a@b".
func pathArg(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	addr, _, ok := strings.Cut(rest[1:], ">")
	return addr, ok
}
