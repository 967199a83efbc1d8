package notify

import (
	"context"
	"log/slog"
)

// LogSender writes each message to Logger instead of sending it: the default
// when no provider is configured, for pilots and development.
//
// It logs the id, channel, recipient, subject and template, and the body's
// length but not the body: a body may carry OFFICIAL-SENSITIVE case detail,
// and logs are kept and shared more widely than the case. Set IncludeBody
// only on a development machine holding no real data (to follow a sign-in
// link, say).
type LogSender struct {
	Logger      *slog.Logger
	IncludeBody bool
}

// Send logs m. It fails only, permanently, if m is invalid.
func (s *LogSender) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	attrs := []slog.Attr{
		slog.String("id", m.ID),
		slog.String("channel", string(m.Channel)),
		slog.String("to", m.To),
		slog.String("subject", oneLine(m.Subject)),
		slog.String("template_id", m.TemplateID),
		slog.Int("body_bytes", len(m.Body)),
	}
	if s.IncludeBody {
		attrs = append(attrs, slog.String("body", m.Body))
	}
	s.logger().LogAttrs(ctx, slog.LevelInfo, "notify: message logged, not sent", attrs...)
	return nil
}

func (s *LogSender) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}
