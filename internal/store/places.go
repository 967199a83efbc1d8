package store

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/people"
)

var _ people.PlaceStore = (*Store)(nil)

// PropertiesIn returns up to limit current properties with a point in box
// (people.PlaceStore), found on the (lat, lon) index.
func (s *Store) PropertiesIn(ctx context.Context, box geo.Box, limit int) ([]people.Property, error) {
	rows, err := s.queryRead(ctx, "SELECT "+propertyColumns+` FROM people_properties
		WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND logical_status <> ? ORDER BY uprn LIMIT ?`,
		box.South, box.North, box.West, box.East, int(people.StatusHistorical), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Property
	for rows.Next() {
		p, err := scanProperty(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// StreetsNamed returns up to limit streets (people.PlaceStore) with a word
// of their name starting with name (case ignored), each placed at the middle
// of its current properties' points, in name order.
func (s *Store) StreetsNamed(ctx context.Context, name string, limit int) ([]people.Street, error) {
	word := likePrefix(strings.ToLower(strings.TrimSpace(name)))
	rows, err := s.queryRead(ctx, `SELECT usrn, street, town, AVG(lat), AVG(lon) FROM people_properties
		WHERE (lower(street) LIKE ? ESCAPE '\' OR lower(street) LIKE ? ESCAPE '\')
			AND usrn <> '' AND lat <> 0 AND logical_status <> ?
		GROUP BY usrn, street, town ORDER BY street, town, usrn LIMIT ?`,
		word, "% "+word, int(people.StatusHistorical), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Street
	for rows.Next() {
		var st people.Street
		if err := rows.Scan(&st.USRN, &st.Name, &st.Town, &st.Point.Lat, &st.Point.Lng); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
