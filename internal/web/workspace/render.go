package workspace

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates
var templateFS embed.FS

// area is the workspace's name and navigation in the shared layout. Links
// that depend on the caller's role are on the workspace home page instead.
var area = web.Area{
	ServiceName: "Staff workspace",
	ServiceURL:  pathHome,
	Nav: []web.NavItem{
		{Text: "Cases", Href: pathQueue},
		{Text: "Raise a request", Href: pathRaise},
		{Text: "Statistics", Href: pathStatistics},
	},
}

// newRenderer parses the workspace pages, each with the workspace partials.
func newRenderer(srv *web.Server) (*web.Renderer, error) {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	partials, err := fs.ReadFile(sub, "partials.html")
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	return srv.NewRenderer(area, withPartials{FS: sub, partials: partials}, "pages/*.html")
}

// withPartials serves page templates with the workspace partials appended, so
// that each page (parsed on its own by web.Renderer) can use them.
type withPartials struct {
	fs.FS
	partials []byte
}

// ReadFile implements fs.ReadFileFS, which template.ParseFS uses.
func (p withPartials) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(p.FS, name)
	if err != nil {
		return nil, err
	}
	return append(append(b, '\n'), p.partials...), nil
}

// page renders a workspace page.
func (h *handler) page(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return h.render.Render(w, r, status, name, data)
}
