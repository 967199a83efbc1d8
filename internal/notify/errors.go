package notify

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// ErrPermanent marks a failure that retrying cannot fix. Test with errors.Is.
var ErrPermanent = errors.New("notify: permanent failure")

// Error is a failed send. It unwraps to ErrPermanent when Permanent is set,
// to a fault kind (Invalid, Forbidden, TooMany or Unavailable), and to the
// underlying error, if any.
type Error struct {
	Permanent bool
	// StatusCode is the HTTP status or SMTP reply code; 0 if none came back.
	StatusCode int
	// Kind is the provider's error name, e.g. Notify's "ValidationError".
	Kind    string
	Message string
	// RetryAfter is how long the server asked us to wait; 0 if it did not say.
	RetryAfter time.Duration
	Err        error
	kind       *fault.Kind
}

// Error describes the failure; it never includes credentials.
func (e *Error) Error() string {
	s := "notify"
	if e.StatusCode != 0 {
		s += fmt.Sprintf(": %d", e.StatusCode)
	}
	if e.Kind != "" {
		s += " " + e.Kind
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ErrPermanent (if permanent), the fault kind and the cause.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Permanent {
		errs = append(errs, ErrPermanent)
	}
	if e.kind != nil {
		errs = append(errs, e.kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// RetryAfter returns how long the server asked the caller to wait before
// trying again, if it said.
func RetryAfter(err error) (time.Duration, bool) {
	var e *Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		return e.RetryAfter, true
	}
	return 0, false
}

// httpPermanent says which HTTP statuses no retry can fix: every 4xx except
// 408 (timeout) and 429 (rate limit). 5xx are the server's trouble.
func httpPermanent(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}

func httpKind(status int) *fault.Kind {
	switch {
	case status == http.StatusTooManyRequests:
		return fault.TooMany
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fault.Forbidden
	case httpPermanent(status):
		return fault.Invalid
	}
	return fault.Unavailable
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// retryable wraps a transport failure (refused, reset, timeout) for retry.
func retryable(err error, msg string) error {
	return &Error{Message: msg, Err: err, kind: fault.Unavailable}
}
