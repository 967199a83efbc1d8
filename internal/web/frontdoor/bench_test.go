package frontdoor_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Benchmarks of server time for front-door pages: the whole handler chain
// (middleware, draft look-up, template, buffer) on a real SQLite store,
// without the network. Run with:
//
//	go test ./internal/web/frontdoor -run '^$' -bench . -benchmem
func BenchmarkPages(b *testing.B) {
	e := newEnv(b)
	h := e.Web.Handler()
	// A session with a draft in progress, so question pages read it back.
	c := e.Client(zeroPrincipal)
	c.Get("/services/report-a-pothole/questions/where")
	c.PostForm("/services/report-a-pothole/questions/where", url.Values{"location-description": {"Outside 12 Station Road"}})
	u, _ := url.Parse(e.URL)
	cookies := c.HTTP.Jar.Cookies(u)
	for _, path := range []string{
		"/",
		"/search?q=bin+not+collected",
		"/services/report-a-pothole",
		"/services/report-a-pothole/questions/where",
		"/services/moving-home/questions/new_home",
		"/track",
	} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
		})
	}
}
