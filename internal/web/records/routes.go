package records

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Paths of the records area.
const (
	PathDisposals    = "/records/disposals"
	PathHolds        = "/records/holds"
	PathCertificates = "/records/certificates"
	PathDocuments    = "/records/documents"
	PathRights       = "/records/rights"
	PathSearch       = "/records/search"
)

var area = web.Area{
	ServiceName: "Records",
	ServiceURL:  PathDisposals,
	Nav: []web.NavItem{
		{Text: "Cases", Href: "/workspace/queue"},
		{Text: "Search", Href: PathSearch},
		{Text: "Documents", Href: PathDocuments},
		{Text: "Spaces", Href: PathSpaces},
		{Text: "Due for disposal", Href: PathDisposals},
		{Text: "Legal holds", Href: PathHolds},
		{Text: "Certificates", Href: PathCertificates},
		{Text: "Rights requests", Href: PathRights},
	},
}

// Deps is what the records area needs, wired by cmd/guildhall.
type Deps struct {
	Records   *records.Service
	Documents *records.Documents
	// Search finds cases, documents and spaces together; nil serves no search.
	Search *records.Search
	// People is the single view, where a rights request's person is found.
	People *people.Service
	// Uploads is the one upload path (name, content and malware checks).
	Uploads *web.Uploads
	// Blobs serves stored files for download and export.
	Blobs records.BlobReader
	// Tokens turns API bearer tokens into principals; nil serves no API.
	Tokens Tokens
	Now    func() time.Time
	Logger *slog.Logger
}

type handler struct {
	Deps
	render *web.Renderer
}

// Register adds the records pages to srv's browser mux, for signed-in staff;
// the records service refuses what the access policy does not allow.
func Register(srv *web.Server, deps Deps) error {
	if deps.Records == nil {
		return errors.New("web/records: Deps.Records is required")
	}
	rd, err := srv.NewRenderer(area, templateFS, "templates/pages/*.html")
	if err != nil {
		return err
	}
	h := &handler{Deps: deps, render: rd}
	mux := srv.Browser()
	route := web.StaffRoutes(mux)
	route("GET "+PathDisposals, h.disposalList)
	route("POST "+PathDisposals+"/{id}/approve", h.disposalApprove)
	route("GET "+PathDisposals+"/{id}/defer", h.deferForm)
	route("POST "+PathDisposals+"/{id}/defer", h.deferPost)
	route("GET "+PathHolds, h.holdList)
	route("POST "+PathHolds, h.holdPlace)
	route("POST "+PathHolds+"/{id}/release", h.holdRelease)
	route("GET "+PathCertificates, h.certificateList)
	route("GET "+PathCertificates+"/{id}", h.certificateDownload)
	route("GET "+PathRights, h.rightsFind)
	route("GET "+PathRights+"/{ref}", h.rightsView)
	route("POST "+PathRights+"/{ref}/subject", h.rightsSubject)
	route("POST "+PathRights+"/{ref}/erasure", h.rightsPropose)
	route("POST "+PathRights+"/{ref}/approve", h.rightsApprove)
	route("POST "+PathRights+"/{ref}/restrict", h.rightsRestrict)
	route("POST "+PathRights+"/{ref}/lift", h.rightsLift)
	route("POST "+PathRights+"/{ref}/corrections", h.rightsCorrect)
	route("POST "+PathRights+"/{ref}/corrections/approve", h.rightsApproveCorrections)
	if deps.Documents != nil {
		// Partners reach their spaces and the documents in them; the policy decides.
		signedIn := func(pattern string, f web.HandlerFunc) { mux.Handle(pattern, web.RequireSignedIn(f)) }
		h.documentRoutes(signedIn)
		h.spaceRoutes(signedIn)
		h.apiRoutes(srv.API())
	}
	if deps.Search != nil {
		// Partners search their spaces too; the policy decides.
		mux.Handle("GET "+PathSearch, web.RequireSignedIn(web.HandlerFunc(h.searchPage)))
		if h.Tokens != nil {
			srv.API().Handle("GET "+PathAPISearch, h.bearer(h.apiSearchAll))
		}
	}
	return nil
}

func principal(r *http.Request) access.Principal { return web.PrincipalFrom(r.Context()) }

func (h *handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// pathID reads the {id} path value; a bad one is not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "%q", r.PathValue("id"))
	}
	return id, nil
}

func date(t time.Time) string { return t.In(london).Format("2 January 2006") }

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()
