package api

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// caseJSON is a case as the API shows it.
type caseJSON struct {
	Reference      string          `json:"reference"`
	ServiceID      string          `json:"service_id"`
	State          string          `json:"state"`
	Classification string          `json:"classification"`
	Team           string          `json:"team"`
	Channel        string          `json:"channel"`
	Assignee       string          `json:"assignee,omitempty"`
	Answers        service.Answers `json:"answers"`
	Applicant      cases.Applicant `json:"applicant"`
	SubmittedAt    time.Time       `json:"submitted_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	// DueDate is the statutory last day in time in Europe/London
	// ("2026-12-04"); DueAt is the last second of it with its offset
	// ("2026-12-04T23:59:59+00:00"). Both are absent without a due date.
	DueDate  string     `json:"due_date,omitempty"`
	DueAt    string     `json:"due_at,omitempty"`
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	Version  int        `json:"version"`
}

func toCaseJSON(c cases.Case) caseJSON {
	answers := c.Answers
	if answers == nil {
		answers = service.Answers{}
	}
	out := caseJSON{
		Reference: c.Ref, ServiceID: c.ServiceID, State: c.State, Classification: string(c.Classification),
		Team: c.Team, Channel: string(c.Channel), Assignee: c.Assignee, Answers: answers, Applicant: c.Applicant,
		SubmittedAt: c.SubmittedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(), ClosedAt: utc(c.ClosedAt),
		Version: c.Version,
	}
	out.DueDate, out.DueAt = c.DueFields()
	return out
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// eventJSON is one timeline entry.
type eventJSON struct {
	At         time.Time       `json:"at"`
	Kind       string          `json:"kind"`
	Actor      string          `json:"actor"`
	ActorName  string          `json:"actor_name,omitempty"`
	Transition string          `json:"transition,omitempty"`
	FromState  string          `json:"from_state,omitempty"`
	ToState    string          `json:"to_state,omitempty"`
	Assignee   string          `json:"assignee,omitempty"`
	Note       string          `json:"note,omitempty"`
	Visibility string          `json:"visibility,omitempty"`
	Fields     service.Answers `json:"fields,omitempty"`
}

func toEventJSON(e cases.Event) eventJSON {
	return eventJSON{
		At: e.At.UTC(), Kind: string(e.Kind), Actor: e.Actor, ActorName: e.ActorName,
		Transition: e.Transition, FromState: e.FromState, ToState: e.ToState, Assignee: e.Assignee,
		Note: e.Note, Visibility: string(e.Visibility), Fields: e.Fields,
	}
}

// serviceJSON is a service in the list.
type serviceJSON struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Summary        string   `json:"summary"`
	Category       string   `json:"category"`
	Team           string   `json:"team"`
	Classification string   `json:"classification"`
	Audience       []string `json:"audience"`
}

func toServiceJSON(d *service.Definition) serviceJSON {
	aud := make([]string, len(d.Audience))
	for i, a := range d.Audience {
		aud[i] = string(a)
	}
	return serviceJSON{ID: d.ID, Name: d.Name, Summary: d.Summary, Category: d.Category, Team: d.Team,
		Classification: string(d.Classification), Audience: aud}
}
