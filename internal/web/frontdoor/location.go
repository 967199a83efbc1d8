package frontdoor

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PlaceFinder finds the place of a location question in the gazetteer:
// people.Places implements it.
type PlaceFinder interface {
	// Snap is p with its nearest street (USRN) and, when on one, property.
	Snap(ctx context.Context, p geo.Point) (people.Place, error)
	// Search finds places by postcode or street name.
	Search(ctx context.Context, query string) ([]people.Place, error)
}

// MapTiles is the location question's map source: a URL template with
// {z}, {x} and {y} (OpenStreetMap's, or the OS Maps API's with the
// council's key) and the attribution its licence requires. No URL, no map.
type MapTiles struct {
	URL, Attribution string
}

// origin is the tiles' scheme and host, which the page's CSP must allow.
func (m MapTiles) origin() string {
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(m.URL))
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// placePrefix marks a location question's "Search" button: "place:<id>".
const placePrefix = "place:"

// Where a map starts without a point: the council's area when it is
// configured, else Great Britain.
const (
	zoomChosen  = 17
	zoomArea    = 13
	zoomCountry = 6
)

var greatBritain = geo.Point{Lat: 54.0, Lng: -2.5}

// findPlace answers the "Search" button: the page again, with the places
// found for the postcode or street to pick from.
func (h *handler) findPlace(w http.ResponseWriter, r *http.Request, def *service.Definition, page *service.Page,
	prior service.Answers, vals form, id string) error {
	found, errs, err := h.searchPlaces(r.Context(), def.Lang(), id+"-search", vals.get(id+"-search"), notFoundPlace)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return h.renderPage(w, r, status, def, page, prior, vals, errs, lookups{places: map[string][]people.Place{id: found}})
}

// notFoundPlace answers a location question's search that finds nothing:
// the question can still be answered in words.
var notFoundPlace = lang.N("We could not find that postcode or street. Check it, or describe the place")

// searchPlaces finds the places a postcode or street search names, or says
// on field what is wrong with the search; notFound is what to say when it
// finds nothing.
func (h *handler) searchPlaces(ctx context.Context, l lang.Tag, field, query, notFound string) ([]people.Place, service.FieldErrors, error) {
	fail := func(msg string) ([]people.Place, service.FieldErrors, error) {
		return nil, service.FieldErrors{{Field: field, Message: web.Messages.Sprintf(l, msg)}}, nil
	}
	query = strings.TrimSpace(query)
	switch {
	case query == "":
		return fail("Enter a postcode or street name")
	case len([]rune(query)) < 3:
		return fail("Enter at least 3 letters of the street name")
	}
	found, err := h.Places.Search(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if len(found) == 0 {
		return fail(notFound)
	}
	return found, nil, nil
}

// placeValue identifies a place found, as its radio's value.
func placeValue(p people.Place) string {
	if p.UPRN != "" {
		return "uprn:" + p.UPRN
	}
	return "usrn:" + p.USRN
}

// applyPlacePicks puts the point of a place picked from a search into the
// location's coordinates, unless a point was given (the map's, or typed).
func (h *handler) applyPlacePicks(ctx context.Context, page *service.Page, vals form) error {
	if h.Places == nil {
		return nil
	}
	for _, q := range page.Questions {
		pick := vals.get(q.ID + "-found")
		if q.Type != service.TypeLocation || pick == "" || vals.get(q.ID+"-lat") != "" || vals.get(q.ID+"-lng") != "" {
			continue
		}
		found, _, err := h.searchPlaces(ctx, lang.English, q.ID+"-search", vals.get(q.ID+"-search"), notFoundPlace) // its messages are not shown
		if err != nil {
			return err
		}
		for _, p := range found {
			if placeValue(p) == pick {
				set(vals, q.ID, "lat", strconv.FormatFloat(p.Point.Lat, 'f', -1, 64))
				set(vals, q.ID, "lng", strconv.FormatFloat(p.Point.Lng, 'f', -1, 64))
			}
		}
	}
	return nil
}

// placeAnswers checks each point answered on the page against the
// council's area and snaps it to the gazetteer. outside is the area's
// answer for a point the council does not look after (nil when all are in).
func (h *handler) placeAnswers(ctx context.Context, page *service.Page, answers service.Answers) (*outsideArea, error) {
	for _, q := range page.Questions {
		l := answers[q.ID].Location
		if q.Type != service.TypeLocation || l == nil || l.Lat == nil || l.Lng == nil {
			continue
		}
		p := geo.Point{Lat: *l.Lat, Lng: *l.Lng}
		if h.Areas != nil {
			if au, own, known := h.Areas.Where(p); !own {
				return &outsideArea{Authority: au, Known: known}, nil
			}
		}
		if h.Places == nil {
			continue
		}
		at, err := h.Places.Snap(ctx, p)
		if err != nil {
			return nil, err
		}
		// The gazetteer decides street and property for a point; a UPRN
		// sent with it is replaced, so it cannot name another property.
		l.USRN, l.UPRN, l.Place = at.USRN, at.UPRN, at.Label
	}
	return nil, nil
}

// outsideArea is the page for a place the council does not look after.
type outsideArea struct {
	ServiceName string
	Authority   geo.Authority
	// Known is false when no configured neighbour's area holds the place.
	Known bool
	Back  string
}

func (h *handler) renderOutside(w http.ResponseWriter, r *http.Request, def *service.Definition, page *service.Page, o *outsideArea) error {
	o.ServiceName, o.Back = def.Name, questionPath(def.ID, page.ID)
	if r.URL.RawQuery != "" {
		o.Back += "?" + r.URL.RawQuery
	}
	return h.rd.Render(w, r, http.StatusOK, "outside_area", o)
}

// withPlaces adds the search, the places found and the map to location
// questions when a gazetteer is wired.
func (h *handler) withPlaces(r *http.Request, qs []web.Question, vals form, errs service.FieldErrors, found map[string][]people.Place) []web.Question {
	if h.Places == nil {
		return qs
	}
	for i := range qs {
		q := &qs[i]
		if q.Kind != "location" {
			continue
		}
		id := q.Field.ID
		pf := &web.PlaceFinder{Search: web.Field{ID: id + "-search", Label: web.T(r, "Search by postcode or street name"),
			Value: vals.get(id + "-search"), Width: "20", Error: errs.Get(id + "-search")}}
		if list := found[id]; len(list) > 0 {
			pf.Found = &web.Field{ID: id + "-found", Label: web.T(r, "Select the place"), Options: placeChoices(list), Value: vals.get(id + "-found")}
		}
		pf.Map = h.mapView(vals, id, found[id])
		q.Place = pf
	}
	return qs
}

func placeChoices(found []people.Place) []web.Option {
	out := make([]web.Option, 0, len(found))
	for _, p := range found {
		out = append(out, web.Option{Value: placeValue(p), Label: p.Label})
	}
	return out
}

// mapView starts the map at the point given, else the first place found,
// else the council's area.
func (h *handler) mapView(vals form, id string, found []people.Place) *web.MapView {
	if h.Map.URL == "" {
		return nil
	}
	v := &web.MapView{Tiles: h.Map.URL, Attribution: h.Map.Attribution, Lat: greatBritain.Lat, Lng: greatBritain.Lng, Zoom: zoomCountry}
	lat, err1 := strconv.ParseFloat(vals.get(id+"-lat"), 64)
	lng, err2 := strconv.ParseFloat(vals.get(id+"-lng"), 64)
	switch {
	case err1 == nil && err2 == nil:
		v.Lat, v.Lng, v.Zoom = lat, lng, zoomChosen
	case len(found) > 0:
		v.Lat, v.Lng, v.Zoom = found[0].Point.Lat, found[0].Point.Lng, zoomChosen-1
	case h.Areas != nil:
		c := h.Areas.Own.Bounds().Centre()
		v.Lat, v.Lng, v.Zoom = c.Lat, c.Lng, zoomArea
	}
	return v
}
