package cases

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	_ "time/tzdata" // notification dates are shown in UK time on any host

	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
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
	event service.Event
	// transition and fields: the transition applied and its answers.
	transition *service.Transition
	fields     service.Answers
	// note is the text of a note sent to the resident.
	note string
	// raisedBy is the address of who raised the case, when the caller knows
	// it (they are raising it); otherwise it is looked up.
	raisedBy string
	// feedback, when set, is the "How did we do?" link a closing email to
	// the resident ends with; its sent is set when such an email is queued.
	feedback *feedbackLink
}

type feedbackLink struct {
	url  string
	sent bool
}

// defaultNote is sent for a note to the resident when a definition has no
// "note" notification of its own, so that such a note always reaches them;
// in Welsh to a resident who used the service in Welsh.
var defaultNote = map[lang.Tag]service.Notification{
	lang.English: {
		Event: service.EventNote, To: []string{service.RecipientResident},
		Subject: "Update on your request {{reference}}",
		Body:    "We have an update on your request {{reference}} ({{service}}).\n\n{{note}}\n",
		SMS:     "Update on your request {{reference}}: {{note}}",
	},
	lang.Welsh: {
		Event: service.EventNote, To: []string{service.RecipientResident},
		Subject: "Diweddariad ar eich cais {{reference}}",
		Body:    "Mae gennym ddiweddariad ar eich cais {{reference}} ({{service}}).\n\n{{note}}\n",
		SMS:     "Diweddariad ar eich cais {{reference}}: {{note}}",
	},
}

// notifications renders the definition's notifications for an event into
// outbox messages, one per recipient that has an address. The resident's
// are written in the language they used, where the service offers it; the
// council's staff read the council's working language.
func (s *Service) notifications(ctx context.Context, def *service.Definition, c Case, n notice, at time.Time) []jobs.Message {
	var out []jobs.Message
	theirs := def.In(c.Lang)
	residentTemplates := templatesFor(theirs, n)
	for i, staffTmpl := range templatesFor(def, n) {
		for _, to := range staffTmpl.To {
			channel, addr := s.recipient(ctx, to, c, n)
			if addr == "" {
				continue
			}
			in, tmpl := def, staffTmpl
			if to == service.RecipientResident {
				in, tmpl = theirs, residentTemplates[i] // the same templates, in the same order
			}
			vars := templateVars(in, c, noteText(tmpl, n))
			m := notifyMessage{
				ID: jobs.NewID(), Channel: channel, To: addr,
				Subject: render(tmpl.Subject, vars), Body: render(tmpl.Body, vars),
				TemplateID: tmpl.NotifyTemplate, Personalisation: personalisation(vars),
			}
			if channel == service.ContactSMS {
				m.Subject, m.Body = "", smsBody(tmpl, vars)
			}
			if f := n.feedback; f != nil && to == service.RecipientResident && channel == "email" {
				m.Body += feedbackParagraph(in.Lang(), f.url)
				f.sent = true
			}
			out = append(out, outboxMessage(m.ID, jobs.TopicNotify, c.Ref, m, at))
		}
	}
	return out
}

// templatesFor picks the definition's templates for the event; a note with
// none of its own uses defaultNote.
func templatesFor(def *service.Definition, n notice) []service.Notification {
	var out []service.Notification
	for _, t := range def.Notifications {
		if t.Event != n.event {
			continue
		}
		if t.Transition != "" && (n.transition == nil || t.Transition != n.transition.ID) {
			continue
		}
		out = append(out, t)
	}
	if len(out) == 0 && n.event == service.EventNote {
		out = append(out, defaultNote[def.Lang()])
	}
	return out
}

// noteText is what {{note}} shows: the note itself, or the answer to the
// transition field the template names, as the officer chose it (an option's
// label, a date as people write it).
func noteText(tmpl service.Notification, n notice) string {
	if n.event == service.EventNote {
		return n.note
	}
	if tmpl.NoteField == "" || n.transition == nil {
		return ""
	}
	for i := range n.transition.Fields {
		if q := &n.transition.Fields[i]; q.ID == tmpl.NoteField {
			return answerText(q, n.fields[q.ID])
		}
	}
	return ""
}

// smsBody is a text message's text, cut to what GOV.UK Notify sends (a long
// note would otherwise make Notify refuse the whole message).
func smsBody(tmpl service.Notification, vars map[string]string) string {
	text := tmpl.SMS
	if text == "" {
		text = tmpl.Body
	}
	body := strings.TrimSpace(render(text, vars))
	if r := []rune(body); len(r) > service.SMSLimit {
		body = string(r[:service.SMSLimit-1]) + "…"
	}
	return body
}

// recipient resolves a template's "to" to a channel and address.
func (s *Service) recipient(ctx context.Context, to string, c Case, n notice) (channel, addr string) {
	switch to {
	case service.RecipientResident:
		return c.Applicant.Contact()
	case service.RecipientTeam:
		return service.ContactEmail, s.TeamMailboxes[c.Team]
	case service.RecipientRaisedBy:
		if n.raisedBy != "" || c.CreatedBy == "" || s.Contacts == nil {
			return service.ContactEmail, n.raisedBy
		}
		email, err := s.Contacts.ContactEmail(ctx, c.CreatedBy)
		if err != nil {
			s.logger().Warn("notification: no address for who raised the case", "case", c.Ref, "user", c.CreatedBy, "err", err)
			return "", ""
		}
		return service.ContactEmail, email
	}
	return "", ""
}

// templateVars are the values of a message's placeholders, in the language
// of def: the service's name, the state's label, dates in words.
func templateVars(def *service.Definition, c Case, note string) map[string]string {
	vars := map[string]string{
		"reference": c.Ref,
		"service":   def.Name,
		"state":     def.StateLabel(c.State),
		"note":      note,
		"due":       "",
	}
	if d, ok := c.DueDate(); ok {
		vars["due"] = def.Lang().FormatDay(d.Start(), lang.DayDateLayout) // the last day, in UK time
	}
	for id, a := range c.Answers {
		q, _ := def.Question(id)
		vars["answer."+id] = answerText(q, a)
	}
	return vars
}

// answerText is an answer as a person reads it in a message: an option's
// label rather than its value, a date in words, a place by its description.
func answerText(q *service.Question, a service.Answer) string {
	if q == nil {
		return a.String()
	}
	switch q.Type {
	case service.TypeDate:
		if d, err := time.Parse(time.DateOnly, a.Text); err == nil {
			return q.Lang().FormatDay(d, lang.DayDateLayout)
		}
	case service.TypeRadios, service.TypeSelect, service.TypeYesNo:
		return q.OptionLabel(a.Text)
	case service.TypeCheckboxes:
		labels := make([]string, len(a.Choices))
		for i, v := range a.Choices {
			labels[i] = optionLabel(q, v)
		}
		return strings.Join(labels, ", ")
	case service.TypeRepeat: // one item a line: "Vehicle 1: AB12 CDE, Ford Focus, Yes"
		return strings.Join(q.Display(a), "\n")
	case service.TypeLocation:
		if a.Location != nil && a.Location.Description != "" {
			return a.Location.Description
		}
	}
	return a.String()
}

func optionLabel(q *service.Question, value string) string {
	for _, o := range q.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
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
