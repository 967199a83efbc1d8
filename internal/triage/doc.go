// Package triage proposes which council service a resident needs from what
// they wrote in their own words, English or Welsh, or says it does not know.
//
// The model is a multinomial logistic regression over word, word-pair and
// character n-gram features, small enough to train in well under a second
// from the service definitions (names, summaries, keywords, examples), a list
// of background topics no service handles, and officers' corrections. It runs
// in the binary on the CPU: no text leaves the machine. Evaluate measures it
// against a separate set of phrasings (evaluation.tsv) that training never sees.
//
// The package is pure: it imports only internal/service.
package triage
