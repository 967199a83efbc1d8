// Package security holds attack tests run against a real guildhall serve:
// CSRF, session fixation, open redirects, path traversal, oversized and
// malformed bodies, header injection, overload and slow clients.
package security
