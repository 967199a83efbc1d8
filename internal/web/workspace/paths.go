package workspace

import (
	"net/url"
	"path"
	"strings"
)

// safeReturn accepts a return address only inside the workspace, so that a
// form cannot be made to redirect elsewhere (an open redirect).
func safeReturn(s, fallback string) string {
	u, err := url.Parse(s)
	if err != nil || u.IsAbs() || u.Host != "" || strings.HasPrefix(s, "//") || strings.Contains(s, "\\") {
		return fallback
	}
	if p := path.Clean(u.Path); p != u.Path || (p != pathHome && !strings.HasPrefix(p, pathHome+"/")) {
		return fallback
	}
	return u.RequestURI()
}

// withDone adds the marker that shows a success banner after a redirect.
func withDone(target, done string) string {
	u, err := url.Parse(target)
	if err != nil {
		return target
	}
	v := u.Query()
	v.Set("done", done)
	u.RawQuery = v.Encode()
	return u.RequestURI()
}

// queryOf returns the query of a workspace address.
func queryOf(target string) url.Values {
	u, err := url.Parse(target)
	if err != nil {
		return url.Values{}
	}
	return u.Query()
}
