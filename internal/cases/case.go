// Package cases holds submissions, cases, workflow transitions, notes,
// assignment and statutory clocks: what happens to a resident's request.
//
// The Service validates and builds complete record sets as plain values; the
// Store (implemented in internal/store) writes each set in one transaction.
// The package imports no database/sql and no net/http.
package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Channel is how a case reached the council.
type Channel string

// Channels.
const (
	ChannelWeb      Channel = "web"      // a resident on the front door
	ChannelAssisted Channel = "assisted" // an officer on a resident's behalf (assisted digital)
	ChannelStaff    Channel = "staff"    // a member of staff for themselves, on a staff-only service
	// ChannelCouncillor is a councillor for a constituent (a member enquiry)
	// or themselves. Cases raised before it existed say ChannelStaff.
	ChannelCouncillor Channel = "councillor"
	ChannelAPI        Channel = "api"
	ChannelOpen311    Channel = "open311"
)

// RaisedBy is the channel of a case a signed-in person raises on a service
// for staff or councillors: who raised it, told apart by their kind.
func RaisedBy(p access.Principal) Channel {
	if p.Kind == access.KindCouncillor {
		return ChannelCouncillor
	}
	return ChannelStaff
}

// Label is how a case page says the case reached the council ("Received
// online"): the one wording of every channel.
func (ch Channel) Label() string {
	switch ch {
	case ChannelWeb:
		return "online"
	case ChannelAssisted:
		return "assisted digital"
	case ChannelStaff:
		return "raised by staff"
	case ChannelCouncillor:
		return "raised by a councillor"
	case ChannelAPI:
		return "through the API"
	case ChannelOpen311:
		return "through Open311"
	}
	return string(ch)
}

// Case is one request to the council and where it has got to.
type Case struct {
	ID             int64
	Ref            string // short, unambiguous to read aloud, unique: "K7QD-M2XH"
	ServiceID      string
	Team           string
	Classification service.Classification
	State          string
	Answers        service.Answers
	Applicant      Applicant
	Channel        Channel
	// CreatedBy is the staff or councillor user id that raised it; empty for residents.
	CreatedBy string
	Assignee  string
	// Clock: when the statutory period started, when it is due, and if paused, since when.
	ClockStart  time.Time
	DueAt       *time.Time
	PausedSince *time.Time
	SubmittedAt time.Time
	UpdatedAt   time.Time
	ClosedAt    *time.Time
	// OverdueNotified is set once the overdue notification has been queued.
	OverdueNotified bool
	// Version increases on every change; updates carry the version they read.
	Version int
	// History is everything that happened to the statutory clock (restarts,
	// pauses, extensions), from which DueAt is computed.
	History ClockHistory
	// IdempotencyKey makes a repeated submission return the first case.
	IdempotencyKey string
	// Sharing is who else may read a councillor's enquiry: the councillor's
	// choice, with their ward and party when they raised it.
	Sharing access.Sharing
	// Lang is the language the resident used (English or Welsh): every
	// message to them about the case is written in it.
	Lang lang.Tag
	// Restricted: processing of the person's information in the case is
	// restricted (UK GDPR Art. 18). The access policy reads it
	// (access.Resource.Restricted) on every path that asks about the case.
	Restricted bool
}

// Applicant is who the case is for, taken from the answers the definition names.
type Applicant = service.Applicant

// DueDate returns the statutory last day in time, a date in Europe/London,
// and false when the case has no due date (no clock, or the clock stopped).
// DueAt is the instant just after that day ends.
func (c *Case) DueDate() (workday.Date, bool) {
	if c.DueAt == nil {
		return workday.Date{}, false
	}
	return workday.DateOf(c.DueAt.Add(-time.Nanosecond)), true
}

// DueFields returns the due date as other systems receive it: the date
// ("2026-12-04") and the last second of that day in Europe/London, RFC 3339
// with its offset ("2026-12-04T23:59:59+00:00"; "+01:00" in summer). Both are
// empty when the case has no due date.
func (c *Case) DueFields() (date, endsAt string) {
	d, ok := c.DueDate()
	if !ok {
		return "", ""
	}
	return d.String(), d.LastSecond().Format(workday.RFC3339)
}

// Overdue reports whether the case is open and past its due date at now.
func (c *Case) Overdue(now time.Time) bool {
	return c.ClosedAt == nil && c.PausedSince == nil && c.DueAt != nil && now.After(*c.DueAt)
}

// EventKind names what happened to a case.
type EventKind string

// Event kinds.
const (
	EventSubmitted    EventKind = "submitted"
	EventTransitioned EventKind = "transitioned"
	EventAssigned     EventKind = "assigned"
	EventNote         EventKind = "note"
	EventAttachment   EventKind = "attachment"
	EventOverdue      EventKind = "overdue"
	// EventCorrected: an answer was corrected on a rectification request
	// (Correct); its Fields hold the question, and the answer from and to.
	EventCorrected EventKind = "corrected"
)

// Visibility says who may see a note or event.
type Visibility string

// Visibilities.
const (
	Internal Visibility = "internal" // staff only
	Resident Visibility = "resident" // shown on "track my request" and sent to the resident
	// Public is a public report's update: what Resident is, and also shown
	// on the report's public page and sent to everyone who follows it.
	Public Visibility = "public"
)

// ToResident says whether the resident who made the case sees the event on
// "track my request" (a public update is theirs to see too).
func (v Visibility) ToResident() bool { return v == Resident || v == Public }

// Drafted says who wrote a note's text: a person (""), or a language model
// whose draft an officer sent as it was or changed first. Kept with the note
// so the timeline can always say so.
type Drafted string

// Origins of a note's text.
const (
	DraftedByModel       Drafted = "model"
	DraftedByModelEdited Drafted = "model-edited"
)

// Event is one entry in a case's timeline.
type Event struct {
	ID         int64
	CaseID     int64
	At         time.Time
	Actor      string // user id, "resident", or "system"
	ActorName  string
	Kind       EventKind
	Transition string
	FromState  string
	ToState    string
	Assignee   string
	Note       string
	Visibility Visibility
	// Fields holds the answers to a transition's fields (e.g. resolution note).
	Fields service.Answers
	// Drafted is set on a note a language model drafted.
	Drafted Drafted
}
