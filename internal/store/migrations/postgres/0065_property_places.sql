-- Places on the map: the gazetteer's properties found by where they are
-- (the point a resident chose, snapped to the nearest street and property),
-- not only by postcode.
CREATE INDEX people_properties_place ON people_properties (lat, lon);
