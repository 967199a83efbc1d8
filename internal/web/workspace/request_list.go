package workspace

import (
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// requestList shows a member of staff the requests they raised themselves
// (a laptop from IT, a repair to their office), newest first, whichever team
// works them. The case service decides what they may read.
func (h *handler) requestList(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.Kind != auth.KindStaff {
		return fault.New(fault.NotFound, "my requests")
	}
	cursor := r.URL.Query().Get("cursor")
	page, err := h.Cases.Find(r.Context(), p, cases.Filter{RaisedByMe: true, Sort: cases.SortSubmitted, Cursor: cursor})
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
		data.Next = pathRequests + "?" + url.Values{"cursor": {page.Next}}.Encode()
	}
	return h.page(w, r, http.StatusOK, "requests", data)
}
