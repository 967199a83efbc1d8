package api

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// authenticate admits requests with a valid bearer token, puts its principal
// in the context and applies the token's rate limit. A missing or bad token
// is 401 with a WWW-Authenticate challenge.
func (h *handler) authenticate(next web.HandlerFunc) http.Handler {
	return web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(bearer) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="guildhall"`)
			return fault.New(fault.Unauthenticated, "send an API token: Authorization: Bearer gh_…")
		}
		p, err := h.Tokens.TokenPrincipal(r.Context(), strings.TrimSpace(bearer))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="guildhall", error="invalid_token"`)
			return err
		}
		if err := h.Limiter.Check(p.UserID); err != nil {
			return err
		}
		return next(w, r.WithContext(web.WithPrincipal(r.Context(), p)))
	})
}

// mayWrite refuses every write by a read-only token with 403 before the
// handler runs; the case service checks the token's services again, per
// case, so a route added without this still cannot write out of scope.
func mayWrite(next web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if why := web.PrincipalFrom(r.Context()).TokenRefusal(""); why != "" {
			return fault.New(fault.Forbidden, "%s", why)
		}
		return next(w, r)
	}
}
