package people

import (
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// Address is a postal address as a source gave it, with its UPRN when known
// or matched.
type Address struct {
	Line1    string `json:"line1,omitempty"`
	Line2    string `json:"line2,omitempty"`
	Town     string `json:"town,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	UPRN     string `json:"uprn,omitempty"`
}

// String is the address on one line.
func (a Address) String() string {
	return joinNonEmpty(", ", a.Line1, a.Line2, a.Town, a.Postcode)
}

// IsEmpty reports whether the address holds nothing.
func (a Address) IsEmpty() bool {
	return a.Line1 == "" && a.Line2 == "" && a.Town == "" && a.Postcode == "" && a.UPRN == ""
}

// Record is one source's record of a person: a case's applicant or an
// imported row. Key is unique across sources ("case:K7QD-M2XH",
// "council-tax:10023") and stable, so a re-import updates the record.
type Record struct {
	ID          int64
	Key         string
	Source      string
	GivenName   string
	FamilyName  string
	DateOfBirth string // YYYY-MM-DD
	Email       string
	Phone       string
	Address     Address
	// UPRN is the property the record's address is at: the one the source
	// gave, or one matched from the gazetteer (UPRNMatch says how).
	UPRN      string
	UPRNMatch string
	// CaseRef is the case the record came from, if any.
	CaseRef string
	// ObservedAt is when the source said this (case submitted, row dated).
	ObservedAt time.Time
	// PersonID is the golden person the record belongs to; 0 until linked.
	PersonID int64
	// RestrictedBy is the data protection rights request under which
	// processing of the record is restricted (UK GDPR Art. 18), if any: see
	// Restricted.
	RestrictedBy string
}

// Restricted asks the access policy whether p may do a with r: always yes
// for a record under no restriction, otherwise as access.Decide says for
// restricted data (information governance may read it; nobody may link,
// count or publish it). Callers ask it as well as their usual decision.
func (r Record) Restricted(p access.Principal, a access.Action) bool {
	return r.RestrictedBy != "" && !access.RestrictionAllows(p, a).Allow
}

// Name is the record's full name.
func (r Record) Name() string { return joinNonEmpty(" ", r.GivenName, r.FamilyName) }

// Person is a golden record: the best value of each field over the source
// records linked to it (see Survive), and where each value came from.
type Person struct {
	ID          int64
	GivenName   string
	FamilyName  string
	DateOfBirth string
	Email       string
	Phone       string
	Address     Address
	// Provenance names the record key each field was taken from.
	Provenance map[string]string
	UpdatedAt  time.Time
}

// Name is the person's full name.
func (p Person) Name() string { return joinNonEmpty(" ", p.GivenName, p.FamilyName) }

// DecisionKind is an officer's ruling on two records.
type DecisionKind string

// Decision kinds.
const (
	MustLink   DecisionKind = "must_link"   // the same person, whatever the model says
	CannotLink DecisionKind = "cannot_link" // different people, whatever the model says
)

// Decision is an officer's ruling that two records are or are not the same
// person. Decisions are applied after clustering on every run.
type Decision struct {
	ID        int64
	Left      string // record key
	Right     string // record key
	Kind      DecisionKind
	Actor     string
	Reason    string
	DecidedAt time.Time
}

// Suggestion is a pair of records, in two different golden persons, that the
// model scored as a possible match without linking them: officers confirm it
// (must-link) or dismiss it (cannot-link).
type Suggestion struct {
	LeftKey, RightKey       string
	LeftPerson, RightPerson int64
	Probability             float64
	// Why lists each compared field's contribution, as linkage explains it.
	Why []FieldWhy
}

// FieldWhy is one field's part in a suggestion's match weight.
type FieldWhy struct {
	Field  string  `json:"field"`
	Left   string  `json:"left"`
	Right  string  `json:"right"`
	Level  string  `json:"level"`
	Weight float64 `json:"weight"`
}

// CasePlace says that a case concerns a property (its UPRN).
type CasePlace struct {
	CaseRef string
	UPRN    string
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// SplitName splits a full name into given and family names: the last word
// is the family name ("Mary Ann Smith" → "Mary Ann", "Smith").
func SplitName(full string) (given, family string) {
	words := strings.Fields(full)
	switch len(words) {
	case 0:
		return "", ""
	case 1:
		return "", words[0]
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}
