package workspace

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Paths of the workspace. Case paths take the reference; a reference the
// caller may not see gives 404 on every one of them.
const (
	pathHome       = "/workspace"
	pathAdmin      = "/admin" // package account's administration pages
	pathQueue      = "/workspace/queue"
	pathReassign   = "/workspace/queue/reassign"
	pathCase       = "/workspace/cases/"
	pathAudit      = "/workspace/audit"
	pathEnquiries  = "/workspace/enquiries"
	pathRequests   = "/workspace/requests"
	pathRaise      = "/workspace/raise"
	pathStatistics = "/workspace/statistics" // package dashboard's pages
)

// Deps is what the workspace needs, wired by cmd/guildhall.
type Deps struct {
	Cases    *cases.Service
	Services *service.Registry
	// Audit serves the auditor's search and export; nil hides the audit pages.
	Audit *audit.Service
	// Blobs holds attachment bytes; nil makes every download 404.
	Blobs BlobReader
	// Uploads checks and keeps officers' documents (the residents' upload
	// path); nil refuses them as unavailable.
	Uploads *web.Uploads
	// Calendar counts working days left; workday.Default() when nil.
	Calendar *workday.Calendar
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// StartURL is where a staff or councillor service's form starts, by service
	// id; "/services/{id}" (the front door) when nil.
	StartURL func(serviceID string) string
	// AssistedURL is the front door's assisted digital start page; empty hides the link.
	AssistedURL string
	// CaseTools lists links to other areas' help with a case, shown to the
	// officers who may work it; nil shows none.
	CaseTools func(c cases.Case) []web.NavItem
	Logger    *slog.Logger
}

type handler struct {
	Deps
	render *web.Renderer
}

// Register adds the workspace pages to srv's browser mux. Every page needs a
// signed-in member of staff or councillor (web.RequireStaff); others are
// sent to sign in. It fails if deps lacks Cases or a template is broken.
func Register(srv *web.Server, deps Deps) error {
	h, err := newHandler(srv, deps)
	if err != nil {
		return err
	}
	mux := srv.Browser()
	route := web.StaffRoutes(mux)
	route("GET "+pathHome, h.home)
	route("GET "+pathQueue, h.queueList)
	route("POST "+pathReassign, h.queueReassign)
	route("GET "+pathCase+"{ref}", h.caseView)
	route("POST "+pathCase+"{ref}/assign", h.caseAssign)
	route("POST "+pathCase+"{ref}/notes", h.caseNote)
	route("POST "+pathCase+"{ref}/refunds", h.caseRefund)
	route("GET "+pathCase+"{ref}/duplicate", h.mergeForm)
	route("POST "+pathCase+"{ref}/duplicate", h.mergePost)
	route("GET "+pathCase+"{ref}/transitions/{id}", h.transitionForm)
	route("POST "+pathCase+"{ref}/transitions/{id}", h.transitionPost)
	route("GET "+pathCase+"{ref}/attachments/{key}", h.attachmentGet)
	route("POST "+pathCase+"{ref}/attachments", h.caseAttach)
	route("POST "+pathCase+"{ref}/photos/{key}/hide", h.casePhotoHide(true))
	route("POST "+pathCase+"{ref}/photos/{key}/show", h.casePhotoHide(false))
	route("GET "+pathAudit, h.auditSearch)
	route("GET "+pathAudit+"/export", h.auditExport)
	route("GET "+pathEnquiries, h.raisedList(access.KindCouncillor))
	route("GET "+pathRequests, h.raisedList(access.KindStaff))
	route("GET "+pathRaise, h.raiseList)
	route("GET "+pathPayments, h.paymentsHome)
	route("POST "+pathPayments, h.paymentsReconcile)
	route("GET "+pathPayments+"/{day}", h.paymentsReport)
	route("GET "+pathPayments+"/{day}/csv", h.paymentsCSV)
	return nil
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

// principal is the signed-in caller.
func principal(r *http.Request) access.Principal { return web.PrincipalFrom(r.Context()) }

// definition returns a service's current definition, or nil.
func (h *handler) definition(id string) *service.Definition {
	if h.Services == nil {
		return nil
	}
	if c := h.Services.Load(); c != nil {
		if d, ok := c.Get(id); ok {
			return d
		}
	}
	return nil
}

// serviceName is a service's name, or its id when it is no longer defined.
func (h *handler) serviceName(id string) string {
	if d := h.definition(id); d != nil {
		return d.Name
	}
	return id
}

// caseURL is the case page of ref.
func caseURL(ref string) string { return pathCase + ref }
