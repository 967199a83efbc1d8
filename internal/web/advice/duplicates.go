package advice

import (
	"cmp"
	"context"
	"slices"
	"strconv"

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
	// Why it is listed, as the page says it.
	Why     string
	percent int
}

// duplicates lists open cases the officer may see that may be about the
// same thing as the case self, or as text: first those whose applicant
// the single view's record linkage found to be the same person as self's
// (worded differently or not), then those whose words are most like text.
// Only the most recent open cases are compared by words, so an old
// duplicate can be missed there.
func (h *handler) duplicates(ctx context.Context, p access.Principal, text, self string) ([]duplicateView, error) {
	var out []duplicateView
	listed := map[string]bool{self: true}
	if self != "" && h.SamePerson != nil {
		same, err := h.SamePerson(ctx, p, self)
		if err != nil {
			return nil, err
		}
		for _, c := range same[:min(duplicateShown, len(same))] {
			def, ok := h.catalog().Get(c.ServiceID)
			if !ok {
				continue
			}
			listed[c.Ref] = true
			out = append(out, duplicateView{Ref: c.Ref, ServiceName: def.Name, URL: pathCaseView + c.Ref, Why: "raised by the same person, by record linkage"})
		}
	}
	page, err := h.Cases.Find(ctx, p, cases.Filter{Open: true, Limit: duplicateScan})
	if err != nil {
		return nil, err
	}
	var alike []duplicateView
	for _, c := range page.Cases {
		def, ok := h.catalog().Get(c.ServiceID)
		if !ok || listed[c.Ref] {
			continue
		}
		if s := triage.Similarity(text, triage.CaseText(def, c.Answers)); s >= duplicateMin {
			pc := int(100*s + 0.5)
			alike = append(alike, duplicateView{Ref: c.Ref, ServiceName: def.Name, URL: pathCaseView + c.Ref,
				Why: strconv.Itoa(pc) + "% of words in common", percent: pc})
		}
	}
	slices.SortStableFunc(alike, func(a, b duplicateView) int { return cmp.Compare(b.percent, a.percent) })
	return append(out, alike[:min(duplicateShown, len(alike))]...), nil
}
