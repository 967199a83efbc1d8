package web_test

import (
	"io"
	"log/slog"
	"testing"
	"testing/fstest"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// TestRendererRefusesBrokenPages: start-up fails on a template that does not
// parse, a page missing "title" or "content", or no template at all.
func TestRendererRefusesBrokenPages(t *testing.T) {
	t.Parallel()
	srv := web.NewServer(web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	tests := []struct {
		name string
		fsys fstest.MapFS
		ok   bool
	}{
		{"good", fstest.MapFS{"a.html": {Data: []byte(`{{define "title"}}A{{end}}{{define "content"}}<p>A</p>{{end}}`)}}, true},
		{"good with area partial", fstest.MapFS{
			"_p.html": {Data: []byte(`{{define "mine"}}<p>mine</p>{{end}}`)},
			"a.html":  {Data: []byte(`{{define "title"}}A{{end}}{{define "content"}}{{template "mine"}}{{end}}`)}}, true},
		{"parse error", fstest.MapFS{"a.html": {Data: []byte(`{{define "title"}}A{{end}}{{define "content"}}{{if}}{{end}}`)}}, false},
		{"no content", fstest.MapFS{"a.html": {Data: []byte(`{{define "title"}}A{{end}}`)}}, false},
		{"unknown partial", fstest.MapFS{"a.html": {Data: []byte(`{{define "title"}}A{{end}}{{define "content"}}{{template "nope"}}{{end}}`)}}, false},
		{"no files", fstest.MapFS{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := srv.NewRenderer(web.Area{}, tt.fsys, "*.html")
			if (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
