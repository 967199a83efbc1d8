package service

import "strconv"

// String renders a location as its description, UPRN and coordinates.
func (l *Location) String() string {
	var parts []string
	if l.Description != "" {
		parts = append(parts, l.Description)
	}
	if l.UPRN != "" {
		parts = append(parts, "UPRN "+l.UPRN)
	}
	if l.Lat != nil && l.Lng != nil {
		parts = append(parts, strconv.FormatFloat(*l.Lat, 'f', 5, 64)+", "+strconv.FormatFloat(*l.Lng, 'f', 5, 64))
	}
	return joinNonEmpty(parts, "; ")
}
