package records

import (
	"context"
	"errors"
	"strings"
)

// PersonLinks is what the single view links to a person: their people
// records, the cases those came from, and the documents filed as related
// to those cases.
type PersonLinks struct {
	Records   []string // people record keys
	Cases     []string // case references
	Documents []string // document ids
}

// SearchFunc runs the words of a saved search through the one
// access-filtered search of cases and of documents and returns what it
// finds, as HoldCase and HoldDocument targets. truncated is true when it
// found more than it could return: a hold then holds everything (see
// coverage.all), because holding too much is recoverable and disposing of
// held material is not.
type SearchFunc func(ctx context.Context, words string) (found []HoldTarget, truncated bool, err error)

// errNoSearch stops disposal when a saved-search hold is active and the
// platform gave no search to evaluate it with.
var errNoSearch = errors.New("records: a saved-search hold is active but no search is wired to evaluate it")

// coverage is what the active person and saved-search holds cover, worked
// out once for a page of the disposition list or a batch of disposals.
type coverage struct {
	by map[HoldTarget][]Hold
	// all are holds that cover everything (a search too broad to list).
	all []Hold
	// seen is the highest hold id when worked out: the store refuses a
	// disposal if a person or search hold newer than it is active, so one
	// placed meanwhile is never missed.
	seen int64
}

// coverage works out what the active person and saved-search holds cover now.
func (s *Service) coverage(ctx context.Context) (coverage, error) {
	holds, seen, err := s.Store.DynamicHolds(ctx)
	c := coverage{by: map[HoldTarget][]Hold{}, seen: seen}
	if err != nil {
		return c, err
	}
	for _, h := range holds {
		found, all, err := s.covered(ctx, h)
		if err != nil {
			return c, err
		}
		if all {
			c.all = append(c.all, h)
		}
		for _, t := range found {
			c.by[t] = append(c.by[t], h)
		}
	}
	return c, nil
}

// covered is what one dynamic hold covers.
func (s *Service) covered(ctx context.Context, h Hold) ([]HoldTarget, bool, error) {
	if h.Kind == HoldSearch {
		if s.Search == nil {
			return nil, false, errNoSearch
		}
		return s.Search(ctx, h.Target)
	}
	links, err := s.Store.PersonLinks(ctx, []string{h.Target})
	if err != nil {
		return nil, false, err
	}
	var out []HoldTarget
	for _, k := range links.Records {
		out = append(out, HoldTarget{HoldRecord, k})
	}
	for _, r := range links.Cases {
		out = append(out, HoldTarget{HoldCase, r})
	}
	for _, d := range links.Documents {
		out = append(out, HoldTarget{HoldDocument, d})
	}
	return out, false, nil
}

// holds are the dynamic holds covering the target.
func (c coverage) holds(t HoldTarget) []Hold {
	return append(append([]Hold(nil), c.all...), c.by[t]...)
}

// heldBy returns every active hold covering d: those that name it, its
// service or its class, and the person and saved-search holds that cover it.
func (s *Service) heldBy(ctx context.Context, d Due, c coverage) ([]Hold, error) {
	held, err := s.Store.ActiveHolds(ctx, targets(d))
	if err != nil {
		return nil, err
	}
	subject := HoldTarget{HoldCase, d.Subject}
	if d.Kind == KindDocument {
		subject.Kind = HoldDocument
	}
	return union(held, c.holds(subject)), nil
}

// union is a and b without repeating a hold.
func union(a, b []Hold) []Hold {
	seen := map[int64]bool{}
	var out []Hold
	for _, h := range append(a, b...) {
		if !seen[h.ID] {
			seen[h.ID] = true
			out = append(out, h)
		}
	}
	return out
}

// Covers says what a hold covers, for people: "case K7QD-M2XH", "person
// linked to record council-tax:10023", "saved search “Smith tree”".
func (h Hold) Covers() string {
	switch h.Kind {
	case HoldPerson:
		return "the person linked to record " + h.Target
	case HoldSearch:
		return "whatever a search for “" + h.Target + "” finds"
	case HoldService:
		return "every case of service " + h.Target
	case HoldClass:
		return "everything in file plan class " + h.Target
	}
	return h.Kind + " " + h.Target
}

// searchWords trims a saved search's words; they must hold a word.
func searchWords(s string) string { return strings.Join(strings.Fields(s), " ") }
