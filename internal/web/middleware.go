package web

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(idEncoding.EncodeToString(b))
}

// requestID gives every request an id, echoed in X-Request-Id and every log line.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := &reqInfo{id: newID(), server: s, api: isAPIPath(r.URL.Path),
			client: clientAddr(r, s.cfg.TrustedProxies, s.cfg.ProxyHeader)}
		w.Header().Set("X-Request-Id", ri.id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), infoKey, ri)))
	})
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe writes the access log line and the per-route metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		took := time.Since(start)
		ri := infoFrom(r.Context())
		route := ri.route
		if route == "" {
			route = routeOf(r)
		}
		s.metrics.observe(route, r.Method, sw.status, took)
		s.log.LogAttrs(r.Context(), levelFor(sw.status), "http request",
			slogString("request_id", ri.id), slogString("method", r.Method),
			slogString("path", r.URL.Path), slogString("route", route),
			slogInt("status", sw.status), slogInt64("bytes", sw.bytes),
			slogDuration("duration", took), slogString("remote", ri.client))
	})
}

// routeOf names the routes the server serves itself, for metrics.
func routeOf(r *http.Request) string {
	switch {
	case strings.HasPrefix(r.URL.Path, assetPrefix):
		return "GET /assets/"
	case r.Pattern != "":
		return r.Pattern
	}
	return "unmatched"
}

// recoverPanics turns a panic into the 500 page with an incident id in the log.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			Error(w, r, err)
		}()
		next.ServeHTTP(w, r)
	})
}

// shed answers 503 when too many requests are in progress or Config.Shed says so.
func (s *Server) shed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if exempt(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if s.cfg.Shed != nil && s.cfg.Shed(r) {
			Error(w, r, &RetryError{Kind: fault.Unavailable, After: 5 * time.Second})
			return
		}
		if s.flight != nil {
			select {
			case s.flight <- struct{}{}:
				defer func() { <-s.flight }()
			default:
				Error(w, r, &RetryError{Kind: fault.Unavailable, After: 2 * time.Second})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// exempt paths are never shed: probes and metrics must answer under load.
func exempt(p string) bool {
	return p == "/healthz" || p == "/readyz" || p == "/metrics"
}

// ErrTooLarge is returned when a request body is over the limit (413).
var ErrTooLarge = errors.New("request body too large")

// ErrUnsupportedMediaType is a request body in a format the route does not
// take (415), such as a form-encoded body sent to the JSON API.
var ErrUnsupportedMediaType = errors.New("request body must be JSON (Content-Type: application/json)")

// recordRoute copies the pattern a mux matched into the request info, for
// metrics and logs: the mux sets r.Pattern on the request it was given.
func recordRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		if _, pattern := mux.Handler(r); pattern != "" {
			ri.route = pattern
		}
		mux.ServeHTTP(w, r)
	})
}

// browserDefaults wraps the browser mux: security headers, cross-origin
// protection and the form token.
func (s *Server) browserDefaults(mux *http.ServeMux) http.Handler {
	h := recordRoute(mux)
	h = s.csrf.protect(h)
	h = s.cop.Handler(h)
	return securityHeaders(h, s.cfg.SecureCookies)
}

// ContentSecurityPolicy is sent with every HTML page: no inline script or style.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// AllowFormAction lets this page's forms lead to origins besides the site
// itself (form-action governs where a submitted form may be redirected
// too): the exceptions are a form that hands the resident to a payment
// provider and "Sign out", which leads through GOV.UK One Login's sign-out.
// Call it before the page is written.
func AllowFormAction(w http.ResponseWriter, origins ...string) {
	if len(origins) == 0 {
		return
	}
	w.Header().Set("Content-Security-Policy", strings.Replace(ContentSecurityPolicy,
		"form-action 'self'", "form-action 'self' "+strings.Join(origins, " "), 1))
}

// AllowMap lets this page show map tiles from tilesOrigin and ask for the
// browser's location, which "Use my location" needs and every other page is
// denied. Call it before the page is written.
func AllowMap(w http.ResponseWriter, tilesOrigin string) {
	AllowTiles(w, tilesOrigin)
	h := w.Header()
	h.Set("Permissions-Policy", strings.Replace(h.Get("Permissions-Policy"), "geolocation=()", "geolocation=(self)", 1))
}

// AllowTiles lets this page show map tiles from tilesOrigin, the one origin
// besides the site's own that img-src allows: a map that only shows places
// has no need of the browser's location. Call it before the page is written.
func AllowTiles(w http.ResponseWriter, tilesOrigin string) {
	if tilesOrigin != "" {
		h := w.Header()
		h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"),
			"img-src 'self' data:", "img-src 'self' data: "+tilesOrigin, 1))
	}
}

// securityHeaders sets the browser protections on every page; hsts (the
// site is served over https) adds Strict-Transport-Security, so a browser
// never again tries the site over plain http (wapiti flagged its absence).
func securityHeaders(next http.Handler, hsts bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// apiDefaults wraps the API mux: JSON only (form-encoded bodies are refused
// with 415, which also defeats cross-site form posts), nosniff, and no
// caching. Open311 is exempt: GeoReport v2 is form-encoded by specification,
// and every Open311 write carries an api_key in its body, which a cross-site
// form cannot know.
func (s *Server) apiDefaults(mux *http.ServeMux) http.Handler {
	h := recordRoute(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		if hasBody(r) && !jsonContent(r.Header.Get("Content-Type")) && !strings.HasPrefix(r.URL.Path, "/open311/") && !isUploadPath(r.URL.Path) {
			Error(w, r, ErrUnsupportedMediaType)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isUploadPath reports whether p takes file uploads (multipart or a raw body
// with the file's Content-Type): the API's attachment collections, and the
// records documents collection (a JSON metadata part beside the file).
func isUploadPath(p string) bool {
	return strings.HasPrefix(p, "/api/") && strings.HasSuffix(p, "/attachments") || p == "/api/v1/records/documents"
}

func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}

func jsonContent(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	Error(w, r, fault.New(fault.Forbidden, "cross-origin request refused"))
}
