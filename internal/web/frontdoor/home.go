package frontdoor

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// serviceLink is a service as listed on the start page and in search results.
type serviceLink struct {
	Name, Summary, Href string
	// Lang is the language the name and summary are in: English for a
	// service not offered in Welsh, so the page marks it for screen readers.
	Lang lang.Tag
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
				links = append(links, linkTo(d.In(web.LangOf(r))))
			}
		}
		if len(links) > 0 {
			page.Categories = append(page.Categories, category{Name: categoryName(c, web.LangOf(r)), Services: links})
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
	return h.rd.Render(w, r, http.StatusOK, "home", page)
}

// categoryName is a category as the first of its services offered in l
// names it: a category is written in each service's definition.
func categoryName(c service.Category, l lang.Tag) string {
	for _, d := range c.Services {
		if d.Offers(l) {
			return d.In(l).Category
		}
	}
	return c.Name
}

func linkTo(d *service.Definition) serviceLink {
	return serviceLink{Name: d.Name, Summary: d.Summary, Href: startPath(d.ID), Lang: d.Lang()}
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
			page.Results = append(page.Results, linkTo(res.Service.In(web.LangOf(r))))
		}
	}
	return h.rd.Render(w, r, http.StatusOK, "search", page)
}
