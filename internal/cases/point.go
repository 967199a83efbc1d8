package cases

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Point is a place on the map in WGS84 degrees; Box a latitude and
// longitude range. Both are geo's, so cases, people and the web measure alike.
type (
	Point = geo.Point
	Box   = geo.Box
)

// Places finds the map point of a gazetteer address; internal/store
// implements it.
type Places interface {
	// PlacePoint is the point of the property with uprn; ok is false when
	// the gazetteer does not hold it or holds no coordinates for it.
	PlacePoint(ctx context.Context, uprn string) (p Point, ok bool, err error)
}

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

// UPRNOf is the first gazetteer address of a case's answers, in page
// order: the UPRN of a location or address answer; "" when none has one.
func UPRNOf(def *service.Definition, answers service.Answers) string {
	for _, pg := range def.Pages {
		for _, q := range pg.Questions {
			a := answers[q.ID]
			switch {
			case a.Location != nil && a.Location.UPRN != "":
				return a.Location.UPRN
			case a.Address != nil && a.Address.UPRN != "":
				return a.Address.UPRN
			}
		}
	}
	return ""
}
