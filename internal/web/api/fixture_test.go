package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/api"
)

func TestMain(m *testing.M) {
	// Downloads are bytes: validate their status and headers, not a schema.
	for _, ct := range []string{"image/png", "image/jpeg", "application/pdf"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	storetest.Main(m)
}

// fixture is the platform as serve wires it, over the bundled services and
// an OFFICIAL-SENSITIVE service of another team, with the OpenAPI router
// every response is checked against.
type fixture struct {
	*platformtest.Platform
	t      *testing.T
	router routers.Router
}

// apiOptions: the clock runs from the real time, as the API's submissions
// follow each other in time.
func apiOptions(more ...platformtest.Option) []platformtest.Option {
	return append([]platformtest.Option{platformtest.Bundled(), platformtest.Fixtures("safeguarding-concern"), platformtest.Running()}, more...)
}

func newFixture(t *testing.T, more ...platformtest.Option) *fixture {
	t.Helper()
	return &fixture{platformtest.New(t, apiOptions(more...)...), t, openAPIRouter(t)}
}

// each runs fn on SQLite and PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) { fn(t, &fixture{p, t, openAPIRouter(t)}) }, apiOptions()...)
}

// limited is a platform whose API allows a burst of n requests a token.
func limited(n int) platformtest.Option {
	return platformtest.Configure(func(c *platform.Config) { c.Limits.API = web.NewLimiter(0.001, n, 0) })
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

var admin = platformtest.Admin

// token issues an API token and returns its secret.
func (f *fixture) token(name string, write bool, services []string, grants ...access.Grant) string {
	f.t.Helper()
	return f.Token(auth.TokenRequest{Name: name, Services: services, Write: write, Grants: grants})
}

// submit makes a pothole case through the API with token and is its reference.
func (f *fixture) submit(token, where string) string {
	f.t.Helper()
	res := f.do("POST", "/api/v1/cases", token, jsonCT, pothole(where))
	var c struct{ Reference string }
	res.json(f.t, &c)
	if res.Status != http.StatusCreated || c.Reference == "" {
		f.t.Fatalf("submit: %d %s", res.Status, res.Body)
	}
	return c.Reference
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
	req, _ := http.NewRequest(method, f.URL+path, strings.NewReader(body))
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
