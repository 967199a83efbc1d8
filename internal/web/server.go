package web

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
)

// Config is what the web server needs to know, built once in cmd/guildhall.
type Config struct {
	// CouncilName is shown in the header, the footer and page titles.
	CouncilName string
	// CouncilNameCy is its name in Welsh, for Welsh pages and messages;
	// empty uses CouncilName.
	CouncilNameCy string
	// LogoURL is the council's logo, shown in the header; empty shows the name only.
	LogoURL string
	// Phase is the phase banner tag ("beta", "alpha"); empty hides the banner.
	Phase string
	// FeedbackURL is where the phase banner's feedback link goes.
	FeedbackURL string
	// BaseURL is the public URL of the site, e.g. https://services.example.gov.uk.
	BaseURL string
	// SecureCookies marks cookies Secure. NewServer sets it from BaseURL when
	// InsecureCookies is false: plain http://localhost or 127.0.0.1 gets insecure cookies.
	SecureCookies bool
	// InsecureCookies forces cookies without Secure (plain-http local development).
	InsecureCookies bool
	// MaxBodyBytes limits a request body (default 1 MiB); MaxUploadBytes limits
	// multipart bodies (default 25 MiB).
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// Ready reports whether the service can take traffic (database reachable); /readyz calls it.
	Ready func(ctx context.Context) error
	// Gauges are extra /metrics values, by metric name (e.g. guildhall_db_open_connections).
	Gauges map[string]func() float64
	// MaxInFlight sheds load: above this many requests in progress, new ones get 503 (0: no limit).
	MaxInFlight int
	// MaxReceiving caps the request bodies being received at once (default
	// eight times MaxInFlight, or 4096); above it new ones get 503. Each
	// costs at most 64 KiB of memory, the rest of a large body going to a
	// temporary file in SpoolDir (default os.TempDir()).
	MaxReceiving int
	SpoolDir     string
	// Timeouts, one per phase of a request. HeaderTimeout: the request line
	// and headers (default 5 s). BodyGrace and BodyMinRate: a body must
	// arrive at BodyMinRate bytes a second on average once BodyGrace has
	// passed (default 10 s and 1024), or it is cut off with 408.
	// ResponseTimeout: writing the answer, counted from when the body is in
	// (default 60 s). IdleTimeout: a keep-alive connection between requests
	// (default 2 minutes).
	HeaderTimeout   time.Duration
	BodyGrace       time.Duration
	BodyMinRate     float64
	ResponseTimeout time.Duration
	IdleTimeout     time.Duration
	// Shed, if set, is asked before each request; true answers 503 with Retry-After.
	Shed func(r *http.Request) bool
	// TrustedProxies are the reverse proxies (load balancers) whose
	// forwarding header is believed; empty believes none, and the client is
	// the peer address. See ClientIP.
	TrustedProxies []netip.Prefix
	// ProxyHeader is the header the trusted proxies write: HeaderXForwardedFor
	// (the default) or HeaderForwarded. Only one is read, because a proxy
	// passes the other on from the client unchanged, forgeries included.
	ProxyHeader string
	// MetricsToken is the bearer token /metrics requires on the site's own
	// address. Empty means the site does not serve /metrics at all; serve
	// MetricsHandler on a private address instead (--metrics-addr).
	MetricsToken string
	// Secret keys form tokens; empty means a random key per process.
	Secret []byte
	// FooterLinks replace the default accessibility, cookies and privacy links.
	FooterLinks []NavItem
}

// Server is Guildhall's HTTP server: two muxes, middleware, rendering and assets.
type Server struct {
	cfg     Config
	log     *slog.Logger
	browser *http.ServeMux
	api     *http.ServeMux
	root    *http.ServeMux
	assets  *assets
	base    *baseTemplates
	errors  *Renderer
	metrics *metrics
	csrf    *csrfGuard
	cop     *http.CrossOriginProtection
	flight  chan struct{}
	// receiving holds a token per request body being received.
	receiving chan struct{}
	uses      []func(http.Handler) http.Handler
	signOut   []func(http.ResponseWriter, *http.Request) error // OnSignOut
	// bilingual are the areas whose renderers speak the resident's
	// language (BilingualAreas), in the order made.
	bilingual []Area
}

// NewServer builds a server. It panics if the embedded layout or static files
// are broken: they are part of the binary, so that is a build defect that any
// test catches (like regexp.MustCompile).
func NewServer(cfg Config, logger *slog.Logger) *Server {
	cfg = withDefaults(cfg)
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{cfg: cfg, log: logger, browser: http.NewServeMux(), api: http.NewServeMux(), root: http.NewServeMux()}
	sub, err := fs.Sub(staticFS, "static")
	if err == nil {
		s.assets, err = loadAssets(sub)
	}
	if err == nil {
		s.base, err = parseBase(s)
	}
	if err == nil {
		s.errors, err = s.NewRenderer(Area{Bilingual: true}, templateFS, "templates/pages/*.html")
	}
	if err != nil {
		panic(err)
	}
	if cfg.MaxInFlight > 0 {
		s.flight = make(chan struct{}, cfg.MaxInFlight)
	}
	s.receiving = make(chan struct{}, cfg.MaxReceiving)
	s.metrics = newMetrics(s.gauges(cfg.Gauges))
	s.csrf = newCSRFGuard(cfg.Secret, cfg.SecureCookies)
	s.cop = http.NewCrossOriginProtection()
	s.cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.routes()
	return s
}

func withDefaults(cfg Config) Config {
	if cfg.CouncilName == "" {
		cfg.CouncilName = "Guildhall Borough Council"
	}
	if cfg.MaxReceiving <= 0 {
		cfg.MaxReceiving = 4096
		if cfg.MaxInFlight > 0 {
			cfg.MaxReceiving = 8 * cfg.MaxInFlight
		}
	}
	cfg.HeaderTimeout = cmp.Or(cfg.HeaderTimeout, 5*time.Second)
	cfg.BodyGrace = cmp.Or(cfg.BodyGrace, 10*time.Second)
	cfg.BodyMinRate = cmp.Or(cfg.BodyMinRate, 1024)
	cfg.ResponseTimeout = cmp.Or(cfg.ResponseTimeout, 60*time.Second)
	cfg.IdleTimeout = cmp.Or(cfg.IdleTimeout, 2*time.Minute)
	if cfg.ProxyHeader == "" {
		cfg.ProxyHeader = HeaderXForwardedFor
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 25 << 20
	}
	cfg.SecureCookies = !cfg.InsecureCookies && !plainLocal(cfg.BaseURL)
	if len(cfg.Secret) == 0 {
		cfg.Secret = make([]byte, 32)
		_, _ = rand.Read(cfg.Secret)
	}
	if cfg.FooterLinks == nil {
		cfg.FooterLinks = []NavItem{
			{Text: "Accessibility statement", Href: "/accessibility"},
			{Text: "Cookies", Href: "/cookies"},
			{Text: "Privacy", Href: "/privacy"},
			{Text: "Our performance", Href: "/performance"},
		}
	}
	return cfg
}

// plainLocal reports whether base is a plain-http URL, where Secure cookies
// would never be sent back. An empty BaseURL counts as secure (production default).
func plainLocal(base string) bool {
	u, err := url.Parse(base)
	return err == nil && u.Scheme == "http"
}

// Config returns the server's configuration, with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// CouncilName is the council's name in language l: its Welsh name, when
// configured, for Welsh pages and messages.
func (s *Server) CouncilName(l lang.Tag) string {
	if l == lang.Welsh && s.cfg.CouncilNameCy != "" {
		return s.cfg.CouncilNameCy
	}
	return s.cfg.CouncilName
}

// Logger returns the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// Browser is the mux for HTML pages (cross-origin protection, form tokens, CSP).
func (s *Server) Browser() *http.ServeMux { return s.browser }

// API is the mux for /api/, /open311/ and /scim/: JSON only, no cookies.
func (s *Server) API() *http.ServeMux { return s.api }

// routes mounts the muxes and the server's own endpoints on the root mux.
func (s *Server) routes() {
	browser := s.browserDefaults(s.browser)
	api := s.apiDefaults(s.api)
	s.root.Handle("/", browser)
	for _, p := range []string{"/api/", "/open311/", "/scim/"} {
		s.root.Handle(p, api)
		Handle(s.api, p, notFound)
	}
	// The least specific patterns: anything no area claims is the 404 page.
	Handle(s.browser, "/", notFound)
	s.root.Handle("GET "+assetPrefix, s.assets)
	s.root.HandleFunc("GET /healthz", s.healthz)
	s.root.HandleFunc("GET /readyz", s.readyz)
	if s.cfg.MetricsToken != "" {
		s.root.Handle("GET /metrics", s.metricsAuth(s.metrics))
	}
}

// MetricsHandler serves /metrics (and /healthz, /readyz) for a listener of
// its own, on an address only the monitoring system reaches. It asks for
// MetricsToken too when one is set.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metricsAuth(s.metrics))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	return mux
}

// metricsAuth requires "Authorization: Bearer MetricsToken" when a token is
// set, compared in constant time (of the hashes, so that the length of the
// token does not show either).
func (s *Server) metricsAuth(next http.Handler) http.Handler {
	if s.cfg.MetricsToken == "" {
		return next
	}
	want := sha256.Sum256([]byte(s.cfg.MetricsToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(bearer))
		if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "send the metrics token: Authorization: Bearer …", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Handler is the whole site wrapped in the server's middleware, outermost first:
// request id, access log and metrics, panic recovery, receiving the body
// (limited in size and pace), then load shedding: a request takes an
// in-flight slot only once its body is in.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.root
	for i := len(s.uses) - 1; i >= 0; i-- {
		h = s.uses[i](h)
	}
	h = s.language(h)
	h = s.shed(h)
	h = s.receive(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return s.requestID(h)
}

// Use adds middleware that runs inside the server's own (so it has the
// request id and its errors get the server's pages), before any route: the
// staff session middleware that puts the principal in the context goes here.
// Call it before Handler; the first added runs first.
func (s *Server) Use(mw func(http.Handler) http.Handler) { s.uses = append(s.uses, mw) }

// HandlerFunc is an HTTP handler that returns an error; Handle turns the error
// into a response with Error.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle registers h on mux for pattern, turning its errors into responses.
func (s *Server) Handle(mux *http.ServeMux, pattern string, h HandlerFunc) {
	Handle(mux, pattern, h)
}

// Handle registers h on mux for pattern, turning its errors into responses
// with Error. It works with any mux, but the error pages need the request to
// have come through a Server's Handler.
func Handle(mux *http.ServeMux, pattern string, h HandlerFunc) {
	mux.Handle(pattern, h)
}

// ServeHTTP makes a HandlerFunc an http.Handler.
func (h HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		Error(w, r, err)
	}
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return fault.New(fault.NotFound, "no route for %s %s", r.Method, r.URL.Path)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// HTTPServer is an http.Server for Handler with the timeouts of
// Config: headers within HeaderTimeout, keep-alives closed after
// IdleTimeout. There is no whole-request ReadTimeout or WriteTimeout: the
// body's pace and the response's deadline are set per request by receive,
// so a slow but steady upload is not cut off while a stalled one is.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.cfg.HeaderTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// gauges adds the server's own load figures to the configured gauges.
func (s *Server) gauges(extra map[string]func() float64) map[string]func() float64 {
	g := map[string]func() float64{
		"guildhall_http_in_flight":        func() float64 { return float64(len(s.flight)) },
		"guildhall_http_in_flight_limit":  func() float64 { return float64(cap(s.flight)) },
		"guildhall_http_bodies_receiving": func() float64 { return float64(len(s.receiving)) },
	}
	for k, v := range extra {
		g[k] = v
	}
	return g
}

// saturated says why the server cannot take more work now, or "".
func (s *Server) saturated() string {
	switch {
	case s.flight != nil && len(s.flight) >= cap(s.flight):
		return "saturated: all " + strconv.Itoa(cap(s.flight)) + " request slots are in use"
	case len(s.receiving) >= cap(s.receiving):
		return "saturated: " + strconv.Itoa(cap(s.receiving)) + " request bodies are being received"
	}
	return ""
}

// readyz answers whether this node can serve now: the database answers and
// it is not saturated. A load balancer sends new work elsewhere while it is
// 503; /healthz only says the process is alive.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if why := s.saturated(); why != "" {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("not ready: " + why + "\n"))
		return
	}
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
	}
	_, _ = w.Write([]byte("ready\n"))
}

// isAPIPath reports whether a path belongs to the API mux.
func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/open311/") || strings.HasPrefix(p, "/scim/")
}
