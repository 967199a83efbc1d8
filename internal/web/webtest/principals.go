package webtest

import (
	"net/http"
	"sync"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PrincipalCookie names the test cookie that Principals reads.
const PrincipalCookie = "who"

// Principals stands in for the staff session middleware in tests: a "who"
// cookie names a principal, which Middleware puts in the request context with
// web.WithPrincipal — the contract between the identity pages and the rest of
// the site. Sign-in itself is tested in internal/web/account.
type Principals struct {
	mu  sync.Mutex
	who map[string]access.Principal
}

// Add makes p known by its user id.
func (ps *Principals) Add(p access.Principal) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.who == nil {
		ps.who = map[string]access.Principal{}
	}
	ps.who[p.UserID] = p
}

// Middleware sets the principal the request's cookie names, if any.
func (ps *Principals) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(PrincipalCookie); err == nil {
			ps.mu.Lock()
			p, ok := ps.who[c.Value]
			ps.mu.Unlock()
			if ok {
				// One session per signed-in test user, as the real
				// middleware names each session (web.SessionID).
				r = r.WithContext(web.WithSessionID(web.WithPrincipal(r.Context(), p), "webtest:"+c.Value))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// SignIn makes c's requests to base carry p.
func (ps *Principals) SignIn(c *Client, base string, p access.Principal) {
	ps.Add(p)
	req, _ := http.NewRequest(http.MethodGet, base, nil)
	c.HTTP.Jar.SetCookies(req.URL, []*http.Cookie{{Name: PrincipalCookie, Value: p.UserID, Path: "/"}})
}
