package geo_test

import (
	"os"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/geo"
)

func TestWardAt(t *testing.T) {
	f, err := os.Open("testdata/wards.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ws, err := geo.ReadWards(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    geo.Point
		code string
		ok   bool
	}{
		{geo.Point{Lat: 52.52, Lng: -1.84}, "E05000001", true},
		{geo.Point{Lat: 52.52, Lng: -1.79}, "E05000002", true}, // a MultiPolygon
		{geo.Point{Lat: 52.60, Lng: -1.84}, "", false},
	} {
		if w, ok := ws.At(tc.p); w.Code != tc.code || ok != tc.ok {
			t.Errorf("At(%v) = %q, %v; want %q, %v", tc.p, w.Code, ok, tc.code, tc.ok)
		}
	}
	if got := ws.Name("E05000002"); got != "Castle" {
		t.Errorf("Name(E05000002) = %q, want Castle", got)
	}
}

func TestReadWardsRefuses(t *testing.T) {
	square := `{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 51]]]}`
	for _, tc := range []struct{ name, json, want string }{
		{"not JSON", `[`, "wards: not GeoJSON"},
		{"no code", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Abbey"}, "geometry": ` + square + `}]}`,
			`wards: feature 1: Abbey: no "code" property`},
		{"a code twice", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Abbey", "code": "E1"}, "geometry": ` + square + `},
			{"type": "Feature", "properties": {"name": "Castle", "code": "E1"}, "geometry": ` + square + `}]}`, `wards: feature 2: Castle: code "E1" is also another ward's`},
		{"a line", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Abbey", "code": "E1"}, "geometry": {"type": "LineString", "coordinates": [[0, 51], [1, 52]]}}]}`,
			`wards: feature 1: Abbey: geometry "LineString" is not a Polygon or MultiPolygon`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geo.ReadWards(strings.NewReader(tc.json))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err %v, want it to begin %q", err, tc.want)
			}
		})
	}
}
