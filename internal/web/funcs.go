package web

import (
	"errors"
	"html/template"
	"maps"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// funcs are the template functions every page can use. Dates and times are
// written in UK time (Europe/London), whatever zone the value carries.
func (s *Server) funcs() template.FuncMap {
	m := template.FuncMap{
		"asset": s.assetURL,
		"dict":  dict,
		"list":  func(v ...any) []any { return v },
		"add":   func(a, b int) int { return a + b },
		"join":  strings.Join,
		"lower": strings.ToLower,
	}
	maps.Copy(m, s.langFuncs(lang.English))
	return m
}

// langFuncs are the template functions that speak a language: t writes a
// message from the catalogue (t "Continue"), date and datetime write a time
// in UK time with Welsh or English month names.
func (s *Server) langFuncs(l lang.Tag) template.FuncMap {
	return template.FuncMap{
		"t":        func(message string, args ...any) string { return Messages.Sprintf(l, message, args...) },
		"date":     func(t time.Time) string { return l.Format(t, lang.DateLayout) },
		"datetime": func(t time.Time) string { return l.Format(t, lang.DateTimeLayout) },
	}
}

// assetURL is the hashed URL of a static file; an unknown file is an error,
// so that a typo in a template fails the render (and the tests) loudly.
func (s *Server) assetURL(p string) (string, error) {
	if u := s.assets.url(p); u != "" {
		return u, nil
	}
	return "", errors.New("web: no static file " + p)
}

// AssetURL returns the content-hashed URL of a static file ("" if unknown).
func (s *Server) AssetURL(p string) string { return s.assets.url(p) }

// dict builds a map from key/value pairs, to pass several values to a partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, errors.New("dict: keys must be strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
