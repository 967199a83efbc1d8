package frontdoor_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// journey drives one service through the front door over HTTP: each page is
// first posted empty (the errors must show for required questions), then
// with valid answers; then "Check your answers", one change link, and the
// submission. It returns the case reference.
func journey(t *testing.T, e *env, c *webtest.Client, def *service.Definition) string {
	t.Helper()
	res, body := c.Get("/services/" + def.ID)
	if res.StatusCode != 200 || !strings.Contains(body, "Start now") {
		t.Fatalf("start page: %d", res.StatusCode)
	}
	next := regexp.MustCompile(`href="(/services/[^"]+/questions/[^"]+)"[^>]*class="govuk-button govuk-button--start"`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no start button")
	}
	path := next[1]
	answers := service.Answers{}
	for range 30 {
		if strings.HasSuffix(path, "/check-answers") {
			break
		}
		path = answerPage(t, e, c, def, path, answers)
	}
	res, body = c.Get(path)
	if res.StatusCode != 200 || !strings.Contains(body, "Check your answers") {
		t.Fatalf("check answers: %d %s", res.StatusCode, path)
	}
	useChangeLink(t, c, body)
	res, _ = c.PostForm(path, nil)
	if def.Payment != nil {
		res, _ = payAt(t, e, c, res, paytest.OutcomeSuccess)
	}
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/confirmation") {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.Follow(res)
	m := regexp.MustCompile(`<strong>([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})</strong>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no reference on the confirmation page")
	}
	return m[1]
}

// answerPage posts a page empty, checks the errors, then posts valid answers
// and returns where it leads.
func answerPage(t *testing.T, e *env, c *webtest.Client, def *service.Definition, path string, answers service.Answers) string {
	t.Helper()
	page, _, _ := def.PageByID(path[strings.LastIndex(path, "/")+1:])
	if page != nil && len(page.Questions) == 1 && page.Questions[0].Type == service.TypeRepeat {
		return answerRepeat(t, e, c, path, &page.Questions[0], answers)
	}
	res, body := c.Get(path)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	multipart := strings.Contains(body, `enctype="multipart/form-data"`)
	if required(def, page, answers) {
		res, body = post(c, path, url.Values{}, nil, multipart)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "There is a problem") || !strings.Contains(body, "<title>Error: ") {
			t.Fatalf("%s posted empty: %d, want 422 with the error summary", path, res.StatusCode)
		}
	}
	form := url.Values{}
	var files []webtest.File
	for i := range page.Questions {
		q := &page.Questions[i]
		for k, v := range validForm(q, e.Clock.Now()) {
			form[k] = v
		}
		if q.Type == service.TypeFile {
			name, b := fileFor(q)
			files = append(files, webtest.File{Field: q.ID, Name: name, Body: b})
		}
	}
	res, body = post(c, path, form, files, multipart)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s posted valid answers: %d\n%s", path, res.StatusCode, errorSummary(body))
	}
	ans, _ := def.DecodePage(page, service.Form(form), answers)
	for k, v := range ans {
		answers[k] = v
	}
	return res.Header.Get("Location")
}

func post(c *webtest.Client, path string, form url.Values, files []webtest.File, multipart bool) (*http.Response, string) {
	if multipart {
		return c.PostMultipart(path, form, files...)
	}
	return c.PostForm(path, form)
}

// required reports whether posting the page empty must show errors.
func required(def *service.Definition, page *service.Page, answers service.Answers) bool {
	for _, q := range page.Questions {
		if q.Validate.Required && def.QuestionVisible(&q, answers) {
			return true
		}
	}
	return false
}

// useChangeLink follows the first change link, posts the page unchanged, and
// expects to come straight back to "Check your answers".
func useChangeLink(t *testing.T, c *webtest.Client, check string) {
	t.Helper()
	m := regexp.MustCompile(`href="([^"]+\?change=1)"`).FindStringSubmatch(check)
	if m == nil {
		t.Fatal("no change link")
	}
	link := strings.ReplaceAll(m[1], "&amp;", "&")
	res, body := c.Get(link)
	if res.StatusCode != 200 || !strings.Contains(body, "check-answers") {
		t.Fatalf("change page %s: %d (its back link must go to check answers)", link, res.StatusCode)
	}
	form := formValues(body)
	multipart := strings.Contains(body, `enctype="multipart/form-data"`)
	res, body = post(c, link, form, nil, multipart)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/check-answers") {
		t.Fatalf("after a change: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), errorSummary(body))
	}
}

// formValues reads back the values a page shows (text inputs, textareas,
// checked radios and checkboxes, selected options): what a browser would post.
func formValues(body string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*>`).FindAllString(body, -1) {
		name := attr(m, "name")
		typ := attr(m, "type")
		if name == "" || name == "csrf_token" || typ == "file" || typ == "search" {
			continue
		}
		if (typ == "radio" || typ == "checkbox") && !strings.Contains(m, " checked") {
			continue
		}
		v.Add(name, htmlUnescape(attr(m, "value")))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		if s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], htmlUnescape(s[1]))
		}
	}
	return v
}

func attr(tag, name string) string {
	m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1]
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

func errorSummary(body string) string {
	if i := strings.Index(body, `govuk-error-summary__list`); i >= 0 {
		end := min(len(body), i+800)
		return body[i:end]
	}
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:min(len(body), i+1500)]
	}
	return body[:min(len(body), 500)]
}

// TestEveryPublicServiceJourney answers every bundled public service over
// HTTP and checks each became exactly one case.
func TestEveryPublicServiceJourney(t *testing.T) {
	e := newEnv(t)
	defs := publicServices(e.Registry.Load())
	if len(defs) < 5 {
		t.Fatalf("only %d public services", len(defs))
	}
	for _, def := range defs {
		t.Run(def.ID, func(t *testing.T) {
			c := e.Client(zeroPrincipal)
			ref := journey(t, e, c, def)
			if n := caseCount(e, def.ID); n != 1 {
				t.Errorf("%d cases of %s, want 1 (ref %s)", n, def.ID, ref)
			}
		})
	}
}
