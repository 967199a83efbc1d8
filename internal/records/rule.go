package records

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Retention actions. A service definition's "delete" is ActionDelete; the
// file plan adds ActionTransfer (to the county record office, as BagIt).
const (
	ActionDelete    = "delete"
	ActionAnonymise = "anonymise"
	ActionReview    = "review"
	ActionTransfer  = "transfer"
)

// Retention triggers: when the period starts.
const (
	TriggerClosed     = "closed"      // a case closed; a document declared a record
	TriggerCreated    = "created"     // a case submitted; a document first uploaded
	TriggerLastAction = "last_action" // the last change to it
)

// Rule is a retention rule as the certificate quotes it.
type Rule struct {
	Period    string `json:"period"`
	Trigger   string `json:"trigger"`
	Action    string `json:"action"`
	Authority string `json:"authority,omitempty"`
	// Source says where the rule was written: "service:<id>" or "class:<id>".
	Source string `json:"source"`
}

// ServiceRule is the retention rule of a service definition.
func ServiceRule(d *service.Definition) Rule {
	r := d.Retention
	return Rule{Period: r.Period, Trigger: r.Trigger, Action: r.Action, Authority: r.Authority, Source: "service:" + d.ID}
}

// Cutoff is the latest trigger time that makes a record due at now: what
// started before it has run its period. Errors: fault.Invalid for a
// period that does not parse (definitions are checked, so this is a bug).
func (r Rule) Cutoff(now time.Time) (time.Time, error) {
	p, err := service.ParsePeriod(r.Period)
	if err != nil {
		return time.Time{}, fault.Wrap(fault.Invalid, err, "the retention period of "+r.Source+" does not parse")
	}
	return now.AddDate(-p.Years, -p.Months, -p.Days), nil
}

// DueAt is when a record whose period started at start falls due.
func (r Rule) DueAt(start time.Time) time.Time {
	p, err := service.ParsePeriod(r.Period)
	if err != nil {
		return start
	}
	return p.AddTo(start)
}
