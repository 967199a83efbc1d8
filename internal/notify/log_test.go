package notify_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/notify"
)

func TestLogSender(t *testing.T) {
	m := email("log-1")
	m.Body = "OFFICIAL-SENSITIVE: safeguarding detail"
	for _, includeBody := range []bool{false, true} {
		var buf bytes.Buffer
		s := &notify.LogSender{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), IncludeBody: includeBody}
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{`"id":"log-1"`, `"to":"resident@example.org"`, `"subject":"Your report K7QD-M2XH"`, `"body_bytes":39`} {
			if !strings.Contains(out, want) {
				t.Errorf("IncludeBody=%v: log %s lacks %s", includeBody, out, want)
			}
		}
		if got := strings.Contains(out, "safeguarding"); got != includeBody {
			t.Errorf("IncludeBody=%v: body logged = %v: %s", includeBody, got, out)
		}
	}
	bad := email("")
	if err := (&notify.LogSender{}).Send(context.Background(), bad); !errors.Is(err, notify.ErrPermanent) {
		t.Errorf("message without id: err = %v, want permanent", err)
	}
}
