package cases

import (
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Point is a place on the map in WGS84 degrees; Box a latitude and
// longitude range. Both are geo's, so cases, people and the web measure alike.
type (
	Point = geo.Point
	Box   = geo.Box
)

// BoxAround is geo.BoxAround, named here for the store's callers.
var BoxAround = geo.BoxAround

// PointOf is the map point of a case's answers: the first location answer,
// in page order, that holds one. ok is false when none does.
func PointOf(def *service.Definition, answers service.Answers) (p Point, ok bool) {
	for _, pg := range def.Pages {
		for _, q := range pg.Questions {
			if q.Type != service.TypeLocation {
				continue
			}
			if l := answers[q.ID].Location; l != nil && l.Lat != nil && l.Lng != nil {
				return Point{Lat: *l.Lat, Lng: *l.Lng}, true
			}
		}
	}
	return Point{}, false
}
