package workday

import "fmt"

// span is a closed range of paused dates.
type span struct{ from, to Date }

// pauseSpans turns pauses into date ranges. Pauses that ended before the
// clock (re)started are dropped; an open pause that began before a restart
// was ended by it; any other open pause stops the clock.
func pauseSpans(start Date, pauses []Pause) ([]span, error) {
	var spans []span
	for _, p := range pauses {
		from := DateOf(p.From)
		if p.To.IsZero() {
			if from.Before(start) {
				continue
			}
			return nil, fmt.Errorf("%w since %s", ErrStopped, from)
		}
		if p.To.Before(p.From) {
			return nil, fmt.Errorf("workday: pause ends (%s) before it starts (%s)", p.To, p.From)
		}
		to := DateOf(p.To)
		if to.Before(start) {
			continue
		}
		spans = append(spans, span{from, to})
	}
	return spans, nil
}

func paused(spans []span, d Date) bool {
	for _, s := range spans {
		if !d.Before(s.from) && !d.After(s.to) {
			return true
		}
	}
	return false
}
