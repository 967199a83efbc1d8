package people

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// PersonView is what one officer may see of a person: the golden record
// built from the records they may see, those records, the cases, and the
// possible matches with other persons.
type PersonView struct {
	ID      int64
	Person  Person
	Records []Record
	// Cases are newest first.
	Cases       []cases.Case
	Suggestions []SuggestionView
	// Restricted is set when processing of some of the person's records is
	// restricted (UK GDPR Art. 18): the viewer sees the notice, and only
	// information governance sees the records themselves.
	Restricted bool
}

// SuggestionView is a possible match from this person's record to another
// person's record.
type SuggestionView struct {
	Suggestion
	// Mine is this person's record; Other is the other person's.
	Mine, Other Record
	OtherPerson int64
}

// Person returns what p may see of person id. A person none of whose
// records p may see is fault.NotFound, as for one that does not exist.
func (s *Service) Person(ctx context.Context, p access.Principal, id int64) (PersonView, error) {
	if p.Kind != access.KindStaff {
		return PersonView{}, fault.New(fault.NotFound, "person %d", id)
	}
	recs, err := s.Store.RecordsOfPersons(ctx, []int64{id})
	if err != nil {
		return PersonView{}, err
	}
	acc, err := s.visible(ctx, p, access.ActionFind, recs)
	if err != nil {
		return PersonView{}, err
	}
	if len(acc.records) == 0 && len(acc.withheld) == 0 {
		return PersonView{}, fault.New(fault.NotFound, "person %d", id)
	}
	shownRestricted := slices.ContainsFunc(acc.records, func(r Record) bool { return r.RestrictedBy != "" })
	restricted := len(acc.withheld) > 0 || shownRestricted
	if len(acc.records) == 0 {
		return PersonView{ID: id, Restricted: true}, nil
	}
	v := PersonView{ID: id, Person: Survive(id, acc.records, s.Trust, s.now()), Records: acc.records, Cases: newestFirst(acc.cases), Restricted: restricted}
	sort.SliceStable(v.Records, func(i, j int) bool { return v.Records[i].ObservedAt.After(v.Records[j].ObservedAt) })
	var others map[string]cases.Case
	v.Suggestions, others, err = s.suggestionsFor(ctx, p, acc.records)
	if err != nil {
		return v, err
	}
	// Seeing a person's data drawn from an OFFICIAL-SENSITIVE case (a
	// subject access applicant's) is a view of that case: it is audited.
	return v, s.auditView(ctx, p, id, v.Cases, suggested(v.Suggestions, others), shownRestricted)
}

func newestFirst(m map[string]cases.Case) []cases.Case {
	out := make([]cases.Case, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SubmittedAt.After(out[j].SubmittedAt) })
	return out
}

// suggestionsFor lists the possible matches of mine whose other record p may
// also see.
// It also returns the cases the other records came from.
func (s *Service) suggestionsFor(ctx context.Context, p access.Principal, mine []Record) ([]SuggestionView, map[string]cases.Case, error) {
	byKey := map[string]Record{}
	keys := make([]string, len(mine))
	for i, r := range mine {
		byKey[r.Key], keys[i] = r, r.Key
	}
	sugs, err := s.Store.Suggestions(ctx, keys)
	if err != nil || len(sugs) == 0 {
		return nil, nil, err
	}
	var otherIDs []int64
	for _, sg := range sugs {
		otherIDs = append(otherIDs, sg.LeftPerson, sg.RightPerson)
	}
	others, err := s.Store.RecordsOfPersons(ctx, otherIDs)
	if err != nil {
		return nil, nil, err
	}
	acc, err := s.visible(ctx, p, access.ActionFind, others)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]Record{}
	for _, r := range acc.records {
		seen[r.Key] = r
	}
	var out []SuggestionView
	for _, sg := range sugs {
		v := SuggestionView{Suggestion: sg}
		m, left := byKey[sg.LeftKey]
		o, ok := seen[sg.RightKey]
		v.OtherPerson = sg.RightPerson
		if !left {
			m, left = byKey[sg.RightKey]
			o, ok = seen[sg.LeftKey]
			v.OtherPerson = sg.LeftPerson
		}
		if left && ok && m.PersonID != o.PersonID {
			v.Mine, v.Other = m, o
			out = append(out, v)
		}
	}
	return out, acc.cases, nil
}

// SearchQuery is what an officer searches people by; at least one part is
// needed.
type SearchQuery struct {
	Name        string // "Smith" or "Jane Smith"
	DateOfBirth string // YYYY-MM-DD
	Postcode    string
}

// SearchResult is one person found, as the searcher may see them.
type SearchResult struct {
	ID     int64
	Person Person
	// Cases is how many cases of theirs the searcher may find.
	Cases int
	// Restricted: processing of the person's records is restricted (UK
	// GDPR Art. 18). When the searcher may not see them, Person is empty
	// and only this notice is shown.
	Restricted bool
}

// searchLimit bounds how many matching records a search reads.
const searchLimit = 200

// Search finds the persons with a record p may see that matches q. Errors:
// fault.Invalid when q is empty or its postcode is not one.
func (s *Service) Search(ctx context.Context, p access.Principal, q SearchQuery) ([]SearchResult, error) {
	if p.Kind != access.KindStaff {
		return nil, nil
	}
	sq, err := storeQuery(q)
	if err != nil {
		return nil, err
	}
	hits, err := s.Store.FindRecords(ctx, sq)
	if err != nil {
		return nil, err
	}
	acc, err := s.visible(ctx, p, access.ActionFind, hits)
	if err != nil {
		return nil, err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range append(acc.records, acc.withheld...) {
		if r.PersonID != 0 && !seen[r.PersonID] {
			seen[r.PersonID] = true
			ids = append(ids, r.PersonID)
		}
	}
	return s.results(ctx, p, ids)
}

// results builds each person's golden record from the records p may see.
func (s *Service) results(ctx context.Context, p access.Principal, ids []int64) ([]SearchResult, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := s.Store.RecordsOfPersons(ctx, ids)
	if err != nil {
		return nil, err
	}
	acc, err := s.visible(ctx, p, access.ActionFind, recs)
	if err != nil {
		return nil, err
	}
	if err := s.auditSearch(ctx, p, acc); err != nil {
		return nil, err
	}
	byPerson := map[int64][]Record{}
	restricted := map[int64]bool{}
	for _, r := range acc.records {
		byPerson[r.PersonID] = append(byPerson[r.PersonID], r)
		restricted[r.PersonID] = restricted[r.PersonID] || r.RestrictedBy != ""
	}
	for _, r := range acc.withheld {
		restricted[r.PersonID] = true
	}
	out := make([]SearchResult, 0, len(ids))
	for _, id := range ids {
		rs := byPerson[id]
		if len(rs) == 0 {
			out = append(out, SearchResult{ID: id, Restricted: true})
			continue
		}
		n := 0
		for _, r := range rs {
			if r.CaseRef != "" {
				n++
			}
		}
		out = append(out, SearchResult{ID: id, Person: Survive(id, rs, s.Trust, s.now()), Cases: n, Restricted: restricted[id]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Person.Name() < out[j].Person.Name() })
	return out, nil
}

func storeQuery(q SearchQuery) (Query, error) {
	given, family := SplitName(strings.ToLower(strings.TrimSpace(q.Name)))
	sq := Query{FamilyName: family, GivenName: given, DateOfBirth: strings.TrimSpace(q.DateOfBirth), Limit: searchLimit}
	if pc := strings.TrimSpace(q.Postcode); pc != "" {
		norm, ok := NormalisePostcode(pc)
		if !ok {
			return sq, fault.New(fault.Invalid, "postcode %q is not a UK postcode", pc)
		}
		sq.Postcode = norm
	}
	if sq.FamilyName == "" && sq.DateOfBirth == "" && sq.Postcode == "" {
		return sq, fault.New(fault.Invalid, "enter a name, a date of birth or a postcode")
	}
	return sq, nil
}

// PropertyView is a property and the cases at it that the viewer may find.
type PropertyView struct {
	Property Property
	// InGazetteer is false for a UPRN that cases name but the gazetteer lacks.
	InGazetteer bool
	Cases       []cases.Case
}

// Property returns a property and every case at its UPRN p may find, newest
// first. An unknown UPRN with no case p may find is fault.NotFound.
func (s *Service) Property(ctx context.Context, p access.Principal, uprn string) (PropertyView, error) {
	if p.Kind != access.KindStaff || !digits(uprn, 12) {
		return PropertyView{}, fault.New(fault.NotFound, "property %s", uprn)
	}
	v := PropertyView{Property: Property{UPRN: uprn}, InGazetteer: true}
	prop, err := s.Store.Property(ctx, uprn)
	switch {
	case err == nil:
		v.Property = prop
	case errors.Is(err, fault.NotFound):
		v.InGazetteer = false
	default:
		return v, err
	}
	refs, err := s.Store.CaseRefsAt(ctx, uprn)
	if err != nil {
		return v, err
	}
	allowed, err := s.allowedCases(ctx, p, access.ActionFind, refs)
	if err != nil {
		return v, err
	}
	m := map[string]cases.Case{}
	for _, c := range allowed {
		m[c.Ref] = c.Case
	}
	v.Cases = newestFirst(m)
	if !v.InGazetteer && len(v.Cases) == 0 {
		return v, fault.New(fault.NotFound, "property %s", uprn)
	}
	return v, nil
}

// SamePersonOpenCases lists the open cases, other than ref, whose
// applicant the linkage found to be the same person as ref's applicant,
// newest first: possible duplicates for an officer routing ref, found
// even when the two are worded differently. Only cases p may find are
// listed. A case the link job has not reached yet (it runs every 30
// seconds) has none, as has a case with no named applicant.
func (s *Service) SamePersonOpenCases(ctx context.Context, p access.Principal, ref string) ([]cases.Case, error) {
	id, err := s.Store.PersonOfRecord(ctx, SourceCase+":"+ref)
	if errors.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	recs, err := s.Store.RecordsOfPersons(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	acc, err := s.visible(ctx, p, access.ActionFind, recs)
	if err != nil {
		return nil, err
	}
	var out []cases.Case
	for _, c := range newestFirst(acc.cases) {
		if c.Ref != ref && c.ClosedAt == nil {
			out = append(out, c)
		}
	}
	return out, nil
}
