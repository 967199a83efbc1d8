package integrations

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

//go:embed templates
var templateFS embed.FS

// Paths of the pages.
const (
	PathWebhooks    = "/admin/webhooks"
	PathDeadLetters = "/admin/dead-letters"
)

// Outbox is the part of the outbox the dead-letter page needs; *store.Store
// implements it.
type Outbox interface {
	DeadLetters(ctx context.Context, limit int) ([]jobs.Message, error)
	Replay(ctx context.Context, id string, at time.Time) error
}

// Auditor appends audit entries; *store.Store implements it.
type Auditor interface {
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Deps is what the pages need, wired in cmd/guildhall.
type Deps struct {
	Webhooks *webhooks.Registry
	Outbox   Outbox
	// Audit records who registered, changed or deleted an endpoint and who
	// replayed a message.
	Audit  Auditor
	Now    func() time.Time
	Logger *slog.Logger
}

type handler struct {
	Deps
	render *web.Renderer
}

// Register adds the pages to srv's browser mux, for administrators with a
// second factor only. Call it after account.Register (which installs the
// session middleware).
func Register(srv *web.Server, deps Deps) (err error) {
	h := &handler{Deps: deps}
	area := web.Area{ServiceName: "Administration", ServiceURL: PathWebhooks, Nav: web.AdminNav()}
	if h.render, err = srv.NewRenderer(area, templateFS, "templates/pages/*.html"); err != nil {
		return err
	}
	h.routes(srv.Browser())
	return nil
}

func (h *handler) routes(mux *http.ServeMux) {
	admin := func(pattern string, f web.HandlerFunc) { mux.Handle(pattern, web.RequireAdmin(f)) }
	admin("GET "+PathWebhooks, h.webhooksGet)
	admin("POST "+PathWebhooks, h.webhooksPost)
	admin("POST "+PathWebhooks+"/{id}/pause", h.webhookActive(false))
	admin("POST "+PathWebhooks+"/{id}/resume", h.webhookActive(true))
	admin("POST "+PathWebhooks+"/{id}/delete", h.webhookDelete)
	admin("GET "+PathDeadLetters, h.deadLettersGet)
	admin("POST "+PathDeadLetters+"/{id}/replay", h.deadLetterReplay)
}

func (h *handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// audit records an administrator's action; a failure fails the request, so
// that no change goes unrecorded.
func (h *handler) audit(r *http.Request, action, subject string, detail map[string]any) error {
	if h.Audit == nil {
		return nil
	}
	p := web.PrincipalFrom(r.Context())
	return h.Audit.AppendAudit(r.Context(), audit.Entry{At: h.now().UTC(), Actor: p.UserID, Action: action,
		Subject: subject, Classification: "OFFICIAL", Detail: audit.Detail(detail)})
}
