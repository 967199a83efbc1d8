package paytest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/govukpay"
)

// search answers GET /v1/payments: payments created from from_date
// (inclusive) to to_date (exclusive), oldest first, in pages of
// display_size (at most 500).
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, ferr := time.Parse(time.RFC3339, q.Get("from_date"))
	to, terr := time.Parse(time.RFC3339, q.Get("to_date"))
	page, perr := atoiOr(q.Get("page"), 1)
	size, serr := atoiOr(q.Get("display_size"), 500)
	if ferr != nil || terr != nil || perr != nil || serr != nil || page < 1 || size < 1 || size > 500 {
		fail(w, http.StatusUnprocessableEntity, "", "P0401", "Invalid parameters: from_date, to_date, page, display_size. See Public API documentation for the correct data formats")
		return
	}
	s.mu.Lock()
	var all []govukpay.Payment
	for _, p := range s.payments {
		at, _ := time.Parse(dateLayout, p.CreatedDate)
		if !at.Before(from) && at.Before(to) {
			all = append(all, *p)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b govukpay.Payment) int {
		if a.CreatedDate != b.CreatedDate {
			return strings.Compare(a.CreatedDate, b.CreatedDate)
		}
		return strings.Compare(a.PaymentID, b.PaymentID)
	})
	start := min((page-1)*size, len(all))
	results := all[start:min(start+size, len(all))]
	writeJSON(w, http.StatusOK, map[string]any{"total": len(all), "count": len(results), "page": page, "results": results})
}

func atoiOr(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}
