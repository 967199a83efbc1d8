// Package linkage finds records that refer to the same person (or any
// entity) with probabilistic record linkage in the Fellegi–Sunter model,
// estimating its parameters from the data without labels.
//
// # Using it
//
//	recs, _ := linkage.ReadCSV(file, "id")            // or build a Records
//	cfg, _ := linkage.ParseConfig(yamlBytes)           // or build a Settings
//	s, _ := cfg.Settings()
//	res, err := linkage.Dedupe(ctx, recs, s)           // one table
//	res, err := linkage.Link(ctx, left, right, s)      // two tables
//	res.Pairs     // pairs at or above Settings.Threshold, with weight and probability
//	res.Clusters  // an entity number per record
//	res.Model     // m, u, λ and weights per level; Model.Explain(i, j) says why
//
// Estimate fits a model without scoring; Model.Params can be stored and
// given back in Settings.Params (with Settings.Focus) to score changed
// records against their neighbours later, as the people register does.
//
// Errors for which IsInvalid is true come from bad settings or input.
// The package is pure: it imports nothing from the rest of Guildhall and
// does no I/O beyond ReadCSV.
//
// # How it works
//
//  1. Encode: every compared column is interned once; per distinct value it
//     keeps runes, word ids, parsed dates or postcode parts, so comparing
//     two records reads a few small arrays and allocates nothing.
//  2. Block: each BlockingRule groups records by a key (columns, prefixes,
//     Soundex). Rules are unioned: a pair is compared only by the first rule
//     that generates it. Each rule's pair count is reported (Settings.Blocked)
//     before any comparison.
//  3. Compare: worker goroutines (Settings.Workers, default all cores) take
//     blocks from a shared counter and reduce every candidate pair to its
//     comparison vector (the gamma pattern index). Pairs are never kept: the
//     first pass only counts vectors (and the rules generating them) for
//     estimation, the second weighs each pair as it is compared and keeps
//     those at or above the threshold, so memory does not grow with the
//     candidates. Blocks of more than Settings.MaxBlock records are not
//     compared, and are reported. Records are laid out in the block order
//     of the busiest rule, one row of ids per record, so blocks read
//     consecutive memory; character-histogram signatures reject dissimilar
//     values without running Jaro–Winkler or edit distances.
//  4. Estimate: u is estimated from random pairs (Level.URandom). m is
//     estimated by EM in one session per blocking rule over the pairs it
//     generates, u fixed and the rule's own columns left out, then averaged
//     (Splink's method; Settings.Estimation "candidates" instead runs one EM
//     for m, u and λ over all candidates). EM runs on the counts of distinct
//     comparison vectors, not on pairs, so millions of pairs take
//     milliseconds. λ is the share of all possible pairs that match. Levels
//     are conditionally independent given match status (Fellegi–Sunter).
//  5. Score: a pair's match weight is log2(λ/(1−λ)) plus log2(m/u) of each
//     field's level (0 for a missing value), plus, for term-frequency
//     comparisons agreeing exactly, log2(u_random_exact / tf(value)):
//     agreeing on a common surname counts for less than on a rare one.
//  6. Cluster: pairs at or above Settings.ClusterThreshold join clusters as
//     connected components; weaker matching pairs join two clusters only if
//     enough of the cross pairs match (Settings.ClusterDensity), so a chain
//     of weak links cannot merge different people.
//
// Comparison kinds (Kind) cover exact, Jaro–Winkler with nicknames,
// Levenshtein and Damerau distances, word-set similarity for addresses,
// dates tolerant of day/month swaps and typos, numbers and UK postcodes
// (sector, district, area).
package linkage
