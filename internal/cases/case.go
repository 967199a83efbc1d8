// Package cases holds submissions, cases, workflow transitions, notes,
// assignment and statutory clocks: what happens to a resident's request.
//
// The Service validates and builds complete record sets as plain values; the
// Store (implemented in internal/store) writes each set in one transaction.
// The package imports no database/sql and no net/http.
package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Channel is how a case reached the council.
type Channel string

// Channels.
const (
	ChannelWeb      Channel = "web"      // a resident on the front door
	ChannelAssisted Channel = "assisted" // an officer on a resident's behalf (assisted digital)
	ChannelStaff    Channel = "staff"    // a member of staff or councillor for themselves or a constituent
	ChannelAPI      Channel = "api"
	ChannelOpen311  Channel = "open311"
)

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
	// PausedDays counts whole days of earlier pauses, already added into DueAt.
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
}

// Applicant is who the case is for, taken from the answers the definition names.
type Applicant struct {
	Name        string           `json:"name,omitempty"`
	Email       string           `json:"email,omitempty"`
	Phone       string           `json:"phone,omitempty"`
	DateOfBirth string           `json:"date_of_birth,omitempty"`
	Address     *service.Address `json:"address,omitempty"`
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
)

// Visibility says who may see a note or event.
type Visibility string

// Visibilities.
const (
	Internal Visibility = "internal" // staff only
	Resident Visibility = "resident" // shown on "track my request" and sent to the resident
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
}
