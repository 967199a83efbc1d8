// Package account is staff sign-in on the browser side: the session cookie
// and the middleware that turns it into a principal, sign-in with a password
// and a TOTP code (or single sign-on through OpenID Connect), sign-out, and the
// administrator pages for people, teams, role grants and API tokens.
//
// Handlers are thin: every rule (lockout, rotation, who may grant what) is in
// auth.Service; this package parses forms, sets cookies and renders pages.
package account
