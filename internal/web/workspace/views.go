package workspace

import (
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// caseRow is one case in a queue, search result or "My enquiries" list.
type caseRow struct {
	Ref       string
	URL       string
	Service   string
	State     string
	Assignee  string
	Submitted string
	Clock     clockView
	Sensitive bool
}

// answerRow is one answered question on the case page, in form order.
type answerRow struct {
	Label string
	Value string
	// File is set for an attachment answer: the value links to its download.
	FileURL string
}

// eventRow is one timeline entry.
type eventRow struct {
	At         string
	Actor      string
	Title      string
	Note       string
	ToResident bool
	// Public: a public update, on the report's public page.
	Public bool
	// Drafted says a note's text began as a language model's draft.
	Drafted string
	Fields  []answerRow
	// Photos are the URLs of the photos sent with an update.
	Photos []string
}

// transitionLink is a transition the principal may apply now.
type transitionLink struct {
	ID    string
	Label string
	URL   string
	// Direct is true when the transition has no fields: its button posts at once.
	Direct bool
}

// attachmentRow is one document on the case page.
type attachmentRow struct {
	Name string
	Type string
	Size string
	URL  string
}

// isSensitive reports whether a case carries the OFFICIAL-SENSITIVE marking.
func isSensitive(c *cases.Case) bool { return c.Classification == service.OfficialSensitive }
