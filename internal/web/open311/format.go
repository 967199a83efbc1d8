package open311

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// handlerFunc is an Open311 handler: it knows the format asked for and
// returns an error that becomes the spec's error list.
type handlerFunc func(w http.ResponseWriter, r *http.Request, format string) error

// with serves f in one format, after the client's rate limit.
func (h *handler) with(format string, f handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h.limit(r)
		if err == nil {
			err = f(w, r, format)
		}
		if err != nil {
			h.writeError(w, r, format, err)
		}
	})
}

// limit takes a token from the client's bucket: its api_key (hashed, so
// keys are not held in memory) when it sends one, else its address.
func (h *handler) limit(r *http.Request) error {
	key := "ip:" + web.ClientIP(r)
	if k := r.URL.Query().Get("api_key"); k != "" {
		sum := sha256.Sum256([]byte(k))
		key = "key:" + hex.EncodeToString(sum[:8])
	}
	return h.Limiter.Check(key)
}

// suffixed serves a path whose last segment is "<id>.<format>".
func (h *handler) suffixed(name string, f func(w http.ResponseWriter, r *http.Request, format, id string) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, format, ok := cutFormat(r.PathValue(name))
		if !ok {
			h.writeError(w, r, "xml", errNotFound("unknown format: paths end in .xml or .json"))
			return
		}
		err := h.limit(r)
		if err == nil {
			err = f(w, r, format, id)
		}
		if err != nil {
			h.writeError(w, r, format, err)
		}
	})
}

func cutFormat(file string) (id, format string, ok bool) {
	i := strings.LastIndexByte(file, '.')
	if i <= 0 {
		return "", "", false
	}
	id, format = file[:i], file[i+1:]
	return id, format, format == "xml" || format == "json"
}

// apiError is one entry of the spec's error list, with its HTTP status.
type apiError struct {
	XMLName     xml.Name `xml:"error" json:"-"`
	Code        int      `xml:"code" json:"code"`
	Description string   `xml:"description" json:"description"`
}

// statusError carries an Open311 status and descriptions.
type statusError struct {
	status int
	descs  []string
}

// Error lists the descriptions.
func (e *statusError) Error() string { return strings.Join(e.descs, "; ") }

func errBadRequest(descs ...string) error { return &statusError{http.StatusBadRequest, descs} }
func errForbidden(desc string) error      { return &statusError{http.StatusForbidden, []string{desc}} }
func errNotFound(desc string) error       { return &statusError{http.StatusNotFound, []string{desc}} }

// writeError writes err as the spec's error list: 400 bad input, 403 bad
// api_key, 404 unknown resource, 500 anything else (logged, not shown).
func (h *handler) writeError(w http.ResponseWriter, r *http.Request, format string, err error) {
	status, descs := http.StatusInternalServerError, []string{"Internal error"}
	var se *statusError
	var re *web.RetryError
	switch {
	case errors.As(err, &re) && errors.Is(err, fault.TooMany):
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(re.After.Seconds())))))
		status, descs = http.StatusTooManyRequests, []string{"Too many requests: try again later"}
	case errors.As(err, &se):
		status, descs = se.status, se.descs
	case errors.Is(err, fault.NotFound):
		status, descs = http.StatusNotFound, []string{publicOr(err, "Not found")}
	case errors.Is(err, fault.Unauthenticated), errors.Is(err, fault.Forbidden):
		status, descs = http.StatusForbidden, []string{"Invalid api_key"}
	case errors.Is(err, fault.Invalid):
		status, descs = http.StatusBadRequest, []string{publicOr(err, "Bad request")}
	default:
		h.logger().ErrorContext(r.Context(), "open311 internal error", "path", r.URL.Path, "err", err)
	}
	list := make([]apiError, len(descs))
	for i, d := range descs {
		list[i] = apiError{Code: status, Description: d}
	}
	_ = writeList(w, format, status, "errors", list)
}

// writeList writes items as a JSON array or an XML element root holding one
// element per item (each item names its own element).
func writeList[T any](w http.ResponseWriter, format string, status int, root string, items []T) error {
	if format == "json" {
		if items == nil {
			items = []T{}
		}
		return writeJSON(w, status, items)
	}
	return writeXML(w, status, func(enc *xml.Encoder) error {
		start := xml.StartElement{Name: xml.Name{Local: root}}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, it := range items {
			if err := enc.Encode(it); err != nil {
				return err
			}
		}
		return enc.EncodeToken(start.End())
	})
}

// writeObject writes one object (discovery, service definition).
func writeObject(w http.ResponseWriter, format string, status int, v any) error {
	if format == "json" {
		return writeJSON(w, status, v)
	}
	return writeXML(w, status, func(enc *xml.Encoder) error { return enc.Encode(v) })
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

func writeXML(w http.ResponseWriter, status int, body func(*xml.Encoder) error) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	enc := xml.NewEncoder(&b)
	if err := body(enc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write([]byte(b.String()))
	return err
}

// publicOr is err's public message (fault.Public: never a cause's text), or
// fallback when it has none.
func publicOr(err error, fallback string) string {
	if m := fault.Public(err); m != "" {
		return m
	}
	return fallback
}
