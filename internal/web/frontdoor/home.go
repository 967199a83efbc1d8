package frontdoor

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// serviceLink is a service as listed on the start page and in search results.
type serviceLink struct {
	Name, Summary, Href string
}

type category struct {
	Name     string
	Services []serviceLink
}

type homePage struct {
	Categories []category
}

// home is the start page: every public service, by category, and a search box.
func (h *handler) home(w http.ResponseWriter, r *http.Request) error {
	cat := h.Services.Load()
	if cat == nil {
		return fault.New(fault.Unavailable, "no services loaded")
	}
	var page homePage
	for _, c := range cat.ByCategory() {
		var links []serviceLink
		for _, d := range c.Services {
			if d.HasAudience(service.AudiencePublic) {
				links = append(links, linkTo(d))
			}
		}
		if len(links) > 0 {
			page.Categories = append(page.Categories, category{Name: c.Name, Services: links})
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
	return h.rd.Render(w, r, http.StatusOK, "home", page)
}

func linkTo(d *service.Definition) serviceLink {
	return serviceLink{Name: d.Name, Summary: d.Summary, Href: startPath(d.ID)}
}

type searchPage struct {
	Query   string
	Results []serviceLink
}

// maxQuery bounds a search query: nobody describes a council service in more.
const maxQuery = 200

// search finds public services from everyday words, ranked, tolerant of typos.
func (h *handler) search(w http.ResponseWriter, r *http.Request) error {
	cat := h.Services.Load()
	if cat == nil {
		return fault.New(fault.Unavailable, "no services loaded")
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > maxQuery {
		q = q[:maxQuery]
	}
	page := searchPage{Query: q}
	if q != "" {
		for _, res := range cat.Search(q, service.AudiencePublic) {
			page.Results = append(page.Results, linkTo(res.Service))
		}
	}
	return h.rd.Render(w, r, http.StatusOK, "search", page)
}
