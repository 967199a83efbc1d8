package workspace

import (
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// raisedPage is the data of "My enquiries" and "My requests": the cases a
// person raised, newest first, and where each has got to.
type raisedPage struct {
	Title, RaiseLink, Caption, Empty, Noun string
	Rows                                   []caseRow
	AnySensitive                           bool
	RaiseURL                               string
	Next                                   string
}

// raisedList is one of the two lists of what a person raised: a
// councillor's enquiries (the case service limits councillors to the
// enquiries they may see) or a member of staff's own requests (a laptop from
// IT), whichever team works them. Anyone else is answered not found.
func (h *handler) raisedList(kind access.Kind) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := principal(r)
		if p.Kind != kind {
			return fault.New(fault.NotFound, "no such list")
		}
		data, path := raisedPage{Title: "My requests", RaiseLink: "Raise a request", Caption: "Requests you have raised",
			Empty: "You have not raised any requests yet.", Noun: "requests", RaiseURL: pathRaise}, pathRequests
		f := cases.Filter{RaisedByMe: true, Sort: cases.SortSubmitted, Cursor: r.URL.Query().Get("cursor")}
		if kind == access.KindCouncillor {
			data, path = raisedPage{Title: "My enquiries", RaiseLink: "Raise an enquiry for a resident", Caption: "Enquiries you have raised",
				Empty: "You have not raised any enquiries yet.", Noun: "enquiries", RaiseURL: pathRaise}, pathEnquiries
			f.RaisedByMe = false
		}
		page, err := h.Cases.Find(r.Context(), p, f)
		if err != nil {
			return err
		}
		now := h.now()
		for i := range page.Cases {
			row := h.row(&page.Cases[i], now)
			data.AnySensitive = data.AnySensitive || row.Sensitive
			data.Rows = append(data.Rows, row)
		}
		if page.Next != "" {
			data.Next = path + "?" + url.Values{"cursor": {page.Next}}.Encode()
		}
		return h.page(w, r, http.StatusOK, "raised", data)
	}
}
