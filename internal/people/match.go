package people

import (
	"context"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// FuzzyThreshold is the word similarity (linkage.WordSimilarity) above
// which a typed address matches a gazetteer address in its postcode, when
// their house and flat numbers agree and no other address comes as close.
const FuzzyThreshold = 0.8

// How a typed address was matched to a UPRN.
const (
	MatchGiven = "given" // the address already carried a UPRN
	MatchExact = "exact" // normalised text equal within the postcode
	MatchFuzzy = "fuzzy" // similar words, same numbers, within the postcode
)

// Match is the outcome of matching a typed address to the gazetteer.
type Match struct {
	UPRN  string
	How   string
	Score float64
}

// MatchAddress finds the UPRN of a typed address among the properties at its
// postcode: an exact match of the normalised text first, then the most
// similar address whose numbers agree, if it is clearly the best. ok is false
// when nothing matches; that is not an error.
func MatchAddress(a Address, candidates []Property) (Match, bool) {
	if a.UPRN != "" {
		return Match{UPRN: a.UPRN, How: MatchGiven, Score: 1}, true
	}
	typed := NormaliseAddressLine(a.Line1 + ", " + a.Line2)
	if typed == "" {
		return Match{}, false
	}
	typedNums := numbers(typed)
	slices.Sort(typedNums)
	var best, second float64
	var bestUPRN string
	for _, p := range candidates {
		text, mine := p.matchText(), withoutLocality(typed, p)
		if text == mine {
			return Match{UPRN: p.UPRN, How: MatchExact, Score: 1}, true
		}
		nums := numbers(text)
		slices.Sort(nums)
		if !slices.Equal(nums, typedNums) {
			continue
		}
		score := linkage.WordSimilarity(mine, text)
		if score > best {
			best, second, bestUPRN = score, best, p.UPRN
		} else if score > second {
			second = score
		}
	}
	if best >= FuzzyThreshold && best > second {
		return Match{UPRN: bestUPRN, How: MatchFuzzy, Score: best}, true
	}
	return Match{}, false
}

// withoutLocality drops the property's locality and town from the end of a
// typed line: residents often put them in line 2.
func withoutLocality(typed string, p Property) string {
	for _, suffix := range []string{p.Town, p.Locality} {
		if suffix == "" {
			continue
		}
		typed = strings.TrimSpace(strings.TrimSuffix(typed, NormaliseAddressLine(suffix)))
	}
	return typed
}

// Gazetteer is what address matching and lookup need from storage.
type Gazetteer interface {
	// PropertiesByPostcode returns the properties at a normalised postcode,
	// historical ones excluded, in address order.
	PropertiesByPostcode(ctx context.Context, postcode string) ([]Property, error)
}

// Matcher matches typed addresses to UPRNs using a Gazetteer.
type Matcher struct{ Gazetteer Gazetteer }

// Match normalises a's postcode and matches a within it.
func (m Matcher) Match(ctx context.Context, a Address) (Match, bool, error) {
	if a.UPRN != "" {
		return Match{UPRN: a.UPRN, How: MatchGiven, Score: 1}, true, nil
	}
	pc, ok := NormalisePostcode(a.Postcode)
	if !ok || m.Gazetteer == nil {
		return Match{}, false, nil
	}
	props, err := m.Gazetteer.PropertiesByPostcode(ctx, pc)
	if err != nil {
		return Match{}, false, err
	}
	got, ok := MatchAddress(a, props)
	return got, ok, nil
}
