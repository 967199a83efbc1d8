package notify_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/notify"
)

// TestMessageJSON pins the outbox payload shape the case service writes.
func TestMessageJSON(t *testing.T) {
	const payload = `{"id":"m1","channel":"email","to":"a@example.org","subject":"S","body":"B",
		"template_id":"6f1d0a5e-3c2b-4e8f-9a7d-1b2c3d4e5f60","personalisation":{"ref":"K7QD"}}`
	var m notify.Message
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		t.Fatal(err)
	}
	want := notify.Message{ID: "m1", Channel: notify.Email, To: "a@example.org", Subject: "S", Body: "B",
		TemplateID: "6f1d0a5e-3c2b-4e8f-9a7d-1b2c3d4e5f60", Personalisation: map[string]string{"ref": "K7QD"}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("decoded %+v\nwant    %+v", m, want)
	}
}

func TestMessageValidate(t *testing.T) {
	ok := notify.Message{ID: "m", Channel: notify.Email, To: "a@example.org"}
	tests := []struct {
		name  string
		edit  func(*notify.Message)
		valid bool
	}{
		{"valid email", func(*notify.Message) {}, true},
		{"valid sms", func(m *notify.Message) { m.Channel, m.To = notify.SMS, "07700900123" }, true},
		{"no id", func(m *notify.Message) { m.ID = "" }, false},
		{"id with a line break", func(m *notify.Message) { m.ID = "m\r\nX: y" }, false},
		{"unknown channel", func(m *notify.Message) { m.Channel = "letter" }, false},
		{"display name", func(m *notify.Message) { m.To = "A <a@example.org>" }, false},
		{"two addresses", func(m *notify.Message) { m.To = "a@example.org, b@example.org" }, false},
		{"sms without number", func(m *notify.Message) { m.Channel, m.To = notify.SMS, " " }, false},
		{"template id with a line break", func(m *notify.Message) { m.TemplateID = "x\ny" }, false},
	}
	for _, tt := range tests {
		m := ok
		tt.edit(&m)
		if err := m.Validate(); (err == nil) != tt.valid {
			t.Errorf("%s: Validate() = %v, want valid=%v", tt.name, err, tt.valid)
		}
	}
}
