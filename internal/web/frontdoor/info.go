package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/web"
)

type infoPage struct {
	CookieNames []string
	LangCookie  string
}

// info serves the accessibility statement, cookies and privacy pages the
// footer links to.
func (h *handler) info(name string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		page := infoPage{CookieNames: []string{h.sessionCookie()}, LangCookie: h.srv.LangCookie()}
		w.Header().Set("Cache-Control", "no-cache")
		return h.rd.Render(w, r, http.StatusOK, name, page)
	}
}
