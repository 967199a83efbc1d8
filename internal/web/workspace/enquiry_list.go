package workspace

import (
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// enquiriesPage is the data of "My enquiries".
type enquiriesPage struct {
	Rows         []caseRow
	AnySensitive bool
	RaiseURL     string
	Next         string
}

// enquiryList shows a councillor the enquiries they raised, newest first, and
// where each has got to. The case service limits councillors to their own
// cases, so the page needs no filter of its own.
func (h *handler) enquiryList(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.Kind != auth.KindCouncillor {
		return fault.New(fault.NotFound, "my enquiries")
	}
	cursor := r.URL.Query().Get("cursor")
	page, err := h.Cases.Find(r.Context(), p, cases.Filter{Sort: cases.SortSubmitted, Cursor: cursor})
	if err != nil {
		return err
	}
	data := enquiriesPage{RaiseURL: pathRaise}
	now := h.now()
	for i := range page.Cases {
		row := h.row(&page.Cases[i], now)
		data.AnySensitive = data.AnySensitive || row.Sensitive
		data.Rows = append(data.Rows, row)
	}
	if page.Next != "" {
		data.Next = pathEnquiries + "?" + url.Values{"cursor": {page.Next}}.Encode()
	}
	return h.page(w, r, http.StatusOK, "enquiries", data)
}
