package advice

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/advice"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Paths of the area.
const (
	PathAsk          = "/ask"
	PathTransparency = "/ai"
	pathChoose       = "/ask/choose"
	PathRoute        = "/workspace/route"
	pathSuggest      = "/workspace/route/suggest"
	pathLog          = "/workspace/ai-log"
	PathDraft        = "/workspace/draft"
	pathDraftSend    = "/workspace/draft/send"
	pathDraftDiscard = "/workspace/draft/discard"
	pathExamples     = "/workspace/ai-examples"
	pathSwitches     = "/workspace/ai-switches"
	pathCaseView     = "/workspace/cases/"
)

// Log is where suggestions and decisions are recorded (the store).
type Log interface {
	LogSuggestion(ctx context.Context, r triage.Record) (int64, error)
	DecideSuggestion(ctx context.Context, id int64, feature, chosen, actor string) error
	RecordCorrection(ctx context.Context, c triage.Correction) error
	AISuggestions(ctx context.Context, limit int) ([]triage.Record, error)
	TriageCorrections(ctx context.Context, before int64, limit int) ([]triage.Correction, error)
	DeleteCorrection(ctx context.Context, id int64, e audit.Entry) error
}

// Cases reads cases for an officer, deciding access.
type Cases interface {
	Get(ctx context.Context, p access.Principal, ref string) (cases.Case, error)
	Find(ctx context.Context, p access.Principal, f cases.Filter) (cases.Page, error)
}

// Generate asks a language model for an answer in language l from the
// quoted passages; it returns advice.ErrUngrounded when the answer strays
// from them.
type Generate func(ctx context.Context, l lang.Tag, question string, quotes []advice.Passage) (string, error)

// Deps are what the area needs, wired in cmd/guildhall. A nil Triage turns
// the service suggestions off, a nil Advice the quoted answers, a nil
// Generate the language model.
type Deps struct {
	Services *service.Registry
	Triage   *triage.Trainer
	Advice   func() *advice.Index
	Generate Generate
	Log      Log
	Cases    Cases
	// GeneralEnquiryURL is where a resident goes when no service fits
	// (the list of services when empty).
	GeneralEnquiryURL string
	Logger            *slog.Logger
	// Transparency is the algorithmic transparency record (nil: no page).
	Transparency func() triage.ATRS
	// AskLimit limits "Tell us what you need" posts per client IP.
	AskLimit *web.Limiter
	// Drafter drafts replies for officers with the language model; nil
	// leaves the draft pages out.
	Drafter Drafter
	// On says whether an AI feature may be used with a service (nil: every
	// feature with every service).
	On func(feature, serviceID string) bool
	// SamePerson lists the open cases whose applicant the single view
	// links to the same person as a case's (nil: none are listed).
	SamePerson func(ctx context.Context, p access.Principal, ref string) ([]cases.Case, error)
	// Switches are the administrators' per-service switches (nil: no page).
	Switches Switches
}

type handler struct {
	Deps
	public, staff, admin *web.Renderer
}

// Register adds the pages to srv's browser mux. It fails without Services
// and Log, or when a template is broken.
func Register(srv *web.Server, deps Deps) error {
	if deps.Services == nil || deps.Log == nil {
		return errors.New("advice: Services and Log are required")
	}
	h := &handler{Deps: deps}
	if err := h.renderers(srv); err != nil {
		return err
	}
	if h.Logger == nil {
		h.Logger = slog.Default()
	}
	if h.On == nil {
		h.On = func(string, string) bool { return true }
	}
	if h.AskLimit == nil {
		h.AskLimit = web.NewLimiter(1, 20, 0)
	}
	h.routes(srv.Browser())
	return nil
}

func (h *handler) renderers(srv *web.Server) (err error) {
	h.public, err = srv.NewRenderer(publicArea, templateFS, "templates/ask*.html")
	if err != nil {
		return err
	}
	h.staff, err = srv.NewRenderer(web.Area{ServiceName: "Staff workspace", ServiceURL: "/workspace",
		Nav: []web.NavItem{{Text: "Cases", Href: "/workspace/queue"}, {Text: "Route an enquiry", Href: PathRoute}}},
		templateFS, "templates/route*.html", "templates/log.html")
	if err != nil {
		return err
	}
	h.admin, err = srv.NewRenderer(web.Area{ServiceName: "Administration", ServiceURL: pathSwitches, Nav: web.AdminNav()},
		templateFS, "templates/route_examples.html", "templates/route_switches.html")
	return err
}

func (h *handler) routes(mux *http.ServeMux) {
	handle := func(pattern string, f web.HandlerFunc) { web.Handle(mux, pattern, f) }
	staff := func(pattern string, f web.HandlerFunc) { mux.Handle(pattern, web.RequireStaff(officersOnly(f))) }
	handle("GET "+PathAsk, h.askGet)
	handle("POST "+PathAsk, h.limited(h.askPost))
	handle("POST "+pathChoose, h.limited(h.askChoose))
	handle("GET "+PathTransparency, h.transparencyGet)
	handle("GET "+PathTransparency+"/atrs.md", h.transparencyRecord)
	staff("GET "+PathRoute, h.routeGet)
	staff("POST "+PathRoute, h.routePost)
	staff("POST "+pathSuggest, h.routeSuggestPost)
	staff("GET "+pathLog, h.logGet)
	staff("GET "+pathExamples, administratorsOnly(h.examplesGet))
	staff("POST "+pathExamples+"/{id}/delete", administratorsOnly(h.exampleDelete))
	if h.Switches != nil {
		staff("GET "+pathSwitches, administratorsOnly(h.switchesGet))
		staff("POST "+pathSwitches+"/{service}", administratorsOnly(h.switchesPost))
	}
	if h.Drafter != nil {
		staff("GET "+PathDraft, h.draftGet)
		staff("POST "+PathDraft, h.draftPost)
		staff("POST "+pathDraftSend, h.draftSend)
		staff("POST "+pathDraftDiscard, h.draftDiscard)
	}
}

func (h *handler) limited(f web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := h.AskLimit.Check(web.ClientIP(r)); err != nil {
			return err
		}
		return f(w, r)
	}
}

func principal(r *http.Request) access.Principal { return web.PrincipalFrom(r.Context()) }

func (h *handler) catalog() *service.Catalog { return h.Services.Load() }
