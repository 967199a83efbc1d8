package advice_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// modelServer speaks the OpenAI-compatible chat completions API: it
// answers with reply, or with status when it is set, and keeps every
// prompt it was sent so the test can read what left the machine.
type modelServer struct {
	*httptest.Server
	mu      sync.Mutex
	prompts []string
	reply   string
	status  int
}

func newModelServer(t *testing.T, reply string) *modelServer {
	m := &modelServer{reply: reply}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer test-key" {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		var req struct {
			Model    string `json:"model"`
			Messages []struct{ Role, Content string }
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != "council-model" {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		for _, msg := range req.Messages {
			m.prompts = append(m.prompts, msg.Content)
		}
		if m.status != 0 {
			w.WriteHeader(m.status)
			io.WriteString(w, `{"error":{"message":"the model is overloaded"}}`)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{
			"index": 0, "message": map[string]string{"role": "assistant", "content": m.reply}, "finish_reason": "stop"}}})
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *modelServer) sent() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return strings.Join(m.prompts, "\n")
}

var highwaysOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-hw", Name: "Hana Highways", MFA: true,
	Teams: []string{"highways"}, Grants: []access.Grant{{Role: "officer", Team: "highways"}}}

// draftReply is what the local model answers: one sentence from the case,
// and one it made up.
const draftReply = "Thank you for reporting the pothole outside the library on Mill Lane.\n" +
	"Our crew will repair it on Friday with a new tarmac patch."

func draftPlatform(t *testing.T, model *modelServer, fn func(t *testing.T, p *platformtest.Platform)) {
	platformtest.Each(t, fn, platformtest.Fixtures("report-a-pothole", "report-graffiti"),
		platformtest.Staff(highwaysOfficer, platformtest.Admin),
		platformtest.Configure(func(c *platform.Config) {
			c.AI = platform.AIConfig{LLMURL: model.URL + "/v1", LLMModel: "council-model", LLMKey: "test-key",
				LLMTimeout: 2 * time.Second, LLMDailyLimit: 1000, Off: []string{"draft:report-graffiti"}}
		}))
}

func potholeCase(p *platformtest.Platform) cases.Case {
	return p.Submit(access.Anonymous, "report-a-pothole", service.Answers{
		"location":  {Text: "Outside the library on Mill Lane, call me on 07700 900123 or write to jo@example.com"},
		"full_name": {Text: "Jo Bloggs"}, "email": {Text: "jo@example.com"}}, cases.ChannelWeb)
}

// TestDraftReply: an officer asks for a draft, edits it and sends it to
// the resident; the resident gets exactly the officer's text, the timeline
// and the audit say the model drafted it, the log records the edit, and the
// prompt that left the machine held no email address or phone number.
func TestDraftReply(t *testing.T) {
	model := newModelServer(t, draftReply)
	draftPlatform(t, model, func(t *testing.T, p *platformtest.Platform) {
		c := potholeCase(p)
		officer := p.Client(highwaysOfficer)

		res, body := officer.Get("/workspace/cases/" + c.Ref)
		status(t, res, http.StatusOK, body)
		draftLink := "/workspace/draft?case=" + url.QueryEscape(c.Ref)
		if !strings.Contains(body, `href="`+html.EscapeString(draftLink)+`"`) {
			t.Fatalf("case page has no link to %s", draftLink)
		}
		res, body = officer.Get(draftLink)
		status(t, res, http.StatusOK, body)
		res, drafted := officer.PostForm("/workspace/draft", url.Values{"case": {c.Ref}})
		status(t, res, http.StatusOK, drafted)
		if reply := textarea(drafted, "reply"); reply != draftReply {
			t.Fatalf("draft in the box = %q, want the model's %q", reply, draftReply)
		}
		if got := all(drafted, `<li>(.*?)</li>`); len(got) != 1 || got[0] != "Our crew will repair it on Friday with a new tarmac patch." {
			t.Errorf("sentences to check = %q, want only the made-up one", got)
		}
		prompt := model.sent()
		for _, leaked := range []string{"07700 900123", "jo@example.com", "Jo Bloggs"} {
			if strings.Contains(prompt, leaked) {
				t.Errorf("the prompt sent to the model holds %q:\n%s", leaked, prompt)
			}
		}
		if !strings.Contains(prompt, "Outside the library on Mill Lane, call me on [phone] or write to [email]") {
			t.Errorf("the prompt lacks the redacted request:\n%s", prompt)
		}

		// No choice of who sees it: nothing is sent.
		form := url.Values{"case": {c.Ref}, "suggestion": {hidden(drafted, "suggestion")}, "to": {hidden(drafted, "to")},
			"reply": {"Thank you for reporting the pothole outside the library on Mill Lane.\r\nWe will inspect it within 5 working days."}}
		res, body = officer.PostForm("/workspace/draft/send", form)
		status(t, res, http.StatusUnprocessableEntity, body)
		if n := len(notices(t, p, c.Ref, "Update on")); n != 0 {
			t.Fatalf("%d notes sent before the officer chose who sees it", n)
		}

		form.Set("visibility", string(cases.Resident))
		res, body = officer.PostForm("/workspace/draft/send", form)
		status(t, res, http.StatusSeeOther, body)
		if loc := res.Header.Get("Location"); loc != "/workspace/cases/"+c.Ref+"#timeline" {
			t.Errorf("sent: lands on %q", loc)
		}
		got := notices(t, p, c.Ref, "Update on")
		if len(got) != 1 {
			t.Fatalf("%d update emails, want 1", len(got))
		}
		want := "Thank you for reporting the pothole outside the library on Mill Lane.\nWe will inspect it within 5 working days."
		if got[0].To != "jo@example.com" || got[0].Body != want {
			t.Errorf("the resident received to %q:\n%s\nwant to jo@example.com:\n%s", got[0].To, got[0].Body, want)
		}

		// Sending the same draft again is refused: one draft, one message.
		res, body = officer.PostForm("/workspace/draft/send", form)
		status(t, res, http.StatusUnprocessableEntity, body)
		want = "This draft has already been sent or discarded. Ask for a new draft, or write the reply on the case page"
		if msg := all(body, `<p id="reply-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> (.*?)</p>`); len(msg) != 1 || msg[0] != want {
			t.Errorf("second send says %q, want %q", msg, want)
		}

		_, body = officer.Get("/workspace/cases/" + c.Ref)
		if tags := all(body, `govuk-tag--grey">(.*?)</strong>`); len(tags) != 1 || tags[0] != "Drafted by a language model, edited by the officer" {
			t.Errorf("timeline draft tags = %q", tags)
		}
		recs, err := p.Store.AISuggestions(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Feature != triage.FeatureDraft || recs[0].Outcome != triage.OutcomeCorrected ||
			recs[0].Actor != highwaysOfficer.UserID || recs[0].CaseRef != c.Ref || recs[0].ChosenText() == "" {
			t.Errorf("AI log = %+v, want one draft decided as edited by the officer", recs)
		}
	})
}

// TestDraftSentOnceUnderRace: the same draft sent by ten requests at once
// (a double click, two tabs) becomes one note and one message.
func TestDraftSentOnceUnderRace(t *testing.T) {
	model := newModelServer(t, "We have received your report and will inspect the pothole.")
	draftPlatform(t, model, func(t *testing.T, p *platformtest.Platform) {
		c := potholeCase(p)
		officer := p.Client(highwaysOfficer)
		officer.Get("/workspace/draft?case=" + c.Ref)
		res, drafted := officer.PostForm("/workspace/draft", url.Values{"case": {c.Ref}})
		status(t, res, http.StatusOK, drafted)
		form := url.Values{"case": {c.Ref}, "suggestion": {hidden(drafted, "suggestion")}, "to": {"the resident"},
			"reply": {textarea(drafted, "reply")}, "visibility": {string(cases.Resident)}}
		// Ten tabs of the same officer, each with its own session and form token.
		var tabs []*webtest.Client
		for range 10 {
			tab := p.Client(highwaysOfficer)
			tab.Get("/workspace/draft?case=" + c.Ref)
			tabs = append(tabs, tab)
		}
		var wg sync.WaitGroup
		codes := make(chan int, len(tabs))
		for _, tab := range tabs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, _ := tab.PostForm("/workspace/draft/send", form)
				codes <- res.StatusCode
			}()
		}
		wg.Wait()
		close(codes)
		redirects := 0
		for code := range codes {
			if code == http.StatusSeeOther {
				redirects++
			}
		}
		if redirects != 1 {
			t.Errorf("%d sends accepted, want 1", redirects)
		}
		if n := len(notices(t, p, c.Ref, "Update on")); n != 1 {
			t.Errorf("%d update emails, want 1", n)
		}
		recs, _ := p.Store.AISuggestions(context.Background(), 10)
		if len(recs) != 1 || recs[0].Outcome != triage.OutcomeAccepted {
			t.Errorf("AI log = %+v, want one draft sent as drafted", recs)
		}
	})
}

// TestDraftRefusals: a model that fails is said so and nothing is logged
// as sent; a service with drafting switched off offers no link and refuses
// the page; an officer of another team cannot draft for the case.
func TestDraftRefusals(t *testing.T) {
	model := newModelServer(t, "unused")
	model.status = http.StatusServiceUnavailable
	draftPlatform(t, model, func(t *testing.T, p *platformtest.Platform) {
		c := potholeCase(p)
		officer := p.Client(highwaysOfficer)
		officer.Get("/workspace/draft?case=" + c.Ref)
		res, failed := officer.PostForm("/workspace/draft", url.Values{"case": {c.Ref}})
		status(t, res, http.StatusServiceUnavailable, failed)
		want := "Warning</span> The language model did not give a draft. Write the reply yourself on the case page, or try again in a few minutes."
		if w := all(failed, `govuk-visually-hidden">(Warning</span> .*?)</strong>`); len(w) != 1 || w[0] != want {
			t.Errorf("warning = %q, want %q", w, want)
		}

		graffiti := p.Submit(access.Anonymous, "report-graffiti", service.Answers{"full_name": {Text: "Sam"}, "email": {Text: "sam@example.com"},
			"location": {Location: &service.Location{Description: "Bus shelter on Station Road"}}, "details": {Text: "Tags sprayed on the glass"}}, cases.ChannelWeb)
		scene := access.Principal{Kind: access.KindStaff, UserID: "u-ss", Name: "Sol Scene", MFA: true,
			Teams: []string{"street-scene"}, Grants: []access.Grant{{Role: "officer", Team: "street-scene"}}}
		sc := p.Client(scene)
		res, page := sc.Get("/workspace/cases/" + graffiti.Ref)
		status(t, res, http.StatusOK, page)
		if strings.Contains(page, "/workspace/draft?") {
			t.Error("a service with drafting switched off links to the draft page")
		}
		res, body := sc.PostForm("/workspace/draft", url.Values{"case": {graffiti.Ref}})
		status(t, res, http.StatusForbidden, body)
		res, body = sc.PostForm("/workspace/draft", url.Values{"case": {c.Ref}})
		status(t, res, http.StatusNotFound, body)
		if recs, _ := p.Store.AISuggestions(context.Background(), 10); len(recs) != 0 {
			t.Errorf("refused drafts were logged: %+v", recs)
		}
	})
}

func status(t *testing.T, res *http.Response, want int, body string) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, body)
	}
}

// all returns the first group of every match of pattern in body, unescaped.
func all(body, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func hidden(body, name string) string {
	if v := all(body, `<input type="hidden" name="`+name+`" value="([^"]*)">`); len(v) == 1 {
		return v[0]
	}
	return ""
}

func textarea(body, name string) string {
	if v := all(body, `(?s)<textarea[^>]* name="`+name+`"[^>]*>(.*?)</textarea>`); len(v) == 1 {
		return v[0]
	}
	return ""
}

// notices are the emails queued for case ref whose subject starts with subject.
func notices(t *testing.T, p *platformtest.Platform, ref, subject string) []notify.Message {
	t.Helper()
	all, err := p.Store.ClaimOutbox(context.Background(), time.Now().Add(1000*time.Hour), 10000, time.Nanosecond)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Message
	for _, m := range all {
		var n notify.Message
		if m.Topic != jobs.TopicNotify || m.Key != ref || json.Unmarshal(m.Payload, &n) != nil || !strings.HasPrefix(n.Subject, subject) {
			continue
		}
		out = append(out, n)
	}
	return out
}
