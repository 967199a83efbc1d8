package people

import "github.com/guildhall-platform/guildhall/internal/linkage"

// linkColumns are the columns records are compared on, in linkage.Records order.
var linkColumns = []string{"given_name", "family_name", "date_of_birth", "postcode", "address", "email", "phone"}

// DefaultSettings compare names (Jaro–Winkler, nicknames, term frequency),
// date of birth (tolerant of swapped day and month), postcode, address
// words, email and phone; candidate pairs share a family name sound and
// birth date, a birth date and postcode, an email, a phone, or a given name
// sound and postcode, a family name and a given name's initial, or a family name and
// postcode.
func DefaultSettings() linkage.Settings {
	return linkage.Settings{
		Comparisons: []linkage.Comparison{
			{Column: "given_name", Kind: linkage.JaroWinkler, Thresholds: []float64{0.92, 0.8}, Nicknames: true, TermFrequency: true},
			{Column: "family_name", Kind: linkage.JaroWinkler, Thresholds: []float64{0.92, 0.8}, TermFrequency: true},
			{Column: "date_of_birth", Kind: linkage.Date},
			{Column: "postcode", Kind: linkage.Postcode},
			{Column: "address", Kind: linkage.TokenSet, Thresholds: []float64{0.9, 0.6}},
			{Column: "email", Kind: linkage.Exact},
			{Column: "phone", Kind: linkage.Exact},
		},
		Blocking: []linkage.BlockingRule{
			{Parts: []linkage.KeyPart{{Column: "family_name", Soundex: true}, {Column: "date_of_birth"}}},
			{Parts: []linkage.KeyPart{{Column: "date_of_birth"}, {Column: "postcode"}}},
			{Parts: []linkage.KeyPart{{Column: "email"}}},
			{Parts: []linkage.KeyPart{{Column: "phone"}}},
			{Parts: []linkage.KeyPart{{Column: "given_name", Soundex: true}, {Column: "postcode"}}},
			{Parts: []linkage.KeyPart{{Column: "family_name"}, {Column: "given_name", Prefix: 1}}},
			{Parts: []linkage.KeyPart{{Column: "family_name"}, {Column: "postcode"}}},
		},
		USamples: 200_000,
		// a key shared by more records (a placeholder date of birth, a
		// family's shared email at scale) is left out and reported
		MaxBlock: 1000,
		Seed:     1,
		// one scoring goroutine: linkage runs in the background beside the site
		Workers: 1,
	}
}

// linkRow is a record as linkage compares it.
func linkRow(r Record) []string {
	return []string{
		r.GivenName, r.FamilyName, r.DateOfBirth, r.Address.Postcode,
		NormaliseAddressLine(r.Address.Line1 + ", " + r.Address.Line2), r.Email, r.Phone,
	}
}
