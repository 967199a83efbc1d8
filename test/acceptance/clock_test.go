package acceptance

import (
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// weeks is how long after the first day the requesters answer: the FOI
// clarification and the proof of identity arrive this much later.
const weeks = 23 * 24 * time.Hour

// stopsTheClock: the officer opens a new statutory request, sees its last
// day, and asks the requester for what they need with step (its form's
// field filled with text). The requester is told (golden message asked)
// and the track page says the council is waiting for them: the clock has
// stopped. kind names the service's golden track pages (kind-track-page-…).
func (c *council) stopsTheClock(r *person, ref string, due workday.Date, vary map[string]string, step, field, text, asked, kind string) {
	t, o := c.t, c.officer
	t.Helper()
	o.openCase(ref)
	o.seesDue(due)
	o.transition(step, func() { o.p.Type(field, text) })
	c.receives(r, asked, vary)
	r.track(ref)
	if got := r.p.Text("#due"); !strings.Contains(got, "waiting for information from you") {
		t.Errorf("%s after %s: the track page says it is due %q, not that it waits for the requester", ref, step, got)
	}
	c.trackPage(r, kind+"-track-page-waiting", vary)
}

// restartsTheClock: what the officer asked for arrives and they record it
// with step; the statutory clock runs afresh from that day (rule), shown
// to the requester (golden message arrived), the officer, API clients and
// the track page (kind-track-page-trackPage). It returns the new vary.
func (c *council) restartsTheClock(r *person, ref string, rule workday.Rule, step, arrived, kind, trackPage string) map[string]string {
	t, o := c.t, c.officer
	t.Helper()
	o.openCase(ref)
	before := c.now()
	o.transition(step, nil)
	due := dueBetween(t, rule, before, c.now())
	vary := map[string]string{"reference": ref, "due": longDate(due)}
	c.receives(r, arrived, vary)
	o.seesDue(due)
	c.apiSeesDue(ref, "officer@information-governance", due)
	r.track(ref)
	if got := r.p.Text("#due"); got != shortDate(due) {
		t.Errorf("%s track page after %s: due %q, want %s (the clock runs afresh from the day it arrived)", ref, step, got, shortDate(due))
	}
	c.trackPage(r, kind+"-track-page-"+trackPage, map[string]string{"reference": ref, "due-date": shortDate(due)})
	return vary
}
