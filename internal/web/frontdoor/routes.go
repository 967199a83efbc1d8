package frontdoor

import (
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Deps are what the front door needs, wired in cmd/guildhall.
type Deps struct {
	Services *service.Registry
	Cases    *cases.Service
	Drafts   DraftStore
	Blobs    Blobs
	// Scanner checks uploads for malware when set (clamd); Audit records
	// the infected files it refuses.
	Scanner web.Scanner
	Audit   web.AuditRecorder
	// Residents signs residents in to their optional accounts; nil offers
	// no accounts.
	Residents *auth.Residents
	// OneLogin offers residents GOV.UK One Login beside the emailed link;
	// nil offers the link only.
	OneLogin *auth.OneLogin
	// Addresses finds addresses by postcode; nil means residents type them.
	Addresses AddressLookup
	// Places finds the place of a location question: search by postcode or
	// street, and the chosen point snapped to street and property; nil
	// leaves the question to a description and coordinates.
	Places PlaceFinder
	// Map is the tile source of the location question's map (no URL, no map).
	Map MapTiles
	// Areas are the council's area and its neighbours': a point outside
	// the council's is not taken, and the resident is told whom to contact.
	// nil takes any point.
	Areas  *geo.Areas
	Logger *slog.Logger
	// FormLimit limits form posts per client IP (default 2 a second, bursts of 30);
	// TrackLimit limits "track my request" look-ups (default 1 every 6 seconds, bursts of 10).
	FormLimit  *web.Limiter
	TrackLimit *web.Limiter
	// Pay takes fees through GOV.UK Pay and Payments records them; a
	// service with a payment: block is not offered without both.
	Pay      PaymentGateway
	Payments cases.PaymentStore
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// handler holds the front door's dependencies and renderer.
type handler struct {
	Deps
	srv *web.Server
	rd  *web.Renderer
}

// Register adds the front door's pages to srv's browser mux. It fails if a
// template is broken.
func Register(srv *web.Server, deps Deps) error {
	if deps.Services == nil || deps.Cases == nil || deps.Drafts == nil {
		return fmt.Errorf("frontdoor: Services, Cases and Drafts are required")
	}
	h := &handler{Deps: deps, srv: srv}
	h.defaults()
	nav := []web.NavItem{{Text: "Find a service", Href: "/"}, {Text: "Track a request", Href: "/track"}}
	if deps.Residents != nil {
		nav = append(nav, web.NavItem{Text: "Your requests", Href: pathYourAccount})
	}
	rd, err := srv.NewRenderer(web.Area{ServiceName: "Council services", ServiceURL: "/", Nav: nav, Bilingual: true, LangSwitch: true}, templates, "templates/*.html")
	if err != nil {
		return err
	}
	h.rd = rd
	h.routes(srv.Browser())
	srv.OnSignOut(h.signedOut)
	return nil
}

func (h *handler) defaults() {
	if h.Logger == nil {
		h.Logger = slog.Default()
	}
	if h.FormLimit == nil {
		h.FormLimit = web.NewLimiter(2, 30, 0)
	}
	if h.TrackLimit == nil {
		h.TrackLimit = web.NewLimiter(1.0/6, 10, 0)
	}
	if h.Now == nil {
		h.Now = time.Now
	}
}

func (h *handler) routes(mux *http.ServeMux) {
	handle := func(pattern string, f web.HandlerFunc) { web.Handle(mux, pattern, f) }
	limited := func(l *web.Limiter, f web.HandlerFunc) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			if err := l.Check(web.ClientIP(r)); err != nil {
				return err
			}
			return f(w, r)
		}
	}
	handle("GET /{$}", h.home)
	handle("GET /search", h.search)
	handle("GET /services/{service}", h.serviceStart)
	handle("GET /services/{service}/questions/{page}", h.unlessPaid(h.questionGet))
	handle("POST /services/{service}/questions/{page}", limited(h.FormLimit, h.unlessPaid(h.questionPost)))
	handle("GET /services/{service}/questions/{page}/items/{n}", h.unlessPaid(h.itemGet))
	handle("POST /services/{service}/questions/{page}/items/{n}", limited(h.FormLimit, h.unlessPaid(h.itemPost)))
	handle("GET /services/{service}/questions/{page}/items/{n}/remove", h.unlessPaid(h.removeGet))
	handle("POST /services/{service}/questions/{page}/items/{n}/remove", limited(h.FormLimit, h.unlessPaid(h.removePost)))
	handle("GET /services/{service}/check-answers", h.checkGet)
	handle("POST /services/{service}/check-answers", limited(h.FormLimit, h.checkPost))
	handle("GET /services/{service}/confirmation", h.confirmation)
	handle("GET /services/{service}/payment/return", h.paymentReturn)
	handle("GET /services/{service}/pay", h.payGet)
	handle("POST /services/{service}/pay", limited(h.FormLimit, h.payPost))
	handle("GET /services/{service}/save", h.saveGet)
	handle("POST /services/{service}/save", limited(h.TrackLimit, h.savePost))
	handle("GET /services/{service}/resume/{token}", h.resumeGet)
	handle("POST /services/{service}/resume/{token}", limited(h.TrackLimit, h.resumePost))
	handle("GET /feedback/{token}", h.feedbackGet)
	handle("POST /feedback/{token}", limited(h.FormLimit, h.feedbackPost))
	if h.Residents != nil {
		handle("GET "+pathYourAccount, h.resident(h.yourAccount))
		handle("GET "+pathSignIn, h.signInGet)
		handle("POST "+pathSignIn, limited(h.TrackLimit, h.signInPost))
		handle("GET "+pathSignIn+"/{token}", h.signInLinkGet)
		handle("POST "+pathSignIn+"/{token}", limited(h.TrackLimit, h.signInLinkPost))
		handle("POST "+pathSignOut, h.signOutResident)
		handle("GET "+PathSignedOut, h.signedOutGet)
		handle("POST /your-account/forms/{id}/continue", h.resident(h.formContinue))
		handle("POST /your-account/forms/{id}/delete", h.resident(h.formDelete))
		if h.OneLogin != nil {
			handle("GET "+pathOneLogin, h.oneLoginStart)
			handle("GET "+PathOneLoginCallback, limited(h.TrackLimit, h.oneLoginCallback))
		}
		handle("GET "+requestUpdatePath("{ref}"), h.resident(h.requestUpdateGet))
		handle("POST "+requestUpdatePath("{ref}"), limited(h.FormLimit, h.resident(h.requestUpdatePost)))
		handle("GET "+pathDelete, h.resident(h.deleteGet))
		handle("POST "+pathDelete, h.resident(h.deletePost))
	}
	handle("GET "+PathReportsNear, h.reportsNearGet)
	handle("GET "+cases.ReportPath("{ref}"), h.reportGet) // the link followers are sent
	handle("GET "+cases.ReportPhotoPath("{ref}", "{key}"), h.reportPhotoGet)
	// Following sends a message to the address given: limited as tracking is.
	handle("POST "+cases.ReportPath("{ref}")+"/follow", limited(h.TrackLimit, h.followPost))
	handle("GET /services/{service}/already-reported", h.alreadyReportedGet)
	handle("GET /track", h.trackGet)
	handle("POST /track", limited(h.TrackLimit, h.trackPost))
	handle("GET /accessibility", h.info("accessibility"))
	handle("GET /cookies", h.info("cookies"))
	handle("GET /privacy", h.info("privacy"))
}

// Paths of a service's pages.
func startPath(id string) string          { return "/services/" + id }
func questionPath(id, page string) string { return "/services/" + id + "/questions/" + page }
func checkPath(id string) string          { return "/services/" + id + "/check-answers" }
func confirmationPath(id string) string   { return "/services/" + id + "/confirmation" }
