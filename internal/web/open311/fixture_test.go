package open311_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

type fixture struct {
	*platformtest.Platform
	t *testing.T
}

// open311Options run Open311 over the bundled services and graffiti, with
// the jurisdiction and contact a council would configure. The clock starts
// at the time the test runs, because Open311's date filters and a missed
// bin's "today or in the past" are relative to the real day, and it runs.
func open311Options(more ...platformtest.Option) []platformtest.Option {
	return append([]platformtest.Option{platformtest.Bundled(), platformtest.Fixtures("report-graffiti"), platformtest.Running(),
		platformtest.Configure(func(c *platform.Config) {
			c.BaseURL, c.Open311Jurisdiction, c.Open311Contact = "https://council.example", "guildhall", "open311@council.example"
		})}, more...)
}

func newFixture(t *testing.T, more ...platformtest.Option) *fixture {
	t.Helper()
	return &fixture{platformtest.New(t, open311Options(more...)...), t}
}

// each runs fn on SQLite and PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) { fn(t, &fixture{p, t}) }, open311Options()...)
}

var admin = platformtest.Admin

// readBlob is a document's bytes as the platform keeps them.
func readBlob(f *fixture, key string) ([]byte, error) {
	rc, err := f.Blobs.Open(context.Background(), key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func (f *fixture) key(name string, write bool, grants ...access.Grant) string {
	f.t.Helper()
	return f.Token(auth.TokenRequest{Name: name, Write: write, Grants: grants})
}

func (f *fixture) get(path string) (int, []byte) {
	f.t.Helper()
	res, err := http.Get(f.URL + path)
	return f.read(path, res, err)
}

func (f *fixture) post(path, contentType string, body io.Reader) (int, []byte) {
	f.t.Helper()
	res, err := http.Post(f.URL+path, contentType, body)
	return f.read(path, res, err)
}

// read is a reply's status and body, after checking its content type.
func (f *fixture) read(path string, res *http.Response, err error) (int, []byte) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	checkContentType(f.t, path, res, b)
	return res.StatusCode, b
}

func (f *fixture) postForm(path string, form url.Values) (int, []byte) {
	return f.post(path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// report posts a service request as JSON and is the id of the one request
// it made.
func (f *fixture) report(form url.Values) string {
	f.t.Helper()
	st, b := f.postForm("/open311/v2/requests.json", form)
	var made []struct {
		ID string `json:"service_request_id"`
	}
	if json.Unmarshal(b, &made); st != 200 || len(made) != 1 || made[0].ID == "" {
		f.t.Fatalf("POST request: %d %s", st, b)
	}
	return made[0].ID
}

// checkContentType: XML paths answer XML with the spec's declaration, JSON
// paths JSON.
func checkContentType(t testing.TB, path string, res *http.Response, b []byte) {
	t.Helper()
	ct := res.Header.Get("Content-Type")
	switch {
	case strings.Contains(path, ".json"):
		if !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
	case strings.Contains(path, ".xml"):
		if !strings.HasPrefix(ct, "text/xml") || !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="utf-8"?>`)) {
			t.Errorf("%s: Content-Type %q, body %.60s", path, ct, b)
		}
	}
}

// strictXML decodes b into v with a strict parser, refusing trailing data.
func strictXML(t testing.TB, b []byte, v any) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	if err := dec.Decode(v); err != nil {
		t.Fatalf("strict XML: %v\n%s", err, b)
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("strict XML after root: %v", err)
		}
		if cd, ok := tok.(xml.CharData); !ok || len(bytes.TrimSpace(cd)) > 0 {
			t.Fatalf("data after the root element: %#v", tok)
		}
	}
}
