package singleview

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Paths of the single view.
const (
	pathPeople     = "/workspace/people"
	pathProperties = "/workspace/properties/"
	pathCase       = "/workspace/cases/"
)

//go:embed templates
var templateFS embed.FS

// area is the workspace's name and navigation, with People added.
var area = web.Area{
	ServiceName: "Staff workspace",
	ServiceURL:  "/workspace",
	Nav: []web.NavItem{
		{Text: "Cases", Href: "/workspace/queue"},
		{Text: "People", Href: pathPeople},
		{Text: "Raise a request", Href: "/workspace/raise"},
	},
}

// Deps is what the single view needs, wired by cmd/guildhall.
type Deps struct {
	People *people.Service
	// Services names services in lists; ids are shown when nil.
	Services *service.Registry
	Logger   *slog.Logger
}

type handler struct {
	Deps
	render *web.Renderer
}

// Register adds the single view pages to srv's browser mux. Every page needs
// signed-in staff (web.RequireStaff). It fails without Deps.People or
// when a template is broken.
func Register(srv *web.Server, deps Deps) error {
	if deps.People == nil {
		return errors.New("singleview: Deps.People is required")
	}
	rd, err := srv.NewRenderer(area, templateFS, "templates/pages/*.html")
	if err != nil {
		return err
	}
	h := &handler{Deps: deps, render: rd}
	mux := srv.Browser()
	route := web.StaffRoutes(mux)
	route("GET "+pathPeople, h.personSearch)
	route("GET "+pathPeople+"/{id}", h.personView)
	route("POST "+pathPeople+"/{id}/split", h.personSplit)
	route("POST "+pathPeople+"/{id}/links", h.personLink)
	route("POST "+pathPeople+"/{id}/subject-access", h.personExport)
	route("GET "+pathProperties+"{uprn}", h.propertyView)
	return nil
}

func principal(r *http.Request) access.Principal { return web.PrincipalFrom(r.Context()) }

// personID reads the {id} path value; a bad one is not found.
func personID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "person %q", r.PathValue("id"))
	}
	return id, nil
}

func personURL(id int64) string { return pathPeople + "/" + strconv.FormatInt(id, 10) }

// serviceName is a service's name, or its id when it is not defined.
func (h *handler) serviceName(id string) string {
	if h.Services != nil {
		if c := h.Services.Load(); c != nil {
			if d, ok := c.Get(id); ok {
				return d.Name
			}
		}
	}
	return id
}
