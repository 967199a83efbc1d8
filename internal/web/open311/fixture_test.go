package open311_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/open311"
	"github.com/guildhall-platform/guildhall/services"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// graffitiYAML is a batch service with an unconditional description question.
const graffitiYAML = `id: report-graffiti
version: 1
name: Report graffiti
summary: Tell us about graffiti on a public building or wall.
category: Streets and environment
audience: [public]
team: street-scene
classification: OFFICIAL
roles: [officer]
applicant: {name: full_name, email: email}
pages:
  - id: where
    title: Where is it?
    questions:
      - {id: location, type: location, label: Where is the graffiti?, validate: {required: true}}
      - {id: details, type: textarea, label: Describe the graffiti, validate: {required: true, max_length: 2000}}
      - {id: offensive, type: yesno, label: Is it offensive?}
      - {id: full_name, type: text, label: Full name, validate: {required: true}}
      - {id: email, type: email, label: Email address}
workflow:
  states:
    - {id: received, label: Received, initial: true}
    - {id: removed, label: Removed, terminal: true}
  transitions:
    - {id: remove, label: Remove, from: [received], to: removed, roles: [officer]}
retention: {period: P2Y, trigger: closed, action: delete, authority: Business decision}
open311: {service_code: GRAFFITI, type: batch, group: Streets}
`

type fixture struct {
	t     *testing.T
	url   string
	cases *cases.Service
	auth  *auth.Service
	dir   string
}

// folderBlobs keeps bytes in a folder under their key, as the local blob
// store does.
type folderBlobs struct{ dir string }

func (b folderBlobs) Put(_ context.Context, key string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(b.dir, key), data, 0o600)
}

func newFixture(t *testing.T, s *store.Store) *fixture { return newFixtureWith(t, s, nil) }

func newFixtureWith(t *testing.T, s *store.Store, limiter *web.Limiter) *fixture {
	t.Helper()
	defs, problems, err := service.LoadDirAll(services.FS)
	if err != nil || len(problems) > 0 {
		t.Fatalf("bundled services: %v %v", err, problems)
	}
	g, err := service.Parse("graffiti.yaml", []byte(graffitiYAML))
	if err != nil {
		t.Fatal(err)
	}
	reg := service.NewRegistry(service.NewCatalog(append(defs, g)))
	cs := &cases.Service{Store: s, Services: reg, Clock: cases.Calendar{}}
	as, err := auth.NewService(s, auth.Options{SecretKey: bytes.Repeat([]byte{9}, 32), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1"}, slog.New(slog.DiscardHandler))
	open311.Register(srv, open311.Deps{Cases: cs, Services: reg, Tokens: as, Tickets: s, Photos: open311.BlobPhotos{Blobs: folderBlobs{dir}},
		BaseURL: "https://council.example", Jurisdiction: "guildhall", Contact: "open311@council.example", Limiter: limiter})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &fixture{t: t, url: ts.URL, cases: cs, auth: as, dir: dir}
}

var admin = access.Principal{Kind: access.KindStaff, UserID: "u-admin", Name: "Ada Admin",
	Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}, MFA: true}

func (f *fixture) key(name string, write bool, grants ...access.Grant) string {
	f.t.Helper()
	secret, _, err := f.auth.IssueToken(context.Background(), admin, auth.TokenRequest{Name: name, Write: write, Grants: grants})
	if err != nil {
		f.t.Fatal(err)
	}
	return secret
}

func (f *fixture) get(path string) (int, []byte) {
	f.t.Helper()
	res, err := http.Get(f.url + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	checkContentType(f.t, path, res, b)
	return res.StatusCode, b
}

func (f *fixture) post(path, contentType string, body io.Reader) (int, []byte) {
	f.t.Helper()
	res, err := http.Post(f.url+path, contentType, body)
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
