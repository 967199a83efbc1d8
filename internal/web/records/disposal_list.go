package records

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type disposalsPage struct {
	Items []dueRow
	Next  string
	// Problem says why the last decision was refused.
	Problem string
}

type dueRow struct {
	ID        int64
	What      string
	Href      string
	Rule      string
	Authority string
	Due       string
	Status    web.Tag
	Reason    string
	Holds     string
	Decidable bool
}

// listPage is how many items one page of the list shows.
const listPage = 100

func (h *handler) disposalList(w http.ResponseWriter, r *http.Request) error {
	return h.renderList(w, r, http.StatusOK, "")
}

func (h *handler) renderList(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	items, err := h.Records.DispositionList(r.Context(), principal(r), after, listPage)
	if err != nil {
		return err
	}
	p := &disposalsPage{Problem: problem}
	for _, d := range items {
		p.Items = append(p.Items, h.dueRow(d))
	}
	if len(items) == listPage {
		p.Next = PathDisposals + "?after=" + strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	return h.render.Render(w, r, status, "disposals", p)
}

func (h *handler) dueRow(d records.Due) dueRow {
	row := dueRow{ID: d.ID, What: d.Subject, Rule: actionText[d.Rule.Action] + " (" + d.Rule.Source + ", " + d.Rule.Period + " from " + d.Rule.Trigger + ")",
		Authority: d.Rule.Authority, Due: date(d.DueAt), Reason: d.Reason}
	if d.Kind == records.KindCase {
		row.What, row.Href = "Case "+d.Subject, "/workspace/cases/"+d.Subject
	} else {
		row.What, row.Href = "Document "+d.Subject, PathDocuments+"/"+d.Subject
	}
	row.Status = web.Tag{Text: "Due", Colour: "orange"}
	switch d.Status {
	case records.StatusApproved:
		row.Status = web.Tag{Text: "Approved", Colour: "green"}
	case records.StatusDeferred:
		row.Status = web.Tag{Text: "Kept until " + date(d.DueAt), Colour: "grey"}
	}
	var holds []string
	for _, hd := range d.Holds {
		holds = append(holds, "#"+strconv.FormatInt(hd.ID, 10)+" "+hd.Reason)
	}
	row.Holds = strings.Join(holds, "; ")
	row.Decidable = len(d.Holds) == 0 && (d.Status == records.StatusDue || (d.Status == records.StatusDeferred && !d.DueAt.After(h.now())))
	return row
}

var actionText = map[string]string{
	records.ActionDelete: "Delete", records.ActionAnonymise: "Anonymise",
	records.ActionReview: "Review", records.ActionTransfer: "Transfer to archive",
}

func (h *handler) disposalApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = h.Records.Approve(r.Context(), principal(r), id)
	if errors.Is(err, fault.Conflict) {
		return h.renderList(w, r, http.StatusConflict, fault.Public(err)) // held, or decided meanwhile: say which
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, PathDisposals, http.StatusSeeOther)
	return nil
}
