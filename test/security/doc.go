// Package security attacks a real guildhall serve from outside, started by
// test/internal/server exactly as an operator runs it: CSRF, session
// fixation, open redirects, path traversal, oversized and malformed bodies,
// header injection, overload and slow clients, and one regression test per
// finding of the penetration test, grouped in files named for
// their area (signin, audit, http, input, ...). It runs in CI as part of
// `make test`.
package security
