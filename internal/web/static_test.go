package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// TestAssets follows every reference from a page to its CSS and JavaScript
// and from them to fonts, images and modules: each must resolve, at a
// content-hashed URL with a year-long immutable cache.
func TestAssets(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, web.Config{})
	_, page := get(t, ts.Client(), ts.URL+"/hello")
	refs := regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 5 {
		t.Fatalf("page refers to %d assets", len(refs))
	}
	seen := map[string]bool{}
	var check func(u string)
	check = func(u string) {
		if seen[u] {
			return
		}
		seen[u] = true
		if !regexp.MustCompile(`^/assets/[0-9a-f]{12}/`).MatchString(u) {
			t.Errorf("%s is not content-hashed", u)
		}
		res, body := get(t, ts.Client(), ts.URL+u)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", u, res.StatusCode)
			return
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
		for _, m := range regexp.MustCompile(`url\((/assets/[^)]+)\)|from ?['"](/assets/[^'"]+)['"]`).FindAllStringSubmatch(body, -1) {
			check(m[1] + m[2])
		}
	}
	for _, r := range refs {
		check(r[1])
	}
	var fonts int
	for u := range seen {
		if strings.HasSuffix(u, ".woff2") {
			fonts++
		}
	}
	if fonts == 0 {
		t.Error("the CSS's font references were not followed")
	}
	// GOV.UK's default unhashed paths still work, with a short cache.
	res, _ := get(t, ts.Client(), ts.URL+"/assets/fonts/bold-b542beb274-v2.woff2")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "font/woff2" || strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("unhashed font: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	if res, _ := get(t, ts.Client(), ts.URL+"/assets/0123456789ab/nothing.css"); res.StatusCode != 404 {
		t.Errorf("missing asset: %d", res.StatusCode)
	}
}
