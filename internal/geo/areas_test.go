package geo_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/geo"
)

// A council shaped as a square with a park cut out of it (a hole, looked
// after by nobody we know), beside a neighbour to the north.
const areasJSON = `{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "Otherton Borough Council", "website": "https://www.otherton.example/report"},
  "geometry": {"type": "Polygon", "coordinates": [[[-0.16, 51.51], [-0.12, 51.51], [-0.12, 51.53], [-0.16, 51.53], [-0.16, 51.51]]]}},
 {"type": "Feature", "properties": {"name": "Guildtown Council", "own": true},
  "geometry": {"type": "MultiPolygon", "coordinates": [[
    [[-0.16, 51.49], [-0.12, 51.49], [-0.12, 51.51], [-0.16, 51.51], [-0.16, 51.49]],
    [[-0.145, 51.495], [-0.135, 51.495], [-0.135, 51.5], [-0.145, 51.5], [-0.145, 51.495]]]]}}]}`

func TestWhere(t *testing.T) {
	a, err := geo.ReadAreas(strings.NewReader(areasJSON))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		p       geo.Point
		who     string
		own, ok bool
	}{
		{"inside our area", geo.Point{Lat: 51.501, Lng: -0.15}, "Guildtown Council", true, true},
		{"in the park cut out of it", geo.Point{Lat: 51.497, Lng: -0.14}, "", false, false},
		{"in the neighbour's area", geo.Point{Lat: 51.52, Lng: -0.13}, "Otherton Borough Council", false, true},
		{"nobody's we know", geo.Point{Lat: 52.2, Lng: 0.12}, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			au, own, ok := a.Where(tc.p)
			if au.Name != tc.who || own != tc.own || ok != tc.ok {
				t.Errorf("Where(%v) = %q, own %v, ok %v; want %q, %v, %v", tc.p, au.Name, own, ok, tc.who, tc.own, tc.ok)
			}
		})
	}
	if _, _, ok := a.Where(geo.Point{Lat: 51.52, Lng: -0.13}); ok && a.Neighbours[0].Website != "https://www.otherton.example/report" {
		t.Errorf("neighbour's website %q", a.Neighbours[0].Website)
	}
	if b := a.Own.Bounds(); b != (geo.Box{South: 51.49, West: -0.16, North: 51.51, East: -0.12}) {
		t.Errorf("bounds %+v", b)
	}
}

func TestReadAreasRefuses(t *testing.T) {
	square := `{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 51]]]}`
	for _, tc := range []struct{ name, json, want string }{
		{"not JSON", `{`, "boundary: not GeoJSON"},
		{"a bare feature", `{"type": "Feature"}`, "want a FeatureCollection"},
		{"no name", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": ` + square + `}]}`, `feature 1: no "name" property`},
		{"two of ours", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A", "own": true}, "geometry": ` + square + `},
			{"type": "Feature", "properties": {"name": "B", "own": true}, "geometry": ` + square + `}]}`, "found 2"},
		{"none of ours", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": ` + square + `},
			{"type": "Feature", "properties": {"name": "B"}, "geometry": ` + square + `}]}`, "found 0"},
		{"a website over http", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A", "website": "http://a.example"}, "geometry": ` + square + `}]}`, "not an https address"},
		{"a line", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "LineString", "coordinates": [[0, 51], [1, 52]]}}]}`, "not a Polygon"},
		{"latitude first", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[51, 0], [51, 1], [181, 1], [51, 0]]]}}]}`, "is not [longitude, latitude]"},
		{"a short ring", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [0, 51]]]}}]}`, "at least four positions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geo.ReadAreas(strings.NewReader(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestMetresAndBox(t *testing.T) {
	// Two points 0.001° of latitude apart are about 111 m apart anywhere.
	if d := (geo.Point{Lat: 51.5, Lng: -0.14}).Metres(geo.Point{Lat: 51.501, Lng: -0.14}); d < 111 || d > 112 {
		t.Errorf("0.001° of latitude is %.1f m", d)
	}
	p := geo.Point{Lat: 51.5, Lng: -0.14}
	b := geo.BoxAround(p, 100)
	if !b.Contains(p) || b.Contains(geo.Point{Lat: 51.5, Lng: -0.1375}) || !b.Contains(geo.Point{Lat: 51.5, Lng: -0.1387}) {
		t.Errorf("box %+v", b)
	}
}
