package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// caseGet answers GET /api/v1/cases/{ref}. A case the token may not see is
// 404, exactly as one that does not exist.
func (h *handler) caseGet(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Cases.Get(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return write(w, http.StatusOK, toCaseJSON(c))
}

// caseEvents answers GET /api/v1/cases/{ref}/events: the timeline, oldest first.
func (h *handler) caseEvents(w http.ResponseWriter, r *http.Request) error {
	evs, err := h.Cases.Timeline(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("ref"))
	if err != nil {
		return err
	}
	out := make([]eventJSON, len(evs))
	for i, e := range evs {
		out[i] = toEventJSON(e)
	}
	return write(w, http.StatusOK, map[string]any{"events": out})
}

// caseList answers GET /api/v1/cases: filters, full-text q, cursor paging.
func (h *handler) caseList(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	page, err := h.Cases.Find(r.Context(), web.PrincipalFrom(r.Context()), f)
	if err != nil {
		return err
	}
	out := make([]caseJSON, len(page.Cases))
	for i, c := range page.Cases {
		out[i] = toCaseJSON(c)
	}
	resp := map[string]any{"cases": out}
	switch {
	case f.Query == "":
	case page.ManyMatches: // past the search's bound: no number (cases.MaxTextMatches)
		resp["many_matches"] = true
	default:
		resp["matches"] = page.Matches
	}
	if page.Next != "" {
		resp["next_cursor"] = page.Next
		q := r.URL.Query()
		q.Set("cursor", page.Next)
		w.Header().Set("Link", `</api/v1/cases?`+q.Encode()+`>; rel="next"`)
	}
	return write(w, http.StatusOK, resp)
}

// filterOf reads the list filters from the query string.
func filterOf(r *http.Request) (cases.Filter, error) {
	q := r.URL.Query()
	f := cases.Filter{
		ServiceIDs: list(q["service"]), States: list(q["state"]), Teams: list(q["team"]),
		Assignee: q.Get("assignee"), Query: q.Get("q"), Cursor: q.Get("cursor"), Sort: cases.Sort(q.Get("sort")),
	}
	for name, dst := range map[string]*bool{"open": &f.Open, "overdue": &f.Overdue} {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return f, fieldError(name, name+" must be true or false")
			}
			*dst = b
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return f, fieldError("limit", "limit must be a whole number from 1 to 200")
		}
		f.Limit = n
	}
	switch f.Sort {
	case "", cases.SortDue, cases.SortSubmitted, cases.SortUpdated:
	default:
		return f, fieldError("sort", "sort must be due, submitted or updated")
	}
	return f, nil
}

// list accepts repeated parameters and comma-separated values.
func list(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
