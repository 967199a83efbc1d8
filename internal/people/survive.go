package people

import (
	"slices"
	"time"
)

// Trust is the source trust order for survivorship: the most trusted source
// first. Sources it does not list rank after every listed one, equally.
type Trust []string

// rank is a source's place in the order; unlisted sources share the last.
func (t Trust) rank(source string) int {
	if i := slices.Index(t, source); i >= 0 {
		return i
	}
	return len(t)
}

// better reports whether a should supply a field rather than b: the more
// trusted source wins; between equally trusted sources the more recent
// observation; then the record loaded later.
func (t Trust) better(a, b Record) bool {
	if ra, rb := t.rank(a.Source), t.rank(b.Source); ra != rb {
		return ra < rb
	}
	if !a.ObservedAt.Equal(b.ObservedAt) {
		return a.ObservedAt.After(b.ObservedAt)
	}
	return a.ID > b.ID
}

// Golden field names, as recorded in Person.Provenance.
const (
	FieldName        = "name"
	FieldDateOfBirth = "date_of_birth"
	FieldEmail       = "email"
	FieldPhone       = "phone"
	FieldAddress     = "address"
)

// goldenFields say how each golden field is read from a record and written
// to a person. Name and address are taken whole from one record, never
// assembled from parts of several.
var goldenFields = []struct {
	name string
	has  func(Record) bool
	set  func(*Person, Record)
}{
	{FieldName, func(r Record) bool { return r.Name() != "" }, func(p *Person, r Record) { p.GivenName, p.FamilyName = r.GivenName, r.FamilyName }},
	{FieldDateOfBirth, func(r Record) bool { return r.DateOfBirth != "" }, func(p *Person, r Record) { p.DateOfBirth = r.DateOfBirth }},
	{FieldEmail, func(r Record) bool { return r.Email != "" }, func(p *Person, r Record) { p.Email = r.Email }},
	{FieldPhone, func(r Record) bool { return r.Phone != "" }, func(p *Person, r Record) { p.Phone = r.Phone }},
	{FieldAddress, func(r Record) bool { return !r.Address.IsEmpty() }, func(p *Person, r Record) { p.Address = withUPRN(r) }},
}

// Survive builds the golden record of one person from its source records:
// for each field, the value of the best record that has one (see Trust).
func Survive(id int64, recs []Record, trust Trust, now time.Time) Person {
	p := Person{ID: id, Provenance: map[string]string{}, UpdatedAt: now}
	for _, f := range goldenFields {
		best := -1
		for i, r := range recs {
			if f.has(r) && (best < 0 || trust.better(r, recs[best])) {
				best = i
			}
		}
		if best >= 0 {
			f.set(&p, recs[best])
			p.Provenance[f.name] = recs[best].Key
		}
	}
	return p
}

// withUPRN is the record's address with its matched UPRN filled in.
func withUPRN(r Record) Address {
	a := r.Address
	if a.UPRN == "" {
		a.UPRN = r.UPRN
	}
	return a
}
