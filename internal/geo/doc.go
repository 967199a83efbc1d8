// Package geo holds the geometry the platform needs at a street's scale:
// points in WGS84 degrees, distances, search boxes, and council areas read
// from GeoJSON with the question "whose area is this point in?". It is a
// pure library: it imports nothing of ours, so it is tested on its own.
package geo
