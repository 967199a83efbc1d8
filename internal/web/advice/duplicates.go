package advice

import (
	"cmp"
	"context"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

// Duplicate search bounds: the open cases read, how alike a case must be to
// be shown, and how many are shown.
const (
	duplicateScan  = 200
	duplicateMin   = 0.3
	duplicateShown = 5
)

// duplicateView is an open case that may be about the same thing.
type duplicateView struct {
	Ref, ServiceName, URL string
	Percent               int
}

// duplicates lists open cases the officer may see whose words are most like
// text, leaving out the case being routed. Only the most recent open cases
// are compared, so an old duplicate can be missed.
func (h *handler) duplicates(ctx context.Context, p access.Principal, text, self string) ([]duplicateView, error) {
	page, err := h.Cases.Find(ctx, p, cases.Filter{Open: true, Limit: duplicateScan})
	if err != nil {
		return nil, err
	}
	var out []duplicateView
	for _, c := range page.Cases {
		def, ok := h.catalog().Get(c.ServiceID)
		if !ok || c.Ref == self {
			continue
		}
		if s := triage.Similarity(text, triage.CaseText(def, c.Answers)); s >= duplicateMin {
			out = append(out, duplicateView{Ref: c.Ref, ServiceName: def.Name, URL: pathCaseView + c.Ref, Percent: int(100*s + 0.5)})
		}
	}
	slices.SortStableFunc(out, func(a, b duplicateView) int { return cmp.Compare(b.Percent, a.Percent) })
	return out[:min(duplicateShown, len(out))], nil
}
