package people

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/geo"
)

// PlaceStore is what finding places on the map needs from the gazetteer.
type PlaceStore interface {
	Gazetteer
	// PropertiesIn returns up to limit current properties with a point in box.
	PropertiesIn(ctx context.Context, box geo.Box, limit int) ([]Property, error)
	// StreetsNamed returns up to limit streets with a word of their name
	// starting with name, each at the middle of its properties' points.
	StreetsNamed(ctx context.Context, name string, limit int) ([]Street, error)
}

// Street is a street of the gazetteer: its USRN, name and town, and a point
// on it to show on the map.
type Street struct {
	USRN, Name, Town string
	Point            geo.Point
}

// Place is a point a resident chose, with the street (USRN) and property
// (UPRN) it was snapped to from the gazetteer; either may be empty.
type Place struct {
	Point  geo.Point
	USRN   string
	Street string
	UPRN   string
	// Label says the place in words: the property's address, or the street
	// and town.
	Label string
}

// Places answers "which street and property is this point?" and "where is
// this postcode or street?" from the gazetteer, for the location question.
type Places struct{ Store PlaceStore }

const (
	// streetMetres is how far from a property with a USRN a point may be
	// and still be said to be on its street: beyond it (a field, a park) the
	// report keeps its point alone rather than a wrong street.
	streetMetres = 200
	// propertyMetres is how close to a property's address point a chosen
	// point must be to be that property: a click on the building, or the
	// pavement in front of a small one, but not the house across the road.
	propertyMetres = 12
	// placesListed bounds a search's list: past it the resident narrows it.
	placesListed = 30
	// boxScan bounds the properties read for one snapping radius; a box
	// with more holds them at a few points (flats), all of them nearest.
	boxScan = 500
)

// snapRadii are widened in turn until one holds a property: a near box
// first, so a dense street reads few rows.
var snapRadii = []float64{25, 75, streetMetres}

// Snap is p with the street of the nearest property that has a USRN
// (within streetMetres), and that property's UPRN when p is within
// propertyMetres of it. A point near nothing is returned as it is.
func (pl Places) Snap(ctx context.Context, p geo.Point) (Place, error) {
	out := Place{Point: p}
	for _, r := range snapRadii {
		props, err := pl.Store.PropertiesIn(ctx, geo.BoxAround(p, r), boxScan)
		if err != nil {
			return out, err
		}
		near, d, ok := nearestOnStreet(props, p)
		if !ok || d > r {
			continue // a nearer one may lie outside this box
		}
		out.USRN, out.Street, out.Label = near.USRN, near.Street, joinNonEmpty(", ", near.Street, near.Town)
		if d <= propertyMetres {
			out.UPRN, out.Label = near.UPRN, near.String()
		}
		return out, nil
	}
	return out, nil
}

func nearestOnStreet(props []Property, p geo.Point) (Property, float64, bool) {
	var best Property
	bestD, found := 0.0, false
	for _, q := range props {
		if q.USRN == "" || q.Lat == 0 {
			continue
		}
		if d := p.Metres(geo.Point{Lat: q.Lat, Lng: q.Lon}); !found || d < bestD {
			best, bestD, found = q, d, true
		}
	}
	return best, bestD, found
}

// Search finds places by postcode (its properties that have a point) or by
// street name (at least three letters): the way to the same answer as the
// map without JavaScript.
func (pl Places) Search(ctx context.Context, query string) ([]Place, error) {
	if pc, ok := NormalisePostcode(query); ok {
		props, err := pl.Store.PropertiesByPostcode(ctx, pc)
		if err != nil {
			return nil, err
		}
		var out []Place
		for _, p := range props {
			if p.Lat != 0 && len(out) < placesListed {
				out = append(out, Place{Point: geo.Point{Lat: p.Lat, Lng: p.Lon}, USRN: p.USRN, Street: p.Street, UPRN: p.UPRN, Label: p.String()})
			}
		}
		return out, nil
	}
	if len([]rune(strings.TrimSpace(query))) < 3 {
		return nil, nil
	}
	streets, err := pl.Store.StreetsNamed(ctx, query, placesListed)
	if err != nil {
		return nil, err
	}
	out := make([]Place, 0, len(streets))
	for _, s := range streets {
		out = append(out, Place{Point: s.Point, USRN: s.USRN, Street: s.Name, Label: joinNonEmpty(", ", s.Name, s.Town)})
	}
	return out, nil
}

// Postcode is the middle of a postcode's current properties that have a
// point (their mean; a postcode spans a few hundred metres at most), with
// the postcode as written in the gazetteer. ok is false for a query that is
// not a full postcode or one with no such property.
func (pl Places) Postcode(ctx context.Context, query string) (at geo.Point, postcode string, ok bool, err error) {
	pc, valid := NormalisePostcode(query)
	if !valid {
		return geo.Point{}, "", false, nil
	}
	props, err := pl.Store.PropertiesByPostcode(ctx, pc)
	if err != nil {
		return geo.Point{}, pc, false, err
	}
	var n float64
	for _, p := range props {
		if p.Lat != 0 {
			at.Lat, at.Lng, n = at.Lat+p.Lat, at.Lng+p.Lon, n+1
		}
	}
	if n == 0 {
		return geo.Point{}, pc, false, nil
	}
	return geo.Point{Lat: at.Lat / n, Lng: at.Lng / n}, pc, true, nil
}
