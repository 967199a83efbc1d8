package records

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// plainOrEmail returns a text file's words; an email (.eml) gives its
// sender, recipients, subject and the text of its plain-text parts, decoded.
func plainOrEmail(data []byte) string {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil || m.Header.Get("From") == "" || m.Header.Get("Subject") == "" {
		return string(data)
	}
	var b strings.Builder
	dec := new(mime.WordDecoder)
	for _, h := range []string{"From", "To", "Cc", "Date", "Subject"} {
		v := m.Header.Get(h)
		if d, err := dec.DecodeHeader(v); err == nil {
			v = d
		}
		if v != "" {
			b.WriteString(h + ": " + v + "\n")
		}
	}
	b.WriteString(mailBody(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body, 0))
	return b.String()
}

// mailBody returns the plain text of a message body, walking multipart
// parts (to a small depth: attachments inside attachments are not read).
func mailBody(contentType, encoding string, body io.Reader, depth int) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil {
		mt = "text/plain"
	}
	body = decodeTransfer(encoding, io.LimitReader(body, maxPart))
	switch {
	case strings.HasPrefix(mt, "multipart/") && depth < 3:
		var b strings.Builder
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextPart()
			if err != nil {
				break
			}
			b.WriteString(mailBody(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1))
		}
		return b.String()
	case mt == "text/plain":
		t, _ := io.ReadAll(body)
		return string(t) + "\n"
	}
	return ""
}

func decodeTransfer(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	}
	return r
}
