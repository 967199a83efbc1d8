package main

import "flag"

// bindMap binds the location question's map and the council's boundary.
func (c *config) bindMap(fs *flag.FlagSet, getenv func(string) string) {
	str(fs, getenv, &c.Map.Tiles, "map-tiles", "GUILDHALL_MAP_TILES", "", "map tiles for the location question and the maps of reports, a URL template with {z}, {x} and {y}: https://tile.openstreetmap.org/{z}/{x}/{y}.png, or the OS Maps API's https://api.os.uk/maps/raster/v1/zxy/Road_3857/{z}/{x}/{y}.png?key=KEY (empty: no map; postcode and street search still find the place)")
	str(fs, getenv, &c.Map.Attribution, "map-attribution", "GUILDHALL_MAP_ATTRIBUTION", "", "the attribution the tiles' licence requires, shown under the map (e.g. \"© OpenStreetMap contributors\")")
	str(fs, getenv, &c.Map.Boundary, "boundary", "GUILDHALL_BOUNDARY", "", "GeoJSON file of the council's area (the feature with \"own\": true) and its neighbours' (\"name\", \"website\"): a report outside the area is told whom to contact (empty: any place is taken)")
	str(fs, getenv, &c.Map.WardsFile, "wards", "GUILDHALL_WARDS", "", "GeoJSON file of the council's wards, each feature with a \"name\" and a unique \"code\" (e.g. the ONS E05… code): a case with a location is given the ward it is in, for statistics by ward (empty: every case is under \"No ward\")")
}
