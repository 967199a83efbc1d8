package opendata

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

const perPage = 20

type disclosureEntry struct {
	opendata.Disclosure
	URL       string
	Responded string
}

type disclosureLogPage struct {
	Query   string
	Total   int
	Entries []disclosureEntry
	Pages   web.Pagination
}

func (h *handler) disclosureLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	page := pageNumber(r)
	res, err := h.Data.Disclosures(r.Context(), q, page, perPage)
	if err != nil {
		return err
	}
	p := disclosureLogPage{Query: q, Total: res.Total, Pages: pagination("/disclosure-log", url.Values{"q": {q}}, page, (res.Total+perPage-1)/perPage)}
	for _, e := range res.Entries {
		p.Entries = append(p.Entries, entryOf(e))
	}
	return h.render.Render(w, r, http.StatusOK, "disclosure_log", p)
}

func entryOf(e opendata.Disclosure) disclosureEntry {
	return disclosureEntry{Disclosure: e, URL: "/disclosure-log/" + e.Ref, Responded: e.RespondedAt.In(londonZone).Format("2 January 2006")}
}

func (h *handler) disclosureEntry(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Data.Disclosure(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "disclosure", entryOf(e))
}

// pageNumber is the ?page= asked for, 1 when absent or nonsense.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// pagination links the pages 1 to last of a list at path with query q:
// previous, next, the first, the last and those either side of this one,
// with an ellipsis for the pages between (the GOV.UK pattern).
func pagination(path string, q url.Values, page, last int) web.Pagination {
	href := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if len(vs) > 0 && vs[0] != "" {
				v[k] = vs
			}
		}
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	var p web.Pagination
	if last <= 1 {
		return p
	}
	if page > 1 {
		p.Previous = href(page - 1)
	}
	if page < last {
		p.Next = href(page + 1)
	}
	for n := 1; n <= last; n++ {
		switch {
		case n == 1 || n == last || (n >= page-1 && n <= page+1):
			p.Items = append(p.Items, web.PageLink{Number: n, Href: href(n), Current: n == page})
		case !p.Items[len(p.Items)-1].Ellipsis:
			p.Items = append(p.Items, web.PageLink{Ellipsis: true})
		}
	}
	return p
}

func errNoFile(name string) error { return fault.New(fault.NotFound, "no file %q", name) }

var londonZone = workday.London

// Paragraphs is the response split where the officer left blank lines.
func (e disclosureEntry) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(e.Response, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
