package dashboard

import (
	"embed"
	"errors"
	"log/slog"

	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates
var templateFS embed.FS

const (
	pathDashboard = "/workspace/statistics"
	pathReturns   = "/workspace/statistics/returns"
)

var area = web.Area{
	ServiceName: "Staff workspace",
	ServiceURL:  "/workspace",
	Nav: []web.NavItem{
		{Text: "Cases", Href: "/workspace/queue"},
		{Text: "Raise a request", Href: "/workspace/raise"},
		{Text: "Statistics", Href: pathDashboard},
	},
}

// Deps is what the statistics pages need, wired by internal/platform.
type Deps struct {
	Statistics *statistics.Service
	Logger     *slog.Logger
}

type handler struct {
	Deps
	render *web.Renderer
}

// Register adds the statistics pages to srv's browser mux, for signed-in
// staff and councillors (each sees only what they may count). It fails
// without Deps.Statistics or with a broken template.
func Register(srv *web.Server, deps Deps) error {
	if deps.Statistics == nil {
		return errors.New("web/dashboard: Deps.Statistics is required")
	}
	rd, err := srv.NewRenderer(area, templateFS, "templates/pages/*.html")
	if err != nil {
		return err
	}
	h := &handler{Deps: deps, render: rd}
	route := web.StaffRoutes(srv.Browser())
	route("GET "+pathDashboard, h.dashboard)
	route("GET "+pathDashboard+"/{table}", h.dashboardCSV)
	route("GET "+pathReturns, h.returns)
	route("GET "+pathReturns+"/{file}", h.quarterly)
	return nil
}
