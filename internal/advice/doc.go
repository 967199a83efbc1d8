// Package advice answers a resident's question from the council's own
// published content by quoting it: each answer is one to three passages,
// verbatim, each with the page it comes from, or "I don't know". It never
// writes a sentence of its own, so it cannot say anything a source does not.
//
// Grounded checks a language model's answer the same way: every quotation
// must be in a source and every sentence must be made of a source's words,
// or the answer is refused.
package advice
