package platform

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/geo"
)

// MapConfig is the location question's map and the council's area.
type MapConfig struct {
	// Tiles is a tile URL template with {z}, {x} and {y}; empty shows no
	// map (search and description still find the place).
	Tiles string
	// Attribution is the text the tile source's licence requires.
	Attribution string
	// Boundary is a GeoJSON file of the council's area and its
	// neighbours' (geo.ReadAreas); Areas is it read (ReadBoundary).
	Boundary string
	Areas    *geo.Areas
	// WardsFile is a GeoJSON file of the council's wards (geo.ReadWards);
	// Wards is it read. A case with a location is given its ward when
	// submitted, for statistics by ward.
	WardsFile string
	Wards     geo.Wards
}

// ReadBoundary checks the tile template and reads the boundary file into
// Areas and the wards file into Wards, so that a mistake in either stops the start, naming the flag.
func (m *MapConfig) ReadBoundary() error {
	if m.Tiles != "" {
		u, err := url.Parse(m.Tiles)
		if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" ||
			!strings.Contains(m.Tiles, "{z}") || !strings.Contains(m.Tiles, "{x}") || !strings.Contains(m.Tiles, "{y}") {
			return fmt.Errorf("--map-tiles %q (GUILDHALL_MAP_TILES): give a tile URL with {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png", m.Tiles)
		}
		if strings.TrimSpace(m.Attribution) == "" {
			return fmt.Errorf("--map-attribution (GUILDHALL_MAP_ATTRIBUTION): the tile source's licence requires its attribution, e.g. \"© OpenStreetMap contributors\"")
		}
	}
	if m.WardsFile != "" {
		f, err := os.Open(m.WardsFile)
		if err != nil {
			return fmt.Errorf("--wards (GUILDHALL_WARDS): %w", err)
		}
		defer f.Close()
		if m.Wards, err = geo.ReadWards(f); err != nil {
			return fmt.Errorf("--wards %s (GUILDHALL_WARDS): %w", m.WardsFile, err)
		}
	}
	if m.Boundary == "" {
		return nil
	}
	f, err := os.Open(m.Boundary)
	if err != nil {
		return fmt.Errorf("--boundary (GUILDHALL_BOUNDARY): %w", err)
	}
	defer f.Close()
	if m.Areas, err = geo.ReadAreas(f); err != nil {
		return fmt.Errorf("--boundary %s (GUILDHALL_BOUNDARY): %w", m.Boundary, err)
	}
	return nil
}
