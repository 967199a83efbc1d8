package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// maxJSONBytes bounds a JSON request body.
const maxJSONBytes = 1 << 20

// errUnsupported is a body that is not JSON; respond turns it into 415.
var errUnsupported = fault.New(fault.Invalid, "request body must be JSON (Content-Type: application/json)")

// decode reads a JSON body strictly: one object, no unknown fields.
func decode(r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errUnsupported
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fault.Wrap(fault.Invalid, err, "malformed JSON body: "+jsonProblem(err))
	}
	if dec.More() {
		return fault.New(fault.Invalid, "malformed JSON body: more than one value")
	}
	return nil
}

// jsonProblem says what is wrong with the client's own JSON, in words safe
// to send back: where the syntax breaks, which field has the wrong type, or
// which field is not expected. Anything else gets a fixed sentence.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends before the JSON does"
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("field %q must be %s, not %s", typ.Field, typ.Type.Kind(), typ.Value)
	}
	// encoding/json reports an unexpected field only as text.
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "unknown field " + field
	}
	return "not the JSON this endpoint expects"
}

// write sends v as JSON with status.
func write(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// mediaError is a body of a type the route does not take: 415.
type mediaError string

// Error says what the body was.
func (e mediaError) Error() string { return string(e) }

// PublicMessage is the same text: it names only what the client sent.
func (e mediaError) PublicMessage() string { return string(e) }

// unsupported answers 415 for a body that is not JSON (or a file of a type
// not taken), as RFC 9457 problem details.
func unsupported(w http.ResponseWriter, r *http.Request, err error) bool {
	var me mediaError
	if !errors.Is(err, errUnsupported) && !errors.As(err, &me) {
		return false
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Accept-Post", "application/json")
	w.WriteHeader(http.StatusUnsupportedMediaType)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type": "about:blank", "title": "Unsupported Media Type", "status": http.StatusUnsupportedMediaType,
		"detail": fault.Public(err), "instance": r.URL.Path,
	})
	return true
}
