package service

import "strconv"

// String renders a location as its description, the gazetteer's place,
// UPRN, USRN and coordinates.
func (l *Location) String() string {
	var parts []string
	for _, p := range []string{l.Description, l.Place} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if l.UPRN != "" {
		parts = append(parts, "UPRN "+l.UPRN)
	}
	if l.USRN != "" {
		parts = append(parts, "USRN "+l.USRN)
	}
	if l.Lat != nil && l.Lng != nil {
		parts = append(parts, strconv.FormatFloat(*l.Lat, 'f', 5, 64)+", "+strconv.FormatFloat(*l.Lng, 'f', 5, 64))
	}
	return joinNonEmpty(parts, "; ")
}
