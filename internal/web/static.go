package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// assetPrefix is where static files are served.
const assetPrefix = "/assets/"

// asset is one embedded static file, ready to serve.
type asset struct {
	body        []byte
	hash        string // first 12 hex digits of the sha256 of body
	contentType string
}

// assets holds every static file by its path under static/ ("govuk/govuk-frontend.min.css").
type assets struct {
	files map[string]*asset
	start time.Time
}

// loadAssets reads the embedded static files, rewrites the references that CSS
// and JavaScript make to "/assets/<path>" into content-hashed URLs, and hashes
// every file. References are rewritten one level deep: a file that refers to
// another must not itself be referred to by a rewritten file's hash chain.
func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]*asset{}, start: time.Now()}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".sh") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a.files[p] = &asset{body: b, contentType: contentType(p)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: reading static files: %w", err)
	}
	for _, f := range a.files {
		f.hash = hashOf(f.body)
	}
	a.rewriteReferences()
	return a, nil
}

// rewriteReferences replaces "/assets/<path>" in CSS and JS with hashed URLs.
// GOV.UK's CSS refers to "/assets/fonts/…" and "/assets/images/…", which live
// under govuk/ here; our own JS refers to "/assets/govuk/…".
func (a *assets) rewriteReferences() {
	var pairs []string
	for _, p := range a.sortedPaths() {
		if strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".js") {
			continue
		}
		pairs = append(pairs, assetPrefix+p, a.url(p))
		if rest, ok := strings.CutPrefix(p, "govuk/"); ok {
			pairs = append(pairs, assetPrefix+rest, a.url(p))
		}
	}
	// JS modules may import other JS files.
	for _, p := range a.sortedPaths() {
		if strings.HasSuffix(p, ".js") && !bytes.Contains(a.files[p].body, []byte(assetPrefix)) {
			pairs = append(pairs, assetPrefix+p, a.url(p))
		}
	}
	r := strings.NewReplacer(pairs...)
	for _, p := range a.sortedPaths() {
		f := a.files[p]
		if (strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".js")) && bytes.Contains(f.body, []byte(assetPrefix)) {
			f.body = []byte(r.Replace(string(f.body)))
			f.hash = hashOf(f.body)
		}
	}
}

func (a *assets) sortedPaths() []string {
	ps := make([]string, 0, len(a.files))
	for p := range a.files {
		ps = append(ps, p)
	}
	// Longest first, so that a path is never replaced by a prefix of itself.
	sort.Slice(ps, func(i, j int) bool {
		if len(ps[i]) != len(ps[j]) {
			return len(ps[i]) > len(ps[j])
		}
		return ps[i] < ps[j]
	})
	return ps
}

// url returns the content-hashed URL of the file at p, or "" if there is none.
func (a *assets) url(p string) string {
	f, ok := a.files[strings.TrimPrefix(p, "/")]
	if !ok {
		return ""
	}
	return assetPrefix + f.hash + "/" + strings.TrimPrefix(p, "/")
}

// ServeHTTP serves /assets/<hash>/<path> with a year-long immutable cache when
// the hash is current, and /assets/<path> (or a stale hash) with a short one,
// so that relative references and old pages still work.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, assetPrefix)
	hash, p, _ := strings.Cut(rest, "/")
	f, immutable := a.lookup(hash, p)
	if f == nil {
		f, p, immutable = a.lookupPlain(rest)
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("ETag", `"`+f.hash+`"`)
	http.ServeContent(w, r, path.Base(p), a.start, bytes.NewReader(f.body))
}

func (a *assets) lookup(hash, p string) (*asset, bool) {
	if p == "" || len(hash) != 12 {
		return nil, false
	}
	f := a.find(p)
	if f == nil {
		return nil, false
	}
	return f, f.hash == hash
}

func (a *assets) lookupPlain(p string) (*asset, string, bool) {
	return a.find(p), p, false
}

// find looks p up as given and under govuk/ (GOV.UK's default /assets/fonts/…).
func (a *assets) find(p string) *asset {
	if f, ok := a.files[p]; ok {
		return f
	}
	return a.files["govuk/"+p]
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".json":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	case ".ico":
		return "image/x-icon"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}
