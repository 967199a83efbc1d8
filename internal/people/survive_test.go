package people

import (
	"testing"
	"time"
)

func TestSurvive(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	recs := []Record{
		{ID: 1, Key: "case:A", Source: "case", GivenName: "Maggie", FamilyName: "Oyelaran", Phone: "0111", ObservedAt: day(20)},
		{ID: 2, Key: "tax:1", Source: "tax", GivenName: "Margaret", FamilyName: "Oyelaran", DateOfBirth: "1962-03-14", ObservedAt: day(1),
			Address: Address{Line1: "3 Mill Lane"}, UPRN: "990000000102"},
		{ID: 3, Key: "tax:2", Source: "tax", GivenName: "Margaret", FamilyName: "Oyelaran-Smith", ObservedAt: day(5), Email: "m@example.org"},
		{ID: 4, Key: "case:B", Source: "case", Email: "new@example.org", ObservedAt: day(25)},
	}
	tests := []struct {
		name                  string
		trust                 Trust
		given, family, email  string
		nameFrom, addressUPRN string
	}{
		{"no order: most recent wins", nil, "Maggie", "Oyelaran", "new@example.org", "case:A", "990000000102"},
		{"tax trusted: its most recent wins", Trust{"tax", "case"}, "Margaret", "Oyelaran-Smith", "m@example.org", "tax:2", "990000000102"},
		{"unlisted sources rank last", Trust{"electoral-register", "tax"}, "Margaret", "Oyelaran-Smith", "m@example.org", "tax:2", "990000000102"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Survive(7, recs, tt.trust, day(30))
			if p.GivenName != tt.given || p.FamilyName != tt.family || p.Email != tt.email {
				t.Errorf("golden = %s %s <%s>, want %s %s <%s>", p.GivenName, p.FamilyName, p.Email, tt.given, tt.family, tt.email)
			}
			if p.Provenance[FieldName] != tt.nameFrom || p.DateOfBirth != "1962-03-14" || p.Address.UPRN != tt.addressUPRN {
				t.Errorf("provenance %v, dob %s, address %+v", p.Provenance, p.DateOfBirth, p.Address)
			}
		})
	}
}
