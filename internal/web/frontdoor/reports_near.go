package frontdoor

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathReportsNear is the "reports near you" page: public reports near a
// postcode or street, linked from the front door and every report's page.
const PathReportsNear = "/reports"

const (
	// nearMetres is how far from the place searched reports are listed: a
	// neighbourhood's streets, as public search lists them.
	nearMetres = 500
	// nearListed caps the reports listed for one place, nearest first;
	// nearPerPage are shown on each page.
	nearListed, nearPerPage = 100, 10
	// samePlaceMetres: places a search finds within this of the first are
	// one place (a postcode's addresses, a short street's points); further
	// apart they are different places to choose from (two Station Roads).
	samePlaceMetres = 1000
)

// reportsNearPage is the page's data: the search box, then either the
// places to choose from or the reports near the one place.
type reportsNearPage struct {
	Search web.Field
	Errors []web.FieldError
	// Places are the different places a search found, each a link to the
	// reports near it.
	Places []placeLink
	// Near names the place the reports are near; empty before a search.
	Near    string
	Metres  int
	Total   int
	From    int
	To      int
	Reports []cases.PublicReport
	Pages   web.Pagination
	// Map shows the page's reports when scripts run and tiles are configured.
	Map *reportsMap
}

// FieldErrors lists the search's errors for the summary and the title.
func (p reportsNearPage) FieldErrors() []web.FieldError { return p.Errors }

type placeLink struct{ Label, Href string }

// reportsNearGet answers "what has been reported near here?" without
// JavaScript: a postcode or street search (?q=), a choice when it finds
// places far apart, then the public reports within nearMetres of the place
// (?lat=&lng=&near=), nearest first, a page at a time.
func (h *handler) reportsNearGet(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	page := reportsNearPage{Metres: nearMetres,
		Search: web.Field{ID: "q", Label: web.T(r, "Postcode or street"), Value: query, Autocomplete: "postal-code", Width: "20"}}
	at, ok := pointParam(q)
	if !ok && q.Has("q") {
		found, errs, err := h.findNear(r, query)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			page.Errors, page.Search.Error = web.FromService(errs), errs[0].Message
			return h.rd.Render(w, r, http.StatusUnprocessableEntity, "reports_near", page)
		}
		if page.Places = choices(found); len(page.Places) > 1 {
			return h.rd.Render(w, r, http.StatusOK, "reports_near", page)
		}
		page.Places, at, ok = nil, found[0].Point, true
		q.Set("near", nearLabel(query, found[0]))
	}
	if ok {
		if err := h.listNear(r, &page, at, q); err != nil {
			return err
		}
		if len(page.Reports) > 0 {
			page.Map = h.mapOf(w, r, at, page.Reports, true)
		}
	}
	return h.rd.Render(w, r, http.StatusOK, "reports_near", page)
}

// findNear searches the gazetteer for the place, as the location question does.
func (h *handler) findNear(r *http.Request, query string) ([]people.Place, service.FieldErrors, error) {
	if h.Places == nil {
		return nil, service.FieldErrors{{Field: "q", Message: web.T(r, notFoundNear)}}, nil
	}
	return h.searchPlaces(r.Context(), web.LangOf(r), "q", query, notFoundNear)
}

var notFoundNear = lang.N("We could not find that postcode or street. Check it and try again")

// listNear fills in the page of reports near at that ?page= asks for.
func (h *handler) listNear(r *http.Request, page *reportsNearPage, at geo.Point, q url.Values) error {
	all, err := h.Cases.ReportsNear(r.Context(), nil, at, nearMetres, nearListed)
	if err != nil {
		return err
	}
	page.Near, page.Total = q.Get("near"), len(all)
	if page.Near == "" {
		page.Near = web.T(r, "the place you chose")
	}
	last := (len(all) + nearPerPage - 1) / nearPerPage
	n := min(web.PageNumber(r), max(last, 1))
	page.From, page.To = (n-1)*nearPerPage, min(n*nearPerPage, len(all))
	page.Reports = all[page.From:page.To]
	if err := h.Cases.WithPhotos(r.Context(), page.Reports); err != nil {
		return err
	}
	page.From++
	keep := url.Values{"lat": {fmtCoord(at.Lat)}, "lng": {fmtCoord(at.Lng)}, "near": {q.Get("near")}}
	page.Pages = web.Pages(PathReportsNear, keep, n, last)
	return nil
}

// pointParam reads ?lat=&lng=, a point on the Earth or nothing.
func pointParam(q url.Values) (geo.Point, bool) {
	lat, err1 := strconv.ParseFloat(q.Get("lat"), 64)
	lng, err2 := strconv.ParseFloat(q.Get("lng"), 64)
	if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lng) > 180 {
		return geo.Point{}, false
	}
	return geo.Point{Lat: lat, Lng: lng}, true
}

// choices are the different places of a search: one when every place found
// is near the first (a postcode, a street), else one link per street.
func choices(found []people.Place) []placeLink {
	first := found[0].Point
	var out []placeLink
	seen := map[string]bool{}
	apart := false
	for _, p := range found {
		if first.Metres(p.Point) > samePlaceMetres {
			apart = true
		}
		if label := p.Label; !seen[label] {
			seen[label] = true
			out = append(out, placeLink{Label: label, Href: PathReportsNear + "?" + url.Values{
				"lat": {fmtCoord(p.Point.Lat)}, "lng": {fmtCoord(p.Point.Lng)}, "near": {label}}.Encode()})
		}
	}
	if !apart {
		return out[:1]
	}
	return out
}

// nearLabel names the place searched: the postcode in its usual form, or
// the street found.
func nearLabel(query string, p people.Place) string {
	if pc, err := service.NormalisePostcode(query); err == nil {
		return pc
	}
	if p.Street != "" {
		return p.Street
	}
	return query
}

func fmtCoord(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }
