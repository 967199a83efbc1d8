package open311

import (
	"net/http"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// search finds requests by service code, status and submission window,
// newest first, through cases.Service.Find with the reader's principal.
func (h *handler) search(r *http.Request, rd reader, codes, statuses, start, end string) ([]cases.Case, error) {
	from, to, err := h.window(start, end, defaultWindow)
	if err != nil {
		return nil, err
	}
	f := cases.Filter{Sort: cases.SortSubmitted, Limit: 200}
	for _, d := range h.exposed() {
		if codes == "" || slices.Contains(splitMulti([]string{codes}), code(d)) {
			f.ServiceIDs = append(f.ServiceIDs, d.ID)
		}
	}
	if len(f.ServiceIDs) == 0 {
		return nil, nil
	}
	want := splitMulti([]string{statuses})
	var out []cases.Case
	for len(out) < maxRequests {
		page, err := h.Cases.Find(r.Context(), rd.p, f)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Cases {
			if c.SubmittedAt.Before(from) {
				return out, nil // newest first: the rest are older still
			}
			d, _ := h.Services.Load().Get(c.ServiceID)
			if c.SubmittedAt.After(to) || (len(want) > 0 && !slices.Contains(want, status(d, c.State))) {
				continue
			}
			if out = append(out, c); len(out) == maxRequests {
				break
			}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return out, nil
}

// window reads start_date and end_date (W3C datetimes); a missing end is now
// and a missing start is end minus span.
func (h *handler) window(start, end string, span time.Duration) (time.Time, time.Time, error) {
	to := h.now()
	if end != "" {
		t, err := time.Parse(time.RFC3339, end)
		if err != nil {
			return time.Time{}, time.Time{}, errBadRequest("end_date must be a W3C datetime such as 2026-11-23T09:00:00Z")
		}
		to = t
	}
	from := to.Add(-span)
	if start != "" {
		t, err := time.Parse(time.RFC3339, start)
		if err != nil {
			return time.Time{}, time.Time{}, errBadRequest("start_date must be a W3C datetime such as 2026-11-23T09:00:00Z")
		}
		from = t
	}
	if from.After(to) {
		return time.Time{}, time.Time{}, errBadRequest("start_date is after end_date")
	}
	return from, to, nil
}
