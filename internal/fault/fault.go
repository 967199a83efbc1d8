// Package fault holds the few error kinds every Guildhall package shares.
//
// Domain packages wrap their errors so that errors.Is(err, fault.NotFound)
// (and so on) holds; the web layer maps each kind to a response in one place.
// An error of no kind is an internal error: 500, never 400.
//
// An error has two faces. Error() is the whole chain, causes included, for
// the log. Public(err) is only the message written for the caller: what was
// given to New or Wrap, never a wrapped cause's text (a driver's or the
// database's words). Only Public ever reaches a client.
package fault

import (
	"errors"
	"fmt"
)

// Kind is a class of error that implies a response.
type Kind struct{ name string }

func (k *Kind) Error() string { return k.name }

// The kinds. Compare with errors.Is.
var (
	// NotFound implies 404. Also used when a caller may not learn that a thing exists.
	NotFound = &Kind{"not found"}
	// Invalid implies 400/422: the input is wrong and the caller can fix it.
	Invalid = &Kind{"invalid"}
	// Conflict implies 409: the thing changed under the caller, or already exists.
	Conflict = &Kind{"conflict"}
	// Forbidden implies 403: the caller is known but may not do this.
	Forbidden = &Kind{"forbidden"}
	// Unauthenticated implies 401: the caller must sign in.
	Unauthenticated = &Kind{"unauthenticated"}
	// Unavailable implies 503: try again later (overload, shutting down).
	Unavailable = &Kind{"unavailable"}
	// TooMany implies 429: the caller has exceeded a rate limit.
	TooMany = &Kind{"too many requests"}
)

type wrapped struct {
	kind *Kind
	msg  string
	err  error
}

func (w *wrapped) Error() string {
	if w.err != nil && w.msg != "" {
		return w.msg + ": " + w.err.Error()
	}
	if w.err != nil {
		return w.err.Error()
	}
	return w.msg
}

func (w *wrapped) Unwrap() []error {
	if w.err != nil {
		return []error{w.kind, w.err}
	}
	return []error{w.kind}
}

// PublicMessage is the caller-safe message: msg alone, never the cause.
func (w *wrapped) PublicMessage() string { return w.msg }

// New returns an error of kind k with a message formatted as by fmt.Sprintf.
// The message is public: write it for the caller.
func New(k *Kind, format string, args ...any) error {
	return &wrapped{kind: k, msg: fmt.Sprintf(format, args...)}
}

// Wrap marks err as being of kind k, keeping err in the chain for the log.
// publicMsg is what a caller may be shown; err's own text never is.
func Wrap(k *Kind, err error, publicMsg string) error {
	if err == nil {
		return nil
	}
	return &wrapped{kind: k, msg: publicMsg, err: err}
}

// Publicer is implemented by errors that carry a message safe to show a
// caller (field-error lists, for example); Public uses it.
type Publicer interface {
	PublicMessage() string
}

// Public returns the message of err that may be shown to a client: the
// outermost public message in its chain (from New, Wrap or a Publicer).
// Text added by fmt.Errorf and the text of causes are never included. It is
// "" for an error that carries no public message, such as an internal error:
// the caller then shows only the generic title of the error's kind.
func Public(err error) string {
	for err != nil {
		if p, ok := err.(Publicer); ok {
			if m := p.PublicMessage(); m != "" {
				return m
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if _, isKind := e.(*Kind); isKind {
					continue
				}
				if m := Public(e); m != "" {
					return m
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}

// KindOf returns the kind of err, or nil if it has none (an internal error).
func KindOf(err error) *Kind {
	for _, k := range []*Kind{NotFound, Invalid, Conflict, Forbidden, Unauthenticated, Unavailable, TooMany} {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}
