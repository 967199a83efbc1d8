package people

import (
	"strconv"
	"strings"
	"time"
)

// LogicalStatus is a BS 7666 LPI logical status.
type LogicalStatus int

// BS 7666 logical statuses.
const (
	StatusApproved    LogicalStatus = 1
	StatusAlternative LogicalStatus = 3
	StatusProvisional LogicalStatus = 6
	StatusHistorical  LogicalStatus = 8
)

// Valid reports whether s is one of the BS 7666 statuses.
func (s LogicalStatus) Valid() bool {
	return s == StatusApproved || s == StatusAlternative || s == StatusProvisional || s == StatusHistorical
}

// Object is a BS 7666 addressable object: a secondary (SAO: flat, unit) or
// primary (PAO: building) part of an address, a number range and/or text.
type Object struct {
	StartNumber int    `json:"start_number,omitempty"`
	StartSuffix string `json:"start_suffix,omitempty"`
	EndNumber   int    `json:"end_number,omitempty"`
	EndSuffix   string `json:"end_suffix,omitempty"`
	Text        string `json:"text,omitempty"`
}

// Numbers is the object's number range as written: "12", "12A", "12-14".
func (o Object) Numbers() string {
	if o.StartNumber == 0 {
		return ""
	}
	s := strconv.Itoa(o.StartNumber) + o.StartSuffix
	if o.EndNumber != 0 {
		s += "-" + strconv.Itoa(o.EndNumber) + o.EndSuffix
	}
	return s
}

// Property is one addressable location from the gazetteer (a BLPU with its
// LPI), keyed by UPRN.
type Property struct {
	UPRN       string
	USRN       string
	ParentUPRN string
	SAO        Object
	PAO        Object
	Street     string
	Locality   string
	Town       string
	Postcode   string
	// X and Y are British National Grid eastings and northings; Lat and Lon
	// are WGS84/ETRS89. Zero means not given.
	X, Y, Lat, Lon float64
	Status         LogicalStatus
	// Classification is the AddressBase class code ("RD04"), if given.
	Classification string
	UpdatedAt      time.Time
}

// Lines are the address lines above town and postcode, in BS 7666 order:
// the SAO, then the PAO text, then the PAO numbers with the street.
func (p Property) Lines() []string {
	var lines []string
	if sao := joinNonEmpty(" ", p.SAO.Text, p.SAO.Numbers()); sao != "" {
		lines = append(lines, sao)
	}
	if p.PAO.Text != "" {
		lines = append(lines, p.PAO.Text)
	}
	if street := joinNonEmpty(" ", p.PAO.Numbers(), p.Street); street != "" {
		lines = append(lines, street)
	}
	if p.Locality != "" && !strings.EqualFold(p.Locality, p.Town) {
		lines = append(lines, p.Locality)
	}
	return lines
}

// Address is the property as a postal address with its UPRN: the first
// line holds the SAO and PAO, the second the street when there is room.
func (p Property) Address() Address {
	lines := p.Lines()
	a := Address{Town: p.Town, Postcode: p.Postcode, UPRN: p.UPRN}
	switch {
	case len(lines) == 0:
	case len(lines) == 1:
		a.Line1 = lines[0]
	default:
		a.Line1 = strings.Join(lines[:len(lines)-1], ", ")
		a.Line2 = lines[len(lines)-1]
	}
	return a
}

// String is the property's address on one line.
func (p Property) String() string {
	return joinNonEmpty(", ", strings.Join(p.Lines(), ", "), p.Town, p.Postcode)
}

// matchText is the normalised text a typed address is compared with: the
// lines without locality, town or postcode.
func (p Property) matchText() string {
	var parts []string
	for _, l := range []string{joinNonEmpty(" ", p.SAO.Text, p.SAO.Numbers()), p.PAO.Text, joinNonEmpty(" ", p.PAO.Numbers(), p.Street)} {
		if l != "" {
			parts = append(parts, l)
		}
	}
	return NormaliseAddressLine(strings.Join(parts, " "))
}
