package geo

import "math"

// Point is a place on the map in WGS84 degrees.
type Point struct{ Lat, Lng float64 }

// earthRadius is the mean radius of the Earth in metres.
const earthRadius = 6371008.8

// Metres is the great-circle distance between two points (haversine): exact
// enough at a street's scale, where the question is "within 50 metres?".
func (p Point) Metres(q Point) float64 {
	rad := math.Pi / 180
	dLat, dLng := (q.Lat-p.Lat)*rad, (q.Lng-p.Lng)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(a)))
}

// Box is a latitude and longitude range: what an index can scan.
type Box struct{ South, West, North, East float64 }

// BoxAround is the smallest box holding every point within metres of p; a
// point in it may still be further away (its corners), so callers measure.
func BoxAround(p Point, metres float64) Box {
	dLat := metres / earthRadius * 180 / math.Pi
	dLng := dLat / math.Max(math.Cos(p.Lat*math.Pi/180), 0.01)
	return Box{South: p.Lat - dLat, West: p.Lng - dLng, North: p.Lat + dLat, East: p.Lng + dLng}
}

// Contains reports whether p lies in the box (edges included).
func (b Box) Contains(p Point) bool {
	return p.Lat >= b.South && p.Lat <= b.North && p.Lng >= b.West && p.Lng <= b.East
}

// Centre is the middle of the box.
func (b Box) Centre() Point { return Point{Lat: (b.South + b.North) / 2, Lng: (b.West + b.East) / 2} }

// Rounded is p rounded to decimals places (3 ≈ 100 m), as a service's
// publish block declares for what the public sees; 0 leaves it as it is.
func (p Point) Rounded(decimals int) Point {
	if decimals <= 0 {
		return p
	}
	f := math.Pow(10, float64(decimals))
	return Point{Lat: math.Round(p.Lat*f) / f, Lng: math.Round(p.Lng*f) / f}
}
