package advice_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// welshAnswer is the local model's answer: the Welsh start page of the
// missed bin service, cited.
const welshAnswer = "Rhowch wybod i ni os na chafodd eich bin ei wagio ar eich diwrnod casglu [1]."

// TestAskInWelsh: a resident using the Welsh site asks in Welsh. The pages
// are Welsh (no text left from the English pages but what they typed and
// the council's English passages), the suggested service is named in
// Welsh, and the language model is asked to answer in Welsh; its Welsh
// answer, grounded in the service's Welsh start page, is shown. The same
// question on the English site asks for no Welsh.
func TestAskInWelsh(t *testing.T) {
	model := newModelServer(t, welshAnswer)
	opts := append(slices.Clone(envOptions), platformtest.Configure(func(c *platform.Config) {
		c.AI.LLMURL, c.AI.LLMModel, c.AI.LLMKey = model.URL+"/v1", "council-model", "test-key"
		c.AI.LLMTimeout, c.AI.LLMDailyLimit = 2*time.Second, 1000
	}))
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		cy, en := e.Client(access.Anonymous), e.Client(access.Anonymous)
		cy.Get("/ask?lang=cy")
		ask := url.Values{"need": {"ni chafodd fy min ei wagio ar y diwrnod casglu"}}
		same := func(s string) bool { return s == ask.Get("need") || s == "English" || s == "Cymraeg" || s == "beta" }
		for _, path := range []string{"/ask", "/ai"} {
			_, cyBody := cy.Get(path)
			_, enBody := en.Get(path)
			for _, s := range webtest.Untranslated(cyBody, enBody, same) {
				t.Errorf("GET %s: English on the Welsh page: %q", path, s)
			}
		}
		_, cyBody := cy.PostForm("/ask", url.Values{"need": {""}})
		_, enBody := en.PostForm("/ask", url.Values{"need": {""}})
		for _, s := range webtest.Untranslated(cyBody, enBody, same) {
			t.Errorf("an empty question: English on the Welsh page: %q", s)
		}

		res, cyBody := cy.PostForm("/ask", ask)
		for _, want := range []string{`<html lang="cy"`, "Beth a ganfuwyd gennym", "Gwasanaethau a allai helpu",
			"Rhoi gwybod am gasgliad bin a fethwyd", "Pam rydym yn ei awgrymu:", "Beth mae ein tudalennau’n ei ddweud", welshAnswer} {
			if !strings.Contains(cyBody, want) {
				t.Errorf("the Welsh answer page (%d) lacks %q:\n%s", res.StatusCode, want, cyBody)
			}
		}
		if !strings.Contains(model.sent(), "write the answer in Welsh (Cymraeg)") {
			t.Errorf("the model was not asked to answer in Welsh: %q", model.sent())
		}
		model.forget()
		_, enBody = en.PostForm("/ask", ask)
		if strings.Contains(model.sent(), "Welsh") || model.sent() == "" {
			t.Errorf("the English site's question: prompts %q", model.sent())
		}
		if strings.Contains(enBody, "Beth a ganfuwyd gennym") {
			t.Error("the English page is in Welsh")
		}
	}, opts...)
}

// forget drops the prompts kept so far.
func (m *modelServer) forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prompts = nil
}
