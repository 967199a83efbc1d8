package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// How close a map of reports starts: a list's 500 metres fill a phone's
// map at zoomNear; one report is shown as the location question shows a
// chosen place.
const zoomNear = 16

// reportsMap is a map of public reports drawn over the location question's
// tiles: hidden until the map script shows it, so without JavaScript the
// page is its list alone, and every report on it is also a link on the page.
type reportsMap struct {
	web.MapView
	// Hint says what the map shows and how to move it; Label names it.
	Hint, Label string
	// Opens says a pin opens its report (a list's map, not a report's own).
	Opens bool
	Pins  []mapPin
}

// mapPin is one report on the map, at its published (rounded) point.
type mapPin struct {
	Lat, Lng float64
	Href     string
	Closed   bool
}

var (
	hintNearMap = lang.N("The map shows where the reports listed below are. Drag or use the arrow keys to move it, and the zoom buttons or the + and − keys to zoom. Select a pin, or move one to the middle and press Enter, to open its report.")
	hintOneMap  = lang.N("The map shows where the report is. Drag or use the arrow keys to move it, and the zoom buttons or the + and − keys to zoom.")
)

// mapOf is the map of the reports with a point, centred on at, or nil when
// no tiles are configured. It lets the page load the tiles, and only that.
func (h *handler) mapOf(w http.ResponseWriter, r *http.Request, at geo.Point, reports []cases.PublicReport, opens bool) *reportsMap {
	if h.Map.URL == "" {
		return nil
	}
	web.AllowTiles(w, h.Map.origin())
	m := &reportsMap{MapView: web.MapView{Tiles: h.Map.URL, Attribution: h.Map.Attribution, Lat: at.Lat, Lng: at.Lng, Zoom: zoomNear},
		Hint: web.T(r, hintOneMap), Label: web.T(r, "Map of the report"), Opens: opens}
	if opens {
		m.Hint, m.Label = web.T(r, hintNearMap), web.T(r, "Map of the reports listed")
	} else {
		m.Zoom = zoomChosen
	}
	for _, rep := range reports {
		if !rep.HasPoint {
			continue
		}
		pin := mapPin{Lat: rep.Point.Lat, Lng: rep.Point.Lng, Closed: rep.Closed}
		if opens {
			pin.Href = PathReportsNear + "/" + rep.Ref
		}
		m.Pins = append(m.Pins, pin)
	}
	return m
}
