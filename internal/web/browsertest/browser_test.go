package browsertest_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

var pages = fstest.MapFS{
	"good.html": {Data: []byte(`{{define "title"}}A good page{{end}}{{define "content"}}<h1 class="govuk-heading-l">A good page</h1>
<form method="post" action="/good">{{template "csrf" .}}{{template "govuk/input" .Page}}{{template "govuk/button" (dict "Text" "Continue")}}</form>{{end}}`)},
	"bad.html": {Data: []byte(`{{define "title"}}A bad page{{end}}{{define "content"}}<h1 class="govuk-heading-l">A bad page</h1><input type="text" name="unlabelled"><img src="/nowhere.png"><pre>{{range (list 1 2 3 4 5 6 7 8)}}a-line-that-will-not-wrap-{{end}}</pre>{{end}}`)},
}

// harnessServer serves a page that passes every check (/good) and one that
// fails several (/bad), with the platform's own layout.
func harnessServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1", Phase: "beta"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	rd, err := srv.NewRenderer(web.Area{ServiceName: "Harness"}, pages, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	srv.Handle(srv.Browser(), "GET /good", func(w http.ResponseWriter, r *http.Request) error {
		return rd.Render(w, r, 200, "good", web.Field{ID: "name", Label: "Your name", Hint: "As on your passport"})
	})
	srv.Handle(srv.Browser(), "GET /bad", func(w http.ResponseWriter, r *http.Request) error {
		return rd.Render(w, r, 200, "bad", nil)
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// TestHarness proves the harness can fail: axe-core finds the unlabelled
// field and the image without alt text, and passes the layout's own page.
func TestHarness(t *testing.T) {
	b := browsertest.Shared(t)
	ts := harnessServer(t)

	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		p.Navigate(ts.URL + "/good")
		if v := p.Accessibility(); len(v) != 0 {
			t.Errorf("good page: %d violations: %+v", len(v), v)
		}
		if js := strings.Contains(p.HTML(), "govuk-frontend-supported"); js != m.JavaScript {
			t.Errorf("JavaScript on=%v but body class says %v", m.JavaScript, js)
		}
		p.Navigate(ts.URL + "/bad")
		ids := map[string]bool{}
		for _, v := range p.Accessibility() {
			ids[v.ID] = true
		}
		if !ids["label"] || !ids["image-alt"] {
			t.Errorf("bad page: axe found %v, want label and image-alt", ids)
		}
		if narrow := !m.JavaScript; narrow && p.Overflow() <= 0 {
			t.Error("a 320px page with an unwrappable line does not overflow")
		}
		if errs := p.Errors(); len(errs) != 0 {
			t.Errorf("console errors: %v", errs)
		}
	})
}

// failures stands in for a test so that a check's failures can be read.
type failures struct {
	testing.TB
	said []string
}

func (f *failures) Helper() {}
func (f *failures) Errorf(format string, args ...any) {
	f.said = append(f.said, fmt.Sprintf(format, args...))
}

// TestCheckPageFailsOnSidewaysScrolling proves CheckPage can fail: a page
// with a line too long for even a desktop screen fails for scrolling
// sideways, while the layout's own page passes, in both modes.
func TestCheckPageFailsOnSidewaysScrolling(t *testing.T) {
	b := browsertest.Shared(t)
	ts := harnessServer(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		f := &failures{TB: t}
		p := m.NewPage(f)
		p.Navigate(ts.URL + "/good")
		p.CheckPage()
		if len(f.said) != 0 {
			t.Errorf("good page: %q", f.said)
		}
		p.Navigate(ts.URL + "/bad")
		p.CheckPage()
		scrolls := false
		for _, s := range f.said {
			scrolls = scrolls || strings.Contains(s, "px sideways scrolling")
		}
		if !scrolls {
			t.Errorf("bad page: no sideways scrolling reported in %q", f.said)
		}
	})
}
