package frontdoor_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestPages is the scenario table for every front-door page and error.
func TestPages(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	webtest.Run(t, c, []webtest.Scenario{
		{Name: "start page lists public services by category", URL: "/", Status: 200,
			Contains:    []string{"Find a council service", "Report a pothole", "Roads and transport", "Council Tax", "Testshire Council", "govuk-phase-banner", "Skip to main content"},
			NotContains: []string{"Risk register", "IT service request", "Member enquiry"},
			Header:      map[string]string{"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff"}},
		{Name: "search: pot hole", URL: "/search?q=pot+hole", Status: 200, Contains: []string{"Report a pothole"}},
		{Name: "search: typo", URL: "/search?q=pothle", Status: 200, Contains: []string{"Report a pothole"}},
		{Name: "search: bin not collected", URL: "/search?q=bin+not+collected", Status: 200, Contains: []string{"missed-bin-collection"}},
		{Name: "search: FOI", URL: "/search?q=FOI", Status: 200, Contains: []string{"foi-request"}},
		{Name: "search: moving house", URL: "/search?q=moving+house", Status: 200, Contains: []string{"moving-home"}},
		{Name: "search: staff services stay hidden", URL: "/search?q=risk+register", Status: 200, NotContains: []string{"/services/risk-register"}},
		{Name: "search: nothing", URL: "/search?q=zzzzqqqq", Status: 200, Contains: []string{"0 results", "browse all services"}},
		{Name: "service start page", URL: "/services/report-a-pothole", Status: 200,
			Contains: []string{"Report a pothole", "Start now", "/services/report-a-pothole/questions/where"}},
		{Name: "staff service is not found", URL: "/services/risk-register", Status: 404, Contains: []string{"Page not found"}},
		{Name: "unknown service", URL: "/services/nope", Status: 404, Contains: []string{"Page not found"}},
		{Name: "unknown page", URL: "/services/report-a-pothole/questions/nope", Status: 404},
		{Name: "question page", URL: "/services/report-a-pothole/questions/where", Status: 200,
			Contains: []string{`<h1 class="govuk-fieldset__heading">Where is the pothole?</h1>`, `name="location-description"`, `name="csrf_token"`, `href="/services/report-a-pothole"`}},
		{Name: "empty answer shows the error summary and inline error", Method: "POST", URL: "/services/report-a-pothole/questions/where",
			Form: url.Values{}, Status: 422,
			Contains: []string{"<title>Error: ", "There is a problem", `href="#location-description"`, "govuk-error-message"}},
		{Name: "radios required message", Method: "POST", URL: "/services/report-a-pothole/questions/surface", Form: url.Values{}, Status: 422,
			Contains: []string{"Select where the damage is", `href="#surface"`}},
		{Name: "date error names the box", Method: "POST", URL: "/services/missed-bin-collection/questions/bin",
			Form: url.Values{"bin_type": {"general"}, "collection_date-day": {"3"}, "collection_date-year": {"2025"}}, Status: 422,
			Contains: []string{`href="#collection_date-month"`, "must include a month"}},
		{Name: "phone is validated", Method: "POST", URL: "/services/report-a-pothole/questions/you",
			Form: url.Values{"full_name": {"Sam"}, "email": {"sam@example.org"}, "phone": {"12"}}, Status: 422, Contains: []string{`href="#phone"`}},
		{Name: "good page moves on", Method: "POST", URL: "/services/report-a-pothole/questions/where",
			Form: url.Values{"location-description": {"Outside 12 Station Road"}}, Status: 303, Location: "/services/report-a-pothole/questions/surface"},
		{Name: "answer kept for the back button", URL: "/services/report-a-pothole/questions/where", Status: 200, Contains: []string{"Outside 12 Station Road"}},
		{Name: "check answers before finishing goes back to the first gap", URL: "/services/report-a-pothole/check-answers", Status: 303,
			Location: "/services/report-a-pothole/questions/surface"},
		{Name: "confirmation before submitting goes to the start", URL: "/services/report-a-pothole/confirmation", Status: 303, Location: "/services/report-a-pothole"},
		{Name: "track form", URL: "/track", Status: 200, Contains: []string{"Track your request", `name="ref"`, `name="contact"`}},
		{Name: "track empty", Method: "POST", URL: "/track", Form: url.Values{}, Status: 422,
			Contains: []string{"Enter your reference number", "Enter the email address or phone number you gave"}},
		{Name: "track unknown", Method: "POST", URL: "/track", Form: url.Values{"ref": {"AAAA-BBBB"}, "contact": {"x@example.org"}}, Status: 422,
			Contains: []string{"No request matches"}},
		{Name: "accessibility statement", URL: "/accessibility", Status: 200, Contains: []string{"Accessibility statement", "WCAG"}},
		{Name: "cookies", URL: "/cookies", Status: 200, Contains: []string{"guildhall_frontdoor"}},
		{Name: "privacy", URL: "/privacy", Status: 200, Contains: []string{"Privacy notice"}},
		{Name: "not found page", URL: "/no/such/page", Status: 404, Contains: []string{"Page not found", "If you typed the web address"}},
		{Name: "form without token", Method: "POST", URL: "/services/report-a-pothole/questions/where", NoToken: true,
			Form: url.Values{"location-description": {"x"}}, Status: 403, Contains: []string{"You cannot do that"}},
		{Name: "cross-origin form refused", Method: "POST", URL: "/services/report-a-pothole/questions/where",
			Headers: map[string]string{"Sec-Fetch-Site": "cross-site"}, Form: url.Values{"location-description": {"x"}}, Status: 403},
		{Name: "foreign Origin refused", Method: "POST", URL: "/track",
			Headers: map[string]string{"Origin": "https://evil.example"}, Form: url.Values{"ref": {"AAAA-BBBB"}, "contact": {"x"}}, Status: 403},
	})
}

// TestSubmitOnce: a refresh of the confirmation page and a replayed final
// POST create no second case; the resident can track the one case.
func TestSubmitOnce(t *testing.T) {
	e := newEnv(t)
	def, _ := e.Registry.Load().Get("report-a-pothole")
	c := e.Client(zeroPrincipal)
	ref := journey(t, e, c, def)
	webtest.Run(t, c, []webtest.Scenario{
		{Name: "refresh confirmation", URL: "/services/report-a-pothole/confirmation", Status: 200, Contains: []string{ref}},
		{Name: "replay the final POST", Method: "POST", URL: "/services/report-a-pothole/check-answers", Status: 303,
			Location: "/services/report-a-pothole/confirmation"},
		{Name: "check answers after submitting", URL: "/services/report-a-pothole/check-answers", Status: 303,
			Location: "/services/report-a-pothole/confirmation"},
		{Name: "track with email", Method: "POST", URL: "/track", Form: url.Values{"ref": {strings.ToLower(strings.ReplaceAll(ref, "-", " "))}, "contact": {"sam.resident@example.org"}},
			Status: 200, Contains: []string{"Your request " + ref, "Request received", "Report a pothole"}},
		{Name: "track with phone", Method: "POST", URL: "/track", Form: url.Values{"ref": {ref}, "contact": {"+44 7700 900123"}}, Status: 200, Contains: []string{ref}},
		{Name: "track with someone else's email", Method: "POST", URL: "/track", Form: url.Values{"ref": {ref}, "contact": {"other@example.org"}}, Status: 422,
			Contains: []string{"No request matches"}, NotContains: []string{"Request received"}},
		{Name: "starting again begins a new draft", URL: "/services/report-a-pothole/questions/where", Status: 200,
			NotContains: []string{"Outside 12 Station Road"}},
	})
	if n := caseCount(e, "report-a-pothole"); n != 1 {
		t.Errorf("%d cases after refresh and replay, want 1", n)
	}
}

// TestDoubleSubmitConcurrent: two "Accept and send" posts at once (a double
// click, or a retry racing the first) still make one case.
func TestDoubleSubmitConcurrent(t *testing.T) {
	e := newEnv(t)
	def, _ := e.Registry.Load().Get("missed-bin-collection")
	c := e.Client(zeroPrincipal)
	c.Get("/services/" + def.ID)
	answers := service.Answers{}
	path := "/services/" + def.ID + "/questions/" + def.Pages[0].ID
	for range 20 {
		if strings.HasSuffix(path, "/check-answers") {
			break
		}
		path = answerPage(t, e, c, def, path, answers)
	}
	done := make(chan int, 2)
	for range 2 {
		go func() {
			res, _ := c.PostForm(path, nil)
			done <- res.StatusCode
		}()
	}
	for range 2 {
		if code := <-done; code != http.StatusSeeOther {
			t.Errorf("concurrent submit: %d", code)
		}
	}
	if n := caseCount(e, def.ID); n != 1 {
		t.Errorf("%d cases after a double submit, want 1", n)
	}
}

// TestAssistedDigital: an officer fills in a public service for a resident.
func TestAssistedDigital(t *testing.T) {
	e := newEnv(t)
	def, _ := e.Registry.Load().Get("report-a-pothole")
	c := e.Client(officer)
	res, body := c.Get("/services/report-a-pothole/questions/where")
	if res.StatusCode != 200 || !strings.Contains(body, "You are filling this in on behalf of a resident") {
		t.Fatalf("assisted banner missing: %d", res.StatusCode)
	}
	ref := journey(t, e, c, def)
	got, err := e.Store.CaseByRef(t.Context(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Channel != cases.ChannelAssisted || got.CreatedBy != officer.UserID {
		t.Errorf("case channel %q created by %q, want assisted by %s", got.Channel, got.CreatedBy, officer.UserID)
	}
	_, body = e.Client(zeroPrincipal).Get("/services/report-a-pothole/questions/where")
	if strings.Contains(body, "on behalf of a resident") {
		t.Error("a resident sees the assisted digital banner")
	}
}

// TestUploadRefusedByContent: a renamed .exe is refused although it is
// called .pdf; a real PDF is kept in blob storage by its hash.
func TestUploadRefusedByContent(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	c.Get("/services/report-a-pothole/questions/photo")
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...)
	res, body := c.PostMultipart("/services/report-a-pothole/questions/photo", url.Values{}, webtest.File{Field: "photo", Name: "invoice.pdf", Body: exe})
	if res.StatusCode != 422 || !strings.Contains(body, "The selected file must be") {
		t.Fatalf("renamed exe: %d\n%s", res.StatusCode, errorSummary(body))
	}
	if e.StoredFiles() != 0 {
		t.Error("a refused file was stored")
	}
	res, body = c.PostMultipart("/services/report-a-pothole/questions/photo", url.Values{}, webtest.File{Field: "photo", Name: "pothole.png", Body: tinyPNG})
	if res.StatusCode != 303 || e.StoredFiles() != 1 {
		t.Fatalf("real PNG: %d, %d blobs\n%s", res.StatusCode, e.StoredFiles(), errorSummary(body))
	}
	_, body = c.Get("/services/report-a-pothole/questions/photo")
	if !strings.Contains(body, "You have uploaded pothole.png") {
		t.Error("the upload is not shown when coming back to the page")
	}
}

// TestRateLimitedSubmissions: too many posts from one client get the GOV.UK
// style "too many requests" page with Retry-After.
func TestRateLimitedSubmissions(t *testing.T) {
	e := newEnv(t, servesLimits())
	c := e.Client(zeroPrincipal)
	c.Get("/services/report-a-pothole/questions/where")
	var last *http.Response
	var body string
	for range 40 {
		last, body = c.PostForm("/services/report-a-pothole/questions/where", url.Values{})
		if last.StatusCode == http.StatusTooManyRequests {
			break
		}
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many requests") {
		t.Fatalf("after 40 posts: %d Retry-After=%q", last.StatusCode, last.Header.Get("Retry-After"))
	}
	if res, _ := c.Get("/"); res.StatusCode != 200 {
		t.Errorf("pages still load while posts are limited: %d", res.StatusCode)
	}
}
