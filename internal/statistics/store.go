package statistics

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Store aggregates cases in the database; internal/store implements it.
// Every method answers with counts, never with cases, so memory does not
// grow with the number of cases.
type Store interface {
	// StatisticsGroups lists the service, team and classification
	// combinations that have cases.
	StatisticsGroups(ctx context.Context) ([]Group, error)
	// StatisticsCounts aggregates the cases of q.Groups.
	StatisticsCounts(ctx context.Context, q Query) (Counts, error)
	// StatisticsTransitions calls fn with the fields of each transition
	// named in q.Transitions made from q.From to q.To on the cases of
	// q.Groups, one at a time.
	StatisticsTransitions(ctx context.Context, q TransitionQuery, fn func(transition string, fields service.Answers) error) error
	// StatisticsCheck counts the cases afresh and calls fn with each kept
	// count that differs, one at a time, in order.
	StatisticsCheck(ctx context.Context, fn func(Difference) error) error
}

// Query is what the store aggregates: the cases of Groups (none counts
// nothing), with received and closed counted over [From, To) and open and
// overdue as they stand at Now.
type Query struct {
	Groups   []Group
	From, To time.Time
	Now      time.Time
	// Clock names the statutory clock whose outcomes are counted.
	Clock string
}

// TransitionQuery selects transitions for a statutory return.
type TransitionQuery struct {
	Groups      []Group
	From, To    time.Time
	Transitions []string
}

// Counts are the store's answer to a Query.
type Counts struct {
	// Rows count cases per service, team and channel.
	Rows []Row
	// Received and Closed count cases per hour since the Unix epoch (an
	// hour maps to exactly one London day, week and month).
	Received, Closed []HourCount
	// CloseDays counts cases closed in the period by whole calendar days
	// from receipt to closing.
	CloseDays []Bin
	// FirstActionHours counts cases received in the period by whole hours
	// from receipt to the first thing an officer did (a transition, a note
	// or an assignment); Value -1 counts those nobody has acted on yet.
	FirstActionHours []Bin
	// Outcomes count the statutory clock outcomes recorded in the period.
	Met, Missed int
	// WardCloseDays is CloseDays by ward; WardOutcomes are the outcomes by
	// ward (a ward's rows are added together).
	WardCloseDays []WardBin
	WardOutcomes  []WardOutcome
}

// Row counts the cases of one service, team, channel and ward (a ward
// code; "" for none).
type Row struct {
	ServiceID, Team, Channel, Ward string
	Received, Closed               int // in the period
	Open, Overdue                  int // now
}

// HourCount is a number of cases in one hour.
type HourCount struct {
	Hour  int64
	Count int
}

// Bin is a number of cases with one value (days, hours).
type Bin struct {
	Value int
	Count int
}

// WardBin is a Bin of the cases of one ward.
type WardBin struct {
	Ward string
	Bin
}

// WardOutcome counts statutory responses of one ward's cases.
type WardOutcome struct {
	Ward        string
	Met, Missed int
}
