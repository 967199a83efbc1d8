package notify

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Channel is how a message travels.
type Channel string

// The channels.
const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Message is one rendered message, as the outbox holds it. Its JSON form
// (snake_case) is the payload of a "notify" outbox message.
type Message struct {
	// ID is the outbox message id. Notify receives it as the notification's
	// reference, SMTP as the Message-ID, so a resend can be recognised.
	ID      string  `json:"id"`
	Channel Channel `json:"channel"`
	To      string  `json:"to"`                // an email address, or a UK mobile number
	Subject string  `json:"subject,omitempty"` // email only; ignored for SMS
	Body    string  `json:"body"`              // plain text, already rendered
	// TemplateID is an optional GOV.UK Notify template id; empty means the
	// sender's default template for the channel.
	TemplateID string `json:"template_id,omitempty"`
	// Personalisation fills ((placeholders)) in a Notify template.
	Personalisation map[string]string `json:"personalisation,omitempty"`
}

// Sender sends one message. Its error says whether to retry: see the package doc.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Validate checks what every sender needs: a known channel, an id and a
// recipient that cannot smuggle extra protocol lines. Its errors are
// permanent and of kind fault.Invalid.
func (m Message) Validate() error {
	if strings.ContainsAny(m.ID, "\r\n") || m.ID == "" {
		return invalid("message id %q is empty or has a line break", m.ID)
	}
	if strings.ContainsAny(m.To, "\r\n") {
		return invalid("message %s: recipient has a line break", m.ID)
	}
	if strings.ContainsAny(m.TemplateID, "\r\n") {
		return invalid("message %s: template id has a line break", m.ID)
	}
	switch m.Channel {
	case Email:
		return validEmail(m.ID, m.To)
	case SMS:
		if strings.TrimSpace(m.To) == "" {
			return invalid("message %s: no phone number", m.ID)
		}
		return nil
	}
	return invalid("message %s: unknown channel %q", m.ID, m.Channel)
}

// validEmail accepts a bare address only: no display name, no comments, so
// what is validated is exactly what is sent.
func validEmail(id, to string) error {
	a, err := mail.ParseAddress(to)
	if err != nil || a.Address != to || a.Name != "" {
		return invalid("message %s: %q is not a valid email address", id, to)
	}
	return nil
}

// invalid is a permanent error of kind fault.Invalid.
func invalid(format string, args ...any) error {
	return &Error{Permanent: true, Message: fmt.Sprintf(format, args...), kind: fault.Invalid}
}

// oneLine folds line breaks into spaces, so a value with a CR or LF can be
// put in a header without starting a new one.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}
