package web

import (
	"context"
	"errors"
	"net/http"
)

// sessionIDKey carries the signed-in session's opaque id in a context.
type sessionIDKey struct{}

// WithSessionID returns ctx carrying id, an opaque, stable name of the
// signed-in browser session (the staff session middleware sets the hash of
// the session token). Work that must end with the session, such as an
// officer's front-door drafts, is keyed by it.
func WithSessionID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, sessionIDKey{}, id)
}

// SessionID returns the signed-in session's id in ctx, or "".
func SessionID(ctx context.Context) string {
	id, _ := ctx.Value(sessionIDKey{}).(string)
	return id
}

// OnSignOut adds f to what signing out does: an area that keeps state for a
// browser session (front-door drafts and their confirmation pages) deletes
// it and clears its cookies, so the next person at the same browser finds
// nothing. f sees the request with the ending session's SessionID.
func (s *Server) OnSignOut(f func(w http.ResponseWriter, r *http.Request) error) {
	s.signOut = append(s.signOut, f)
}

// SignedOut runs every OnSignOut function (all of them, even if one fails)
// and returns their errors joined. The sign-out page calls it.
func (s *Server) SignedOut(w http.ResponseWriter, r *http.Request) error {
	var errs []error
	for _, f := range s.signOut {
		errs = append(errs, f(w, r))
	}
	return errors.Join(errs...)
}
