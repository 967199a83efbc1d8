package opendata

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

const perPage = 20

type disclosureEntry struct {
	opendata.Disclosure
	URL string
}

type disclosureLogPage struct {
	Query   string
	Total   int
	Entries []disclosureEntry
	Pages   web.Pagination
}

func (h *handler) disclosureLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	page := web.PageNumber(r)
	res, err := h.Data.Disclosures(r.Context(), q, page, perPage)
	if err != nil {
		return err
	}
	p := disclosureLogPage{Query: q, Total: res.Total, Pages: web.Pages("/disclosure-log", url.Values{"q": {q}}, page, (res.Total+perPage-1)/perPage)}
	for _, e := range res.Entries {
		p.Entries = append(p.Entries, entryOf(e))
	}
	return h.render.Render(w, r, http.StatusOK, "disclosure_log", p)
}

func entryOf(e opendata.Disclosure) disclosureEntry {
	return disclosureEntry{Disclosure: e, URL: "/disclosure-log/" + e.Ref}
}

func (h *handler) disclosureEntry(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Data.Disclosure(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "disclosure", entryOf(e))
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
