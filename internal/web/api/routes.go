package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Tokens turns a bearer token into its principal; *auth.Service implements it.
type Tokens interface {
	// TokenPrincipal returns the API client holding bearer, or fault.Unauthenticated.
	TokenPrincipal(ctx context.Context, bearer string) (access.Principal, error)
}

// Idempotency remembers which request body first used an Idempotency-Key;
// internal/store implements it.
type Idempotency interface {
	// IdempotentRequest returns the fingerprint and case reference stored for
	// key, or fault.NotFound.
	IdempotentRequest(ctx context.Context, key string) (fingerprint, ref string, err error)
	// SaveIdempotentRequest stores key's fingerprint and case reference unless
	// key is already stored, and returns what is stored.
	SaveIdempotentRequest(ctx context.Context, key, fingerprint, ref string, at time.Time) (storedFingerprint, storedRef string, err error)
}

// Deps is what the API needs, wired in cmd/guildhall.
type Deps struct {
	Cases       *cases.Service
	Services    *service.Registry
	Tokens      Tokens
	Idempotency Idempotency
	// Blobs keeps attachments; when nil, uploads are 503 and files 404.
	Blobs Blobs
	// Uploads scans attachments for malware (its Scan alone: the API checks
	// names and types itself); nil scans nothing.
	Uploads *web.Uploads
	// Limiter limits each token; nil means 10 requests a second, bursts of 50.
	Limiter *web.Limiter
	Now     func() time.Time
	Logger  *slog.Logger
}

type handler struct{ Deps }

// Register mounts every /api/v1 route on the server's API mux.
func Register(srv *web.Server, deps Deps) {
	Routes(srv.API(), deps)
}

// Routes mounts every /api/v1 route on mux; Register uses it, and tests use
// it to list the routes.
func Routes(mux *http.ServeMux, deps Deps) {
	if deps.Limiter == nil {
		deps.Limiter = web.NewLimiter(10, 50, 0)
	}
	h := &handler{deps}
	for _, r := range h.routes() {
		mux.Handle(r.pattern, r.handler)
	}
}

type route struct {
	pattern string
	handler http.Handler
}

// routes is the whole API surface on one screen, so a reviewer sees it at once.
func (h *handler) routes() []route {
	authed := func(f web.HandlerFunc) http.Handler { return h.authenticate(f) }
	writes := func(f web.HandlerFunc) http.Handler { return h.authenticate(mayWrite(f)) }
	return []route{
		{"GET /api/v1/openapi.json", web.HandlerFunc(serveOpenAPI)},
		{"GET /api/v1/services", authed(h.serviceList)},
		{"GET /api/v1/services/{id}", authed(h.serviceGet)},
		{"POST /api/v1/cases", writes(h.caseSubmit)},
		{"GET /api/v1/cases", authed(h.caseList)},
		{"GET /api/v1/cases/{ref}", authed(h.caseGet)},
		{"GET /api/v1/cases/{ref}/events", authed(h.caseEvents)},
		{"GET /api/v1/cases/{ref}/transitions", authed(h.caseTransitions)},
		{"POST /api/v1/cases/{ref}/transitions", writes(h.caseTransition)},
		{"POST /api/v1/cases/{ref}/notes", writes(h.caseNote)},
		{"GET /api/v1/cases/{ref}/attachments", authed(h.attachmentList)},
		{"POST /api/v1/cases/{ref}/attachments", writes(h.attachmentUpload)},
		{"GET /api/v1/cases/{ref}/attachments/{key}", authed(h.attachmentGet)},
	}
}

// RoutePatterns lists the patterns Routes registers, for the OpenAPI test.
func RoutePatterns() []string {
	var out []string
	for _, r := range (&handler{}).routes() {
		out = append(out, r.pattern)
	}
	return out
}

func (h *handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}
