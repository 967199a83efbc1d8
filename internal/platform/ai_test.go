package platform

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/advice"
	"github.com/guildhall-platform/guildhall/internal/chat"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/services"
)

// llmServer speaks the chat completions API, answering reply (or failing
// with status), and keeps the prompt it was sent.
func llmServer(t *testing.T, status int, reply string, prompt *string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Messages []chat.Message `json:"messages"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		*prompt = req.Messages[len(req.Messages)-1].Content
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": reply}}}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestGenerateKeepsToSources: a language model's answer is used only when it
// keeps to the quoted passages, and the question it is sent is redacted.
func TestGenerateKeepsToSources(t *testing.T) {
	quotes := []advice.Passage{{Text: "Green bins (garden waste) are collected every other week from March to November.", Title: "Bin collections"}}
	question := "when is my green bin collected? I'm at WV1 2AB, 07700 900123"
	tests := []struct {
		name   string
		status int
		reply  string
		want   string
		err    error
	}{
		{"grounded", 200, "Green bins are collected every other week from March to November [1].", "Green bins are collected every other week from March to November [1].", nil},
		{"invents a fact", 200, "Green bins are collected every Tuesday, and \"collection is free\".", "", advice.ErrUngrounded},
		{"adds a claim", 200, "Green bins are collected every Tuesday.", "", advice.ErrUngrounded},
		{"server fails", 503, "", "", fault.Unavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var prompt string
			ai := &AI{llm: &chat.Client{BaseURL: llmServer(t, tt.status, tt.reply, &prompt), Model: "m", Retries: -1, Timeout: time.Second}}
			got, err := ai.generate(context.Background(), lang.English, question, quotes)
			if got != tt.want || (tt.err == nil) != (err == nil) || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("got %q, %v; want %q, %v", got, err, tt.want, tt.err)
			}
			if prompt == "" || contains(prompt, "07700") || contains(prompt, "WV1 2AB") || !contains(prompt, "[1] Green bins") {
				t.Errorf("prompt sent: %q", prompt)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestExcludedServicesAreLeftAlone: a service an administrator excludes is
// neither learnt nor quoted.
func TestExcludedServicesAreLeftAlone(t *testing.T) {
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := &Platform{Registry: service.NewRegistry(cat), Config: Config{AI: AIConfig{Exclude: []string{"report-fly-tipping"}}}}
	defs := p.aiServices()
	if len(defs) != len(cat.All())-1 || slices.ContainsFunc(defs, func(d *service.Definition) bool { return d.ID == "report-fly-tipping" }) {
		t.Fatalf("services used: %d of %d", len(defs), len(cat.All()))
	}
	m := triage.Train(defs, nil, time.Time{})
	if got := m.Classify("someone dumped a mattress in the lane", service.AudiencePublic).Top(); got == "report-fly-tipping" {
		t.Errorf("an excluded service was suggested")
	}
	ai := &AI{}
	if err := ai.reindex(p.Config.AI.On, p.Config.AI, defs); err != nil {
		t.Fatal(err)
	}
	for _, q := range ai.index.Load().Answer("Report fly-tipping rubbish dumped illegally").Quotes {
		if strings.Contains(q.URL, "fly-tipping") {
			t.Errorf("an excluded service's page was quoted: %+v", q)
		}
	}
}

// TestAIOffIsChecked: a switch naming no feature, or written without its
// service, stops start-up with the flag named; On answers per feature and
// service, and an excluded service is off for every feature.
func TestAIOffIsChecked(t *testing.T) {
	for _, bad := range []string{"draft", "drafts:foi-request", "draft:", ":foi-request"} {
		err := AIConfig{Off: []string{bad}}.Validate()
		if err == nil || !strings.Contains(err.Error(), "--ai-off "+strconv.Quote(bad)) {
			t.Errorf("--ai-off %q: %v, want an error naming it", bad, err)
		}
	}
	c := AIConfig{Off: []string{"draft:foi-request"}, Exclude: []string{"complaint"}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		feature, id string
		want        bool
	}{
		{triage.FeatureDraft, "foi-request", false}, {triage.FeatureRouting, "foi-request", true},
		{triage.FeatureDraft, "report-a-pothole", true}, {triage.FeatureTriage, "complaint", false},
	} {
		if got := c.On(tt.feature, tt.id); got != tt.want {
			t.Errorf("On(%s, %s) = %v, want %v", tt.feature, tt.id, got, tt.want)
		}
	}
}
