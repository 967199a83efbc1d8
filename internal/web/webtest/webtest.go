// Package webtest runs HTTP scenario tables against a real Guildhall server
// (see docs/architecture.md, Conventions): each scenario states the method, URL, form, expected
// status and the content that must and must not appear.
//
//	c := webtest.NewClient(t, ts.URL)
//	webtest.Run(t, c, []webtest.Scenario{
//		{Name: "start page", URL: "/", Status: 200, Contains: []string{"Find a service"}},
//		{Name: "empty form", Method: "POST", URL: "/track", Form: url.Values{}, Status: 422,
//			Contains: []string{"There is a problem"}},
//	})
//
// The Client keeps cookies, does not follow redirects (so scenarios can check
// them) and adds the form token it last saw on a page to every POST.
package webtest

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Client is a browser-like HTTP client for one test: cookies, the form token,
// no automatic redirects.
type Client struct {
	T    testing.TB
	Base string
	HTTP *http.Client
	// Token is the form token last seen on a page (csrf_token).
	Token string
}

// NewClient returns a client for the server at base (e.g. httptest.Server.URL).
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: t, Base: strings.TrimSuffix(base, "/"), HTTP: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var tokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// Do sends req and returns the response with its body read.
func (c *Client) Do(req *http.Request) (*http.Response, string) {
	c.T.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.T.Fatalf("%s %s: reading body: %v", req.Method, req.URL, err)
	}
	if m := tokenRE.FindSubmatch(b); m != nil {
		c.Token = string(m[1])
	}
	return res, string(b)
}

// Get fetches path.
func (c *Client) Get(path string) (*http.Response, string) {
	c.T.Helper()
	req, err := http.NewRequest(http.MethodGet, c.url(path), nil)
	if err != nil {
		c.T.Fatal(err)
	}
	return c.Do(req)
}

// Follow fetches the Location of a redirect response.
func (c *Client) Follow(res *http.Response) (*http.Response, string) {
	c.T.Helper()
	loc := res.Header.Get("Location")
	if loc == "" {
		c.T.Fatalf("no redirect: status %d", res.StatusCode)
	}
	return c.Get(loc)
}

// PostForm posts form url-encoded to path, adding the form token.
func (c *Client) PostForm(path string, form url.Values) (*http.Response, string) {
	c.T.Helper()
	form = c.withToken(form)
	req, err := http.NewRequest(http.MethodPost, c.url(path), strings.NewReader(form.Encode()))
	if err != nil {
		c.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// File is one file of a multipart post.
type File struct {
	Field, Name string
	Body        []byte
}

// PostMultipart posts form and files as multipart/form-data, adding the form token.
func (c *Client) PostMultipart(path string, form url.Values, files ...File) (*http.Response, string) {
	c.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range c.withToken(form) {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.Field, f.Name)
		if err != nil {
			c.T.Fatal(err)
		}
		_, _ = w.Write(f.Body)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.url(path), &buf)
	if err != nil {
		c.T.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func (c *Client) withToken(form url.Values) url.Values {
	c.T.Helper()
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	if out.Get("csrf_token") == "" {
		if c.Token == "" {
			c.Get("/") // any page with a form; most areas' home pages have one
		}
		out.Set("csrf_token", c.Token)
	}
	return out
}

func (c *Client) url(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return c.Base + path
}

// Scenario is one request and what its response must show.
type Scenario struct {
	Name   string
	Method string // GET when empty
	URL    string
	// Form is posted url-encoded (with the client's form token unless NoToken).
	Form    url.Values
	Files   []File // makes the post multipart
	Headers map[string]string
	NoToken bool
	// Status is the expected status code.
	Status      int
	Contains    []string
	NotContains []string
	// Location, if set, must prefix the response's Location header.
	Location string
	// Header values that must be present (prefix match).
	Header map[string]string
	// Check runs extra assertions (side effects: a case written, a message queued).
	Check func(t *testing.T, res *http.Response, body string)
}

// Run runs the scenarios in order, as subtests, with one client: cookies and
// the form token carry from one scenario to the next, as in a browser.
func Run(t *testing.T, c *Client, scenarios []Scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			c.T = t
			res, body := c.send(sc)
			sc.verify(t, res, body)
		})
	}
}

func (c *Client) send(sc Scenario) (*http.Response, string) {
	method := sc.Method
	if method == "" {
		method = http.MethodGet
	}
	if len(sc.Files) > 0 {
		return c.PostMultipart(sc.URL, sc.Form, sc.Files...)
	}
	var body io.Reader
	form := sc.Form
	if method != http.MethodGet && method != http.MethodHead {
		if !sc.NoToken {
			form = c.withToken(form)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.url(sc.URL), body)
	if err != nil {
		c.T.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range sc.Headers {
		req.Header.Set(k, v)
	}
	return c.Do(req)
}

func (sc Scenario) verify(t *testing.T, res *http.Response, body string) {
	t.Helper()
	if sc.Status != 0 && res.StatusCode != sc.Status {
		t.Errorf("%s %s: status %d, want %d\n%s", sc.Method, sc.URL, res.StatusCode, sc.Status, excerpt(body))
	}
	for _, s := range sc.Contains {
		if !strings.Contains(body, s) {
			t.Errorf("%s %s: body lacks %q\n%s", sc.Method, sc.URL, s, excerpt(body))
		}
	}
	for _, s := range sc.NotContains {
		if strings.Contains(body, s) {
			t.Errorf("%s %s: body has %q", sc.Method, sc.URL, s)
		}
	}
	if sc.Location != "" && !strings.HasPrefix(res.Header.Get("Location"), sc.Location) {
		t.Errorf("%s %s: Location %q, want prefix %q", sc.Method, sc.URL, res.Header.Get("Location"), sc.Location)
	}
	for k, v := range sc.Header {
		if !strings.HasPrefix(res.Header.Get(k), v) {
			t.Errorf("%s %s: %s = %q, want prefix %q", sc.Method, sc.URL, k, res.Header.Get(k), v)
		}
	}
	if sc.Check != nil {
		sc.Check(t, res, body)
	}
}

// excerpt is the text of <main> (or the start of the body), for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 1500 {
		body = body[:1500] + "…"
	}
	return body
}

var tag = regexp.MustCompile(`<[^>]*>`)

// MainText is what a person reads in a page's <main>: its text without
// tags, entities decoded, runs of white space as one space. Tests compare
// it whole, so that nothing added, lost or misworded on the page passes.
func MainText(body string) string {
	_, main, ok := strings.Cut(body, "<main")
	if !ok {
		return ""
	}
	main, _, _ = strings.Cut(main, "</main>")
	if i := strings.IndexByte(main, '>'); i >= 0 {
		main = main[i+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(tag.ReplaceAllString(main, " "))), " ")
}
