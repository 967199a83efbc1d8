package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Authority is a council and the area it looks after.
type Authority struct {
	Name string
	// Website is where to report a problem to it ("" when not given).
	Website string
	shape   []polygon
}

// polygon is an outer ring and its holes, each ring a closed list of points.
type polygon [][]Point

// Areas are the council's own area and, optionally, its neighbours': what
// lets a report outside the area be told whom to contact instead.
type Areas struct {
	Own        Authority
	Neighbours []Authority
}

// Where answers whose area p is in: own is true for the council's own; else
// the neighbour whose area holds p, if any (ok false when none does).
func (a *Areas) Where(p Point) (auth Authority, own, ok bool) {
	if a.Own.Contains(p) {
		return a.Own, true, true
	}
	for _, n := range a.Neighbours {
		if n.Contains(p) {
			return n, false, true
		}
	}
	return Authority{}, false, false
}

// Contains reports whether p is inside the authority's area (inside an
// outer ring and outside its holes).
func (au Authority) Contains(p Point) bool {
	for _, poly := range au.shape {
		if len(poly) == 0 || !inRing(poly[0], p) {
			continue
		}
		inHole := false
		for _, hole := range poly[1:] {
			inHole = inHole || inRing(hole, p)
		}
		if !inHole {
			return true
		}
	}
	return false
}

// Bounds is the smallest box holding the authority's area.
func (au Authority) Bounds() Box {
	b := Box{South: 90, West: 180, North: -90, East: -180}
	for _, poly := range au.shape {
		for _, pt := range poly[0] {
			b.South, b.North = min(b.South, pt.Lat), max(b.North, pt.Lat)
			b.West, b.East = min(b.West, pt.Lng), max(b.East, pt.Lng)
		}
	}
	return b
}

// inRing is the even-odd rule: a ray east from p crosses the ring's edges
// an odd number of times when p is inside.
func inRing(ring []Point, p Point) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) && p.Lng < (b.Lng-a.Lng)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lng {
			in = !in
		}
	}
	return in
}

type featureCollection struct {
	Type     string    `json:"type"`
	Features []feature `json:"features"`
}

type feature struct {
	Type       string `json:"type"`
	Properties struct {
		Name    string `json:"name"`
		Website string `json:"website"`
		Own     bool   `json:"own"`
		Code    string `json:"code"`
	} `json:"properties"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// ReadAreas reads a GeoJSON FeatureCollection of Polygon or MultiPolygon
// features, each with a "name" property. The council's own area is the
// feature with "own": true (or the only feature); every other feature is a
// neighbour, with a "website" (https) where residents report to it.
func ReadAreas(r io.Reader) (*Areas, error) {
	fc, err := readCollection(r, "boundary")
	if err != nil {
		return nil, err
	}
	a := &Areas{}
	owns := 0
	for i, f := range fc.Features {
		au, err := authorityOf(f)
		if err != nil {
			return nil, fmt.Errorf("boundary: feature %d: %w", i+1, err)
		}
		if f.Properties.Own || len(fc.Features) == 1 {
			a.Own, owns = au, owns+1
			continue
		}
		a.Neighbours = append(a.Neighbours, au)
	}
	if owns != 1 {
		return nil, fmt.Errorf(`boundary: want exactly one feature with "own": true, found %d`, owns)
	}
	return a, nil
}

// readCollection decodes a FeatureCollection with at least one feature;
// what names the file's use in its errors.
func readCollection(r io.Reader, what string) (featureCollection, error) {
	var fc featureCollection
	if err := json.NewDecoder(r).Decode(&fc); err != nil {
		return fc, fmt.Errorf("%s: not GeoJSON: %w", what, err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		return fc, fmt.Errorf("%s: want a FeatureCollection with at least one feature", what)
	}
	return fc, nil
}

func authorityOf(f feature) (Authority, error) {
	au := Authority{Name: strings.TrimSpace(f.Properties.Name), Website: strings.TrimSpace(f.Properties.Website)}
	if au.Name == "" {
		return au, errors.New(`no "name" property`)
	}
	if u, err := url.Parse(au.Website); au.Website != "" && (err != nil || u.Scheme != "https" || u.Host == "") {
		return au, fmt.Errorf("%s: website %q is not an https address", au.Name, au.Website)
	}
	var err error
	switch f.Geometry.Type {
	case "Polygon":
		var rings [][][]float64
		if err = json.Unmarshal(f.Geometry.Coordinates, &rings); err == nil {
			au.shape, err = polygons([][][][]float64{rings})
		}
	case "MultiPolygon":
		var polys [][][][]float64
		if err = json.Unmarshal(f.Geometry.Coordinates, &polys); err == nil {
			au.shape, err = polygons(polys)
		}
	default:
		err = fmt.Errorf("geometry %q is not a Polygon or MultiPolygon", f.Geometry.Type)
	}
	if err != nil {
		return au, fmt.Errorf("%s: %w", au.Name, err)
	}
	return au, nil
}

// polygons turns GeoJSON coordinates ([longitude, latitude] pairs) into
// rings of points, refusing rings that cannot enclose anything.
func polygons(in [][][][]float64) ([]polygon, error) {
	out := make([]polygon, 0, len(in))
	for _, rings := range in {
		var poly polygon
		for _, ring := range rings {
			if len(ring) < 4 {
				return nil, errors.New("a ring needs at least four positions")
			}
			pts := make([]Point, 0, len(ring))
			for _, pos := range ring {
				if len(pos) < 2 || pos[1] < -90 || pos[1] > 90 || pos[0] < -180 || pos[0] > 180 {
					return nil, fmt.Errorf("position %v is not [longitude, latitude]", pos)
				}
				pts = append(pts, Point{Lat: pos[1], Lng: pos[0]})
			}
			poly = append(poly, pts)
		}
		if len(poly) == 0 {
			return nil, errors.New("a polygon without rings")
		}
		out = append(out, poly)
	}
	return out, nil
}
