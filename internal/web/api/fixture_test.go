package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/api"
	"github.com/guildhall-platform/guildhall/services"
)

func TestMain(m *testing.M) {
	// Downloads are bytes: validate their status and headers, not a schema.
	for _, ct := range []string{"image/png", "image/jpeg", "application/pdf"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	storetest.Main(m)
}

// sensitiveYAML is an OFFICIAL-SENSITIVE service of another team, for the
// isolation tests.
const sensitiveYAML = `id: safeguarding-concern
version: 1
name: Report a safeguarding concern
summary: Tell us if you are worried about a child or an adult.
category: Care
audience: [public]
team: social-care
classification: OFFICIAL-SENSITIVE
roles: [social_worker]
applicant: {name: full_name}
pages:
  - id: concern
    title: Your concern
    questions:
      - {id: concern, type: textarea, label: What are you worried about?, validate: {required: true}}
      - {id: full_name, type: text, label: Full name, personal: true, validate: {required: true}}
workflow:
  states:
    - {id: received, label: Received, initial: true}
    - {id: closed, label: Closed, terminal: true}
  transitions:
    - {id: close, label: Close, from: [received], to: closed, roles: [social_worker]}
retention: {period: P6Y, trigger: closed, action: review, authority: Children Act 1989}
`

// fixture is a real server: store, case service, identity service, web
// server with the API registered, and the OpenAPI router for validation.
type fixture struct {
	t      *testing.T
	url    string
	cases  *cases.Service
	auth   *auth.Service
	router routers.Router
}

func registry(t testing.TB) *service.Registry {
	t.Helper()
	defs, problems, err := service.LoadDirAll(services.FS)
	if err != nil || len(problems) > 0 {
		t.Fatalf("bundled services: %v %v", err, problems)
	}
	d, err := service.Parse("safeguarding.yaml", []byte(sensitiveYAML))
	if err != nil {
		t.Fatal(err)
	}
	return service.NewRegistry(service.NewCatalog(append(defs, d)))
}

func newFixture(t *testing.T, s *store.Store, limiter *web.Limiter) *fixture {
	t.Helper()
	reg := registry(t)
	cs := &cases.Service{Store: s, Services: reg, Clock: cases.Calendar{}}
	as, err := auth.NewService(s, auth.Options{SecretKey: bytes.Repeat([]byte{7}, 32), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1"}, slog.New(slog.DiscardHandler))
	api.Register(srv, api.Deps{Cases: cs, Services: reg, Tokens: as, Idempotency: s, Limiter: limiter, Blobs: folderBlobs{t.TempDir()}})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &fixture{t: t, url: ts.URL, cases: cs, auth: as, router: openAPIRouter(t)}
}

func openAPIRouter(t testing.TB) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatalf("load OpenAPI: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("OpenAPI document invalid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: "http://127.0.0.1"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return r
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

func (b folderBlobs) Open(_ context.Context, key string) (io.ReadCloser, error) {
	f, err := os.Open(filepath.Join(b.dir, filepath.Base(key)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fault.New(fault.NotFound, "blob %s", key)
	}
	return f, err
}

var admin = access.Principal{Kind: access.KindStaff, UserID: "u-admin", Name: "Ada Admin",
	Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}, MFA: true}

// token issues an API token and returns its secret.
func (f *fixture) token(name string, write bool, services []string, grants ...access.Grant) string {
	f.t.Helper()
	secret, _, err := f.auth.IssueToken(context.Background(), admin, auth.TokenRequest{Name: name, Services: services, Write: write, Grants: grants})
	if err != nil {
		f.t.Fatal(err)
	}
	return secret
}

// response is a read response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// do sends a request and checks the response against the OpenAPI document:
// its status must be documented for the route and its body must match.
func (f *fixture) do(method, path, token, contentType, body string, hdr ...string) response {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if body == "" {
		req.Body = http.NoBody
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	f.validate(req, res, b)
	return response{res.StatusCode, res.Header, b}
}

func (f *fixture) validate(req *http.Request, res *http.Response, body []byte) {
	f.t.Helper()
	vreq, _ := http.NewRequest(req.Method, "http://127.0.0.1"+req.URL.RequestURI(), nil)
	route, params, err := f.router.FindRoute(vreq)
	if err != nil {
		f.t.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route},
		Status:                 res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		f.t.Errorf("%s %s → %d does not match the OpenAPI document: %v\n%s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}
