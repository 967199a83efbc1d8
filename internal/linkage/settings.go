package linkage

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
)

// Kind names a way of comparing one field of two records.
type Kind string

// The comparison kinds. Every kind has a "null" level (either value
// missing, weight 0), an "else" level (no similarity) and an "exact" level;
// the kinds differ in the graded levels between.
const (
	// Exact has only the exact and else levels.
	Exact Kind = "exact"
	// JaroWinkler adds one level per similarity threshold (descending),
	// and a nickname level (Bill/William) when Comparison.Nicknames is set.
	JaroWinkler Kind = "jaro_winkler"
	// Levenshtein adds one level per maximum edit distance (ascending).
	Levenshtein Kind = "levenshtein"
	// Damerau is Levenshtein that also counts an adjacent transposition as one edit.
	Damerau Kind = "damerau"
	// TokenSet compares sets of words (addresses): one level per Dice
	// similarity threshold, where words within Jaro–Winkler 0.9 count as equal.
	TokenSet Kind = "token_set"
	// Date compares dates: exact, day/month swapped, one typo, within
	// Thresholds[0] days (default 365), else.
	Date Kind = "date"
	// Numeric adds one level per maximum absolute difference (ascending).
	Numeric Kind = "numeric"
	// Postcode compares UK postcodes: exact, same sector, same district, same area, else.
	Postcode Kind = "postcode"
)

// Comparison declares how one column contributes to the match weight.
type Comparison struct {
	// Name labels the comparison in output; it defaults to Column.
	Name string
	// Column is the input column compared.
	Column string
	// Kind selects the levels; see the Kind constants.
	Kind Kind
	// Thresholds grade the levels between exact and else; their meaning depends on Kind.
	Thresholds []float64
	// TermFrequency adjusts the exact level by how common the value is:
	// agreeing on "smith" counts for less than agreeing on "oyelaran".
	TermFrequency bool
	// Nicknames adds a level for known name variants (Jon/John, Bill/William).
	Nicknames bool
}

// KeyPart is one part of a blocking key: a column, optionally reduced.
type KeyPart struct {
	// Column is the input column.
	Column string
	// Prefix, when positive, keeps only the first Prefix characters.
	Prefix int
	// Soundex replaces the value by its Soundex code.
	Soundex bool
}

// BlockingRule generates candidate pairs: two records are compared when
// every part of the key is present and equal in both.
type BlockingRule struct {
	// Name labels the rule in reports; it defaults to the parts joined by " & ".
	Name string
	// Parts make up the key.
	Parts []KeyPart
}

// Settings configure a linkage run. Zero values take the documented defaults.
type Settings struct {
	// Comparisons are the fields compared; at least one is required.
	Comparisons []Comparison
	// Blocking rules are unioned; a pair found by several rules is compared once.
	Blocking []BlockingRule
	// Threshold is the match probability at which a pair is reported (default 0.5).
	Threshold float64
	// ClusterThreshold is the probability at which a single pair may join
	// two clusters; weaker pairs join clusters only when dense (default 0.99).
	ClusterThreshold float64
	// ClusterDensity is the share of cross pairs at or above Threshold that
	// two clusters joined by weak pairs must have (default 0.6).
	ClusterDensity float64
	// Estimation is EstimateSessions (default) or EstimateCandidates.
	Estimation string
	// EMIterations bounds expectation–maximisation (default 100).
	EMIterations int
	// USamples is the number of random pairs used to estimate u (default 1,000,000).
	USamples int
	// MaxPairs stops a run whose blocking would generate more candidate pairs (default 2e9).
	MaxPairs int64
	// MaxBlock is the most records one block may hold (default 5,000): a
	// larger block is not compared at all and is reported in
	// RuleStats.Capped. It bounds the pairs, time and memory a single
	// common key (a placeholder date, a shared email) can cost.
	MaxBlock int
	// Params, when set, are the parameters of an earlier estimate
	// (Model.Params): no estimation is done and pairs are compared once.
	Params *Params
	// Focus, when positive (deduplicating only), compares only pairs in
	// which at least one record is among the first Focus records: how new
	// or changed records are linked to the others without comparing the
	// others among themselves. Use it with Params; estimating on such a
	// subset would be biased.
	Focus int
	// Workers is the number of scoring goroutines (default GOMAXPROCS).
	Workers int
	// Seed makes random sampling reproducible.
	Seed uint64
	// Progress, if set, is called from one goroutine about ten times a
	// second while candidate pairs are compared, and once at the end.
	Progress func(done, total int64)
	// Blocked, if set, is called with the pair counts of each rule before scoring.
	Blocked func([]RuleStats)
}

// Estimation methods.
const (
	// EstimateSessions runs one EM session per blocking rule over the pairs
	// it generates, u fixed from random sampling, the rule's own columns
	// left out; m is averaged over sessions and λ is the share of all
	// possible pairs that match (Splink's method).
	EstimateSessions = "sessions"
	// EstimateCandidates runs one EM over all candidate pairs estimating
	// m, u and λ among them: a two-class mixture on the blocked pairs.
	EstimateCandidates = "candidates"
)

// DefaultMaxBlock is Settings.MaxBlock when unset: a block of 5,000
// records holds 12.5 million pairs, about a second of one core.
const DefaultMaxBlock = 5000

// errSettings marks invalid settings; callers may map it to an "invalid" kind.
var errSettings = errors.New("linkage: invalid settings")

func (s Settings) withDefaults() Settings {
	out := s
	if out.Threshold == 0 {
		out.Threshold = 0.5
	}
	if out.ClusterThreshold == 0 {
		out.ClusterThreshold = 0.99
	}
	if out.ClusterDensity == 0 {
		out.ClusterDensity = 0.6
	}
	if out.EMIterations == 0 {
		out.EMIterations = 100
	}
	if out.USamples == 0 {
		out.USamples = 1_000_000
	}
	if out.MaxPairs == 0 {
		out.MaxPairs = 2_000_000_000
	}
	if out.MaxBlock <= 0 {
		out.MaxBlock = DefaultMaxBlock
	}
	if out.Workers <= 0 {
		out.Workers = runtime.GOMAXPROCS(0)
	}
	for i := range out.Comparisons {
		if out.Comparisons[i].Name == "" {
			out.Comparisons[i].Name = out.Comparisons[i].Column
		}
	}
	return out
}

var kinds = []Kind{Exact, JaroWinkler, Levenshtein, Damerau, TokenSet, Date, Numeric, Postcode}

// Validate reports the first problem with s against the given columns,
// wrapping an error for which IsInvalid reports true.
func (s *Settings) Validate(columns []string) error {
	if len(s.Comparisons) == 0 {
		return fmt.Errorf("%w: no comparisons", errSettings)
	}
	if len(s.Blocking) == 0 {
		return fmt.Errorf("%w: no blocking rules (comparing all pairs does not scale)", errSettings)
	}
	for _, c := range s.Comparisons {
		if !slices.Contains(kinds, c.Kind) {
			return fmt.Errorf("%w: comparison %q: unknown kind %q", errSettings, c.Column, c.Kind)
		}
		if !slices.Contains(columns, c.Column) {
			return fmt.Errorf("%w: comparison column %q not in input", errSettings, c.Column)
		}
	}
	for _, r := range s.Blocking {
		if len(r.Parts) == 0 || len(r.Parts) > maxParts {
			return fmt.Errorf("%w: a blocking rule needs 1 to %d parts", errSettings, maxParts)
		}
		for _, p := range r.Parts {
			if !slices.Contains(columns, p.Column) {
				return fmt.Errorf("%w: blocking column %q not in input", errSettings, p.Column)
			}
		}
	}
	if len(s.Blocking) > maxRules {
		return fmt.Errorf("%w: at most %d blocking rules", errSettings, maxRules)
	}
	if s.Estimation != "" && s.Estimation != EstimateSessions && s.Estimation != EstimateCandidates {
		return fmt.Errorf("%w: estimation %q: want %q or %q", errSettings, s.Estimation, EstimateSessions, EstimateCandidates)
	}
	if s.Threshold < 0 || s.Threshold >= 1 {
		return fmt.Errorf("%w: threshold %v outside [0,1)", errSettings, s.Threshold)
	}
	return nil
}

// IsInvalid reports whether err came from invalid settings or configuration.
func IsInvalid(err error) bool { return errors.Is(err, errSettings) }
