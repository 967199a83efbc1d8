package opendata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// CKAN's Action API: every answer is {help, success, result} or, on
// failure, {help, success: false, error: {__type, message}} with the
// status CKAN uses, so that ckanapi turns it into the same exception.

// ckanError is an action failing the way CKAN's do.
type ckanError struct {
	status int
	kind   string // CKAN's __type: "Not Found Error", "Validation Error" …
	msg    string
	fields map[string][]string // a Validation Error's field messages
}

func (e *ckanError) Error() string { return e.kind + ": " + e.msg }

func notFound(what string) *ckanError {
	return &ckanError{status: http.StatusNotFound, kind: "Not Found Error", msg: "Not found: " + what}
}

func invalid(field, msg string) *ckanError {
	return &ckanError{status: http.StatusConflict, kind: "Validation Error", msg: field + ": " + msg, fields: map[string][]string{field: {msg}}}
}

func searchError(msg string) *ckanError {
	return &ckanError{status: http.StatusConflict, kind: "Search Query Error", msg: "Search Query Error: " + msg}
}

type ckanFunc func(r *http.Request, p params) (any, error)

func (h *handler) ckanActions() map[string]ckanFunc {
	return map[string]ckanFunc{
		"status_show":       h.statusShow,
		"package_list":      h.packageList,
		"package_show":      h.packageShow,
		"package_search":    h.packageSearch,
		"organization_list": h.organizationList,
		"organization_show": h.organizationShow,
		"resource_show":     h.resourceShow,
		"datastore_search":  h.datastoreSearch,
		"help_show":         h.helpShow,
	}
}

// ckanAction runs /api/3/action/{action} for GET (query parameters) and
// POST (a JSON object), as CKAN does.
func (h *handler) ckanAction(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("action")
	help := h.base(r) + "/api/3/action/help_show?name=" + name
	fn, ok := h.ckanActions()[name]
	if !ok {
		writeCKAN(w, http.StatusBadRequest, help, nil, &ckanError{kind: "Bad request", msg: "Bad request - Action name not known: " + name})
		return
	}
	p, err := readParams(r)
	if err != nil {
		// The decoder's own text describes our parser, not the client's
		// mistake in words we chose: say what is wrong, not how it failed.
		writeCKAN(w, http.StatusBadRequest, help, nil, &ckanError{kind: "Bad request", msg: "Bad request - JSON Error: the request body must be one JSON object"})
		return
	}
	result, err := fn(r, p)
	if err != nil {
		var ce *ckanError
		switch {
		case errors.As(err, &ce):
		case errors.Is(err, fault.NotFound):
			ce = notFound(name)
		default:
			h.log().Error("CKAN action failed", "action", name, "err", err)
			ce = &ckanError{status: http.StatusInternalServerError, kind: "Internal Server Error", msg: "Internal Server Error"}
		}
		writeCKAN(w, ce.status, help, nil, ce)
		return
	}
	writeCKAN(w, http.StatusOK, help, result, nil)
}

func writeCKAN(w http.ResponseWriter, status int, help string, result any, e *ckanError) {
	body := map[string]any{"help": help, "success": e == nil}
	if e == nil {
		body["result"] = result
	} else {
		errObj := map[string]any{"__type": e.kind, "message": e.msg}
		for k, v := range e.fields {
			errObj[k] = v
		}
		body["error"] = errObj
	}
	b, err := json.Marshal(body)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"success":false,"error":{"__type":"Internal Server Error","message":"Internal Server Error"}}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// params are an action's arguments: from the query string (every value a
// string, as CKAN receives them) and from a JSON body (typed).
type params map[string]any

func readParams(r *http.Request) (params, error) {
	p := params{}
	for k, vs := range r.URL.Query() {
		if len(vs) == 1 {
			p[k] = vs[0]
		} else {
			p[k] = vs
		}
	}
	if r.Method != http.MethodPost {
		return p, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || len(strings.TrimSpace(string(body))) == 0 {
		return p, err
	}
	var fromBody map[string]any
	if err := json.Unmarshal(body, &fromBody); err != nil {
		return nil, err
	}
	for k, v := range fromBody {
		p[k] = v
	}
	return p, nil
}

// str is a parameter as text ("" when absent).
func (p params) str(k string) string {
	switch v := p[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []string:
		return strings.Join(v, " ")
	}
	return ""
}

// integer is a whole-number parameter in [0, limit], def when absent.
func (p params) integer(k string, def, limit int) (int, error) {
	if _, ok := p[k]; !ok || p.str(k) == "" {
		return def, nil
	}
	n, err := strconv.Atoi(p.str(k))
	if err != nil || n < 0 {
		return 0, invalid(k, "Invalid integer")
	}
	return min(n, limit), nil
}

// boolean reads true/false as CKAN accepts them ("true", "True", true, "1").
func (p params) boolean(k string) bool {
	switch strings.ToLower(p.str(k)) {
	case "true", "1", "yes", "on":
		return true
	}
	return false
}

// list reads a list parameter given as a JSON list, a JSON text of one, or
// comma-separated text.
func (p params) list(k string) []string {
	switch v := p[k].(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	case []string:
		return v
	case string:
		var l []string
		if json.Unmarshal([]byte(v), &l) == nil {
			return l
		}
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// object reads a JSON object parameter, given as one or as its JSON text.
func (p params) object(k string) (map[string]any, error) {
	switch v := p[k].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	case string:
		if v == "" {
			return nil, nil
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(v), &m); err != nil {
			return nil, invalid(k, "Not a JSON object")
		}
		return m, nil
	}
	return nil, invalid(k, "Not a JSON object")
}
