package geo

import (
	"fmt"
	"io"
	"strings"
)

// Ward is one of the council's electoral wards: its code (the ONS GSS code,
// E05…, or the council's own) and its area, named as Authority names one.
type Ward struct {
	Code string
	Area Authority
}

// Wards are the council's wards, in the order the file lists them: the
// order the statistics show them in.
type Wards []Ward

// At is the ward holding p; ok is false when none does (a place outside
// every ward, for which statistics say "No ward").
func (ws Wards) At(p Point) (w Ward, ok bool) {
	for _, w := range ws {
		if w.Area.Contains(p) {
			return w, true
		}
	}
	return Ward{}, false
}

// Name is the name of the ward with code, "" when none has it.
func (ws Wards) Name(code string) string {
	for _, w := range ws {
		if w.Code == code {
			return w.Name()
		}
	}
	return ""
}

// Name is the ward's name.
func (w Ward) Name() string { return w.Area.Name }

// ReadWards reads a GeoJSON FeatureCollection of Polygon or MultiPolygon
// features, each a ward with a "name" and a unique "code" property.
func ReadWards(r io.Reader) (Wards, error) {
	fc, err := readCollection(r, "wards")
	if err != nil {
		return nil, err
	}
	ws := make(Wards, 0, len(fc.Features))
	seen := map[string]bool{}
	for i, f := range fc.Features {
		au, err := authorityOf(f)
		if err == nil && strings.TrimSpace(f.Properties.Code) == "" {
			err = fmt.Errorf(`%s: no "code" property`, au.Name)
		}
		code := strings.TrimSpace(f.Properties.Code)
		if err == nil && seen[code] {
			err = fmt.Errorf("%s: code %q is also another ward's", au.Name, code)
		}
		if err != nil {
			return nil, fmt.Errorf("wards: feature %d: %w", i+1, err)
		}
		seen[code] = true
		ws = append(ws, Ward{Code: code, Area: au})
	}
	return ws, nil
}
