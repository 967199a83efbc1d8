package cases

import (
	"encoding/json"
	"strings"
	"time"
	_ "time/tzdata" // notification dates are shown in UK time on any host

	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// notifyMessage is the payload of a "notify" outbox message; it has the shape
// of notify.Message so that the notify handler can decode it directly.
type notifyMessage struct {
	ID              string            `json:"id"`
	Channel         string            `json:"channel"` // email or sms
	To              string            `json:"to"`
	Subject         string            `json:"subject,omitempty"`
	Body            string            `json:"body"`
	TemplateID      string            `json:"template_id,omitempty"`
	Personalisation map[string]string `json:"personalisation,omitempty"`
}

// notice is what a notification is about.
type notice struct {
	event      service.Event
	transition string
	note       string
}

// notifications renders the definition's notifications for an event into
// outbox messages, one per recipient that has an address.
func (s *Service) notifications(def *service.Definition, c Case, n notice, at time.Time) []jobs.Message {
	var out []jobs.Message
	for _, tmpl := range def.Notifications {
		if tmpl.Event != n.event || (tmpl.Transition != "" && tmpl.Transition != n.transition) {
			continue
		}
		vars := templateVars(def, c, n.note)
		for _, to := range tmpl.To {
			channel, addr := s.recipient(to, c)
			if addr == "" {
				continue
			}
			m := notifyMessage{
				ID: jobs.NewID(), Channel: channel, To: addr,
				Subject: render(tmpl.Subject, vars), Body: render(tmpl.Body, vars),
				TemplateID: tmpl.NotifyTemplate, Personalisation: personalisation(vars),
			}
			if channel == "sms" {
				m.Subject = ""
			}
			out = append(out, outboxMessage(m.ID, jobs.TopicNotify, c.Ref, m, at))
		}
	}
	return out
}

// recipient resolves "resident" or "team" to a channel and address.
func (s *Service) recipient(to string, c Case) (channel, addr string) {
	switch to {
	case "resident":
		if c.Applicant.Email != "" {
			return "email", c.Applicant.Email
		}
		return "sms", c.Applicant.Phone
	case "team":
		return "email", s.TeamMailboxes[c.Team]
	}
	return "", ""
}

func templateVars(def *service.Definition, c Case, note string) map[string]string {
	vars := map[string]string{
		"reference": c.Ref,
		"service":   def.Name,
		"state":     stateLabel(def, c.State),
		"note":      note,
		"due":       "",
	}
	if c.DueAt != nil {
		// DueAt is the instant the case falls overdue (midnight after the last
		// day); residents are told the last day.
		vars["due"] = c.DueAt.Add(-time.Nanosecond).In(london).Format("2 January 2006")
	}
	for id, a := range c.Answers {
		vars["answer."+id] = a.String()
	}
	return vars
}

// personalisation is what a GOV.UK Notify template receives: the plain
// variables, without per-answer keys (templates name those explicitly).
func personalisation(vars map[string]string) map[string]string {
	p := map[string]string{}
	for k, v := range vars {
		if !strings.HasPrefix(k, "answer.") {
			p[k] = v
		}
	}
	return p
}

// render replaces {{name}} with vars[name]; unknown names become empty, so a
// typo never shows braces to a resident.
func render(tmpl string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "{{")
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.Index(tmpl[i:], "}}")
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		b.WriteString(vars[strings.TrimSpace(tmpl[i+2:i+j])])
		tmpl = tmpl[i+j+2:]
	}
}

func stateLabel(def *service.Definition, id string) string {
	if st := stateOf(def, id); st.Label != "" {
		return st.Label
	}
	return id
}

// webhookEvent is the payload of a "webhook" outbox message.
type webhookEvent struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"` // case.submitted, case.transitioned, case.note, case.assigned
	OccurredAt time.Time `json:"occurred_at"`
	Case       struct {
		Ref       string     `json:"reference"`
		ServiceID string     `json:"service_id"`
		State     string     `json:"state"`
		Team      string     `json:"team"`
		Assignee  string     `json:"assignee,omitempty"`
		DueDate   string     `json:"due_date,omitempty"` // see Case.DueFields
		DueAt     string     `json:"due_at,omitempty"`
		ClosedAt  *time.Time `json:"closed_at,omitempty"`
	} `json:"case"`
	Transition string `json:"transition,omitempty"`
}

// webhook builds the outbox message announcing a case event. Its id is also
// the message id, so a retried delivery carries the same id.
func webhook(typ string, c Case, transition string, at time.Time) jobs.Message {
	e := webhookEvent{ID: jobs.NewID(), Type: typ, OccurredAt: at.UTC(), Transition: transition}
	e.Case.Ref, e.Case.ServiceID, e.Case.State, e.Case.Team = c.Ref, c.ServiceID, c.State, c.Team
	e.Case.Assignee, e.Case.ClosedAt = c.Assignee, c.ClosedAt
	e.Case.DueDate, e.Case.DueAt = c.DueFields()
	return outboxMessage(e.ID, jobs.TopicWebhook, c.Ref, e, at)
}

func outboxMessage(id, topic, key string, payload any, at time.Time) jobs.Message {
	b, err := json.Marshal(payload)
	if err != nil {
		panic(err) // payloads are plain structs of strings and times
	}
	return jobs.Message{ID: id, Topic: topic, Key: key, Payload: b, CreatedAt: at, AvailableAt: at}
}

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()
