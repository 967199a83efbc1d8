package notify_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/notify"
)

func TestNewSender(t *testing.T) {
	const key = "live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
	const tmpl = "6f1d0a5e-3c2b-4e8f-9a7d-1b2c3d4e5f60"
	tests := []struct {
		name string
		cfg  notify.Config
		want string // the sender's type, or "" for an error
	}{
		{"nothing set: log", notify.Config{}, "*notify.LogSender"},
		{"API key: notify", notify.Config{NotifyAPIKey: key, NotifyEmailTemplate: tmpl}, "*notify.NotifySender"},
		{"SMTP address: smtp", notify.Config{SMTPAddr: "smtp.example.org:587", SMTPFrom: "a@example.org"}, "*notify.SMTPSender"},
		{"explicit log beats a key", notify.Config{Backend: "log", NotifyAPIKey: key}, "*notify.LogSender"},
		{"unknown backend", notify.Config{Backend: "pigeon"}, ""},
		{"notify without templates", notify.Config{NotifyAPIKey: key}, ""},
		{"notify with a bad template id", notify.Config{NotifyAPIKey: key, NotifySMSTemplate: "sms"}, ""},
		{"notify with a bad key", notify.Config{NotifyAPIKey: "live-not-a-key", NotifyEmailTemplate: tmpl}, ""},
		{"notify with a bad URL", notify.Config{NotifyAPIKey: key, NotifyEmailTemplate: tmpl, NotifyBaseURL: "ftp://x"}, ""},
		{"smtp without from", notify.Config{SMTPAddr: "smtp.example.org:587"}, ""},
		{"smtp with a display-name from", notify.Config{SMTPAddr: "smtp.example.org:587", SMTPFrom: "Council <a@example.org>"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := notify.NewSender(tt.cfg, nil)
			if tt.want == "" {
				if err == nil || !errors.Is(err, fault.Invalid) {
					t.Fatalf("err = %v, want fault.Invalid", err)
				}
				if strings.Contains(err.Error(), "3d844edf") {
					t.Errorf("error reveals the API secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := typeName(s); got != tt.want {
				t.Errorf("sender is %s, want %s", got, tt.want)
			}
		})
	}
}

func typeName(s notify.Sender) string {
	switch s.(type) {
	case *notify.LogSender:
		return "*notify.LogSender"
	case *notify.NotifySender:
		return "*notify.NotifySender"
	case *notify.SMTPSender:
		return "*notify.SMTPSender"
	}
	return "?"
}
