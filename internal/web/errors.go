package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// RetryError is an error of Kind (fault.TooMany or fault.Unavailable) that
// tells the caller when to try again; Error sends After as Retry-After.
type RetryError struct {
	Kind  *fault.Kind
	After time.Duration
}

func (e *RetryError) Error() string { return e.Kind.Error() + ", retry after " + e.After.String() }

// Unwrap makes errors.Is(err, e.Kind) hold.
func (e *RetryError) Unwrap() error { return e.Kind }

// problem is an RFC 9457 problem details body.
type problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Incident string       `json:"incident,omitempty"`
	Errors   []FieldError `json:"errors,omitempty"`
}

// errorPage is the data of the error page templates.
type errorPage struct {
	Status   int
	Title    string
	Incident string
	Retry    int // seconds
}

// Error writes the response for err: the status its fault kind implies and a
// GOV.UK error page (browser) or an application/problem+json body (API).
// Internal errors (no kind) are logged with an incident id shown to the user,
// never their text: a client sees a safe message, the log gets the cause.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	ri := infoFrom(r.Context())
	status, title := statusOf(err)
	var incident string
	if status >= 500 && status != http.StatusServiceUnavailable {
		incident = newID()[:10]
		logger(ri).ErrorContext(r.Context(), "internal error", "incident", incident,
			"request_id", ri.id, "method", r.Method, "path", r.URL.Path, "err", err.Error())
	}
	var re *RetryError
	if errors.As(err, &re) {
		w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(re.After)))
	}
	w.Header().Set("Cache-Control", "no-store")
	if ri.api || ri.server == nil {
		writeProblem(w, r, err, status, title, incident)
		return
	}
	page := errorPage{Status: status, Title: title, Incident: incident}
	if re != nil {
		page.Retry = retrySeconds(re.After)
	}
	if rerr := ri.server.errors.Render(w, r, status, "error", page); rerr != nil {
		logger(ri).ErrorContext(r.Context(), "rendering error page", "err", rerr)
		http.Error(w, title, status)
	}
}

func retrySeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// statusOf maps an error to its status and a short title. Unknown is 500.
func statusOf(err error) (int, string) {
	var mbe *http.MaxBytesError
	if errors.Is(err, ErrTooLarge) || errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, "The file or form is too large"
	}
	if errors.Is(err, ErrBodyTimeout) {
		return http.StatusRequestTimeout, "The request was sent too slowly"
	}
	if errors.Is(err, ErrUnsupportedMediaType) {
		return http.StatusUnsupportedMediaType, "Unsupported media type"
	}
	switch fault.KindOf(err) {
	case fault.NotFound:
		return http.StatusNotFound, "Page not found"
	case fault.Invalid:
		if fieldErrorsOf(err) != nil {
			return http.StatusUnprocessableEntity, "There is a problem"
		}
		return http.StatusBadRequest, "There is a problem with your request"
	case fault.Conflict:
		return http.StatusConflict, "Somebody else changed this"
	case fault.Forbidden:
		return http.StatusForbidden, "You cannot do that"
	case fault.Unauthenticated:
		return http.StatusUnauthorized, "You need to sign in"
	case fault.Unavailable:
		return http.StatusServiceUnavailable, "Sorry, the service is unavailable"
	case fault.TooMany:
		return http.StatusTooManyRequests, "Too many requests"
	}
	return http.StatusInternalServerError, "Sorry, there is a problem with the service"
}

func writeProblem(w http.ResponseWriter, r *http.Request, err error, status int, title, incident string) {
	p := problem{Type: "about:blank", Title: title, Status: status, Instance: r.URL.Path, Incident: incident}
	if status < 500 {
		p.Detail = fault.Public(err) // never a cause's (driver's, database's) text
		p.Errors = fieldErrorsOf(err)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// FieldErrorer is implemented by errors that carry one message per form
// field; the problem body lists them and the title says "There is a problem".
type FieldErrorer interface {
	FieldErrors() []FieldError
}

// fieldErrorsOf returns the per-field errors in err's chain, or nil.
func fieldErrorsOf(err error) []FieldError {
	var fe FieldErrorer
	if errors.As(err, &fe) {
		return fe.FieldErrors()
	}
	return validationErrors(err)
}
