package open311

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

// Tokens turns an api_key into its principal; *auth.Service implements it.
type Tokens interface {
	// TokenPrincipal returns the API client holding the key, or fault.Unauthenticated.
	TokenPrincipal(ctx context.Context, bearer string) (access.Principal, error)
}

// Photos keeps an uploaded photo and returns a reference to it for a file
// answer (the lead wires blob storage here). Content has been sniffed first.
type Photos interface {
	PutPhoto(ctx context.Context, name, contentType string, data []byte) (service.FileRef, error)
}

// Tickets stores batch tokens (and FixMyStreet ids, so that a resend makes no
// second case); internal/store implements it with the API's idempotency table.
type Tickets interface {
	IdempotentRequest(ctx context.Context, key string) (fingerprint, ref string, err error)
	SaveIdempotentRequest(ctx context.Context, key, fingerprint, ref string, at time.Time) (string, string, error)
}

// Deps is what the Open311 endpoint needs, wired in cmd/guildhall.
type Deps struct {
	Cases    *cases.Service
	Services *service.Registry
	Tokens   Tokens
	Tickets  Tickets
	// Photos stores photoN uploads; when nil, uploads are refused with 400.
	Photos Photos
	// Uploads keeps the photos sent with an update (scanned, then cleaned);
	// when nil, an update's photos are refused with 400.
	Uploads *web.Uploads
	// BaseURL is the public URL of the site, for discovery.
	BaseURL string
	// Jurisdiction, when set, is the only jurisdiction_id accepted.
	Jurisdiction string
	// Contact is shown in discovery (an email address or page).
	Contact string
	// Changeset is when the service list last changed, for discovery.
	Changeset time.Time
	// Limiter limits each client (by api_key, else by address); nil means
	// 10 requests a second, bursts of 50.
	Limiter *web.Limiter
	Now     func() time.Time
	Logger  *slog.Logger
}

type handler struct{ Deps }

// Register mounts the Open311 GeoReport v2 routes on the server's API mux.
func Register(srv *web.Server, deps Deps) { Routes(srv.API(), deps) }

// Routes mounts the Open311 routes on mux.
func Routes(mux *http.ServeMux, deps Deps) {
	if deps.Limiter == nil {
		deps.Limiter = web.NewLimiter(10, 50, 0)
	}
	h := &handler{deps}
	for _, f := range []string{"xml", "json"} {
		mux.Handle("GET /open311/v2/discovery."+f, h.with(f, h.discovery))
		mux.Handle("GET /open311/v2/services."+f, h.with(f, h.serviceList))
		mux.Handle("GET /open311/v2/requests."+f, h.with(f, h.requestList))
		mux.Handle("POST /open311/v2/requests."+f, h.with(f, h.requestCreate))
		mux.Handle("GET /open311/v2/servicerequestupdates."+f, h.with(f, h.updateList))
		mux.Handle("POST /open311/v2/servicerequestupdates."+f, h.with(f, h.updateCreate))
	}
	mux.Handle("GET /open311/v2/services/{file}", h.suffixed("file", h.serviceDefinition))
	mux.Handle("GET /open311/v2/requests/{file}", h.suffixed("file", h.requestGet))
	mux.Handle("GET /open311/v2/tokens/{file}", h.suffixed("file", h.tokenGet))
	mux.Handle("/open311/v2/", h.with("xml", func(w http.ResponseWriter, r *http.Request, _ string) error {
		return errNotFound("no such Open311 resource (paths end in .xml or .json)")
	}))
}

func (h *handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}
