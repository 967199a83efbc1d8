// Package web is Guildhall's HTTP foundation: the server, middleware, error
// pages, the GOV.UK Design System layout and components, and static assets.
//
// # Two muxes
//
// A Server has two muxes with different security defaults (docs/architecture.md).
// Browser() is for HTML pages: cross-origin protection (net/http's
// CrossOriginProtection) plus a form token tied to a cookie, a strict
// Content-Security-Policy with no inline script, nosniff, Referrer-Policy and
// Permissions-Policy. API() is mounted at /api/, /open311/ and /scim/: JSON
// only, no cookies set. Handler() wraps both in request ids, an access log,
// panic recovery, receiving the body in full (size limit, minimum pace)
// before load shedding takes an in-flight slot, and per-route metrics, and
// serves /healthz (alive), /readyz (able to serve: database up, not
// saturated), /assets/ and, only with Config.MetricsToken, /metrics
// (MetricsHandler serves it on a separate listener). The client's address,
// for limits, logs and audit, believes a proxy header only from
// Config.TrustedProxies (ClientIP).
//
// # Handlers return errors
//
//	srv.Handle(srv.Browser(), "GET /things/{id}", func(w http.ResponseWriter, r *http.Request) error {
//		thing, err := things.Get(r.Context(), r.PathValue("id"))
//		if err != nil {
//			return err // fault.NotFound becomes the 404 page; anything unknown a 500 with an incident id
//		}
//		return rd.Render(w, r, http.StatusOK, "thing", thingPage{Thing: thing})
//	})
//
// Error (one function) maps fault kinds to a status and either a GOV.UK
// error page (browser) or an RFC 9457 application/problem+json body (API).
//
// # Adding pages
//
// An area (front door, workspace) keeps its page templates in its own
// embedded folder and asks the server for a Renderer:
//
//	//go:embed templates/*.html
//	var pages embed.FS
//	rd, err := srv.NewRenderer(web.Area{ServiceName: "Casework", ServiceURL: "/work",
//		Nav: []web.NavItem{{Text: "Cases", Href: "/work/cases"}}}, pages, "templates/*.html")
//
// Each page file is named for the page ("case_list.html" is page "case_list")
// and defines two templates: "title" (the text of <title> and usually the h1)
// and "content" (the inside of <main>); it may define "beforeContent" (a back
// link or breadcrumbs). Files whose names start with "_" hold the area's own
// partials, available to all its pages. The template's data is a *View: .Page is the typed
// struct the handler passed, .Site the council, .CSRF the form token (every
// POST form must include {{template "csrf" .}}), .Principal the caller.
// If the page struct has a FieldErrors() []FieldError method, the <title> is
// prefixed "Error: " as GOV.UK asks.
//
// The GOV.UK components are partials taking typed values: "govuk/input",
// "govuk/textarea", "govuk/date-input", "govuk/radios", "govuk/checkboxes",
// "govuk/select" and "govuk/file-upload" take
// a Field; "govuk/error-summary" takes []FieldError; "govuk/summary-list"
// []SummaryRow; "govuk/table" a Table; "govuk/pagination" a Pagination;
// "govuk/panel", "govuk/notification-banner", "govuk/inset-text",
// "govuk/warning-text", "govuk/tag", "govuk/back-link" and "govuk/button"
// take the small structs in components.go. Template functions: asset (the
// hashed URL of a static file), dict, list, add, join, date, datetime.
//
// # Static assets
//
// GOV.UK Frontend's built CSS, JavaScript, fonts and images are copied from
// node_modules by static/update.sh (make assets), committed, embedded, and
// served at /assets/<hash>/<path> with a year-long immutable cache. The CSS's
// url(/assets/fonts/…) references are rewritten to hashed URLs at start.
package web
