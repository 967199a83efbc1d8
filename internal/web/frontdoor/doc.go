// Package frontdoor is the residents' front door: find a service, answer its
// questions one thing per page, check the answers, get a reference, and track
// the request later with the reference and an email address or phone number.
//
// Pages are generated from each public service definition. Answers in
// progress are kept server-side (a DraftStore) against a browser session
// cookie, so the back button and change links never lose data; the draft id
// is the submission's idempotency key, so a refresh, a double click or a
// replayed final POST makes exactly one case. A signed-in officer can fill in
// any public service on a resident's behalf (assisted digital): the case is
// recorded with ChannelAssisted and the officer's id.
//
// Every page works without JavaScript. Routes are in routes.go; each action
// has its own file.
package frontdoor
