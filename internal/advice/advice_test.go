package advice

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

func index(t *testing.T) *Index {
	t.Helper()
	content, err := LoadFolder(os.DirFS("testdata/content"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	return NewIndex(append(content, FromDefinitions(cat.All(), service.AudiencePublic)...))
}

func TestAnswerQuotesSources(t *testing.T) {
	ix := index(t)
	tests := []struct {
		question, want, url string
	}{
		{"when is my green bin collected", "Green bins (garden waste) are collected every other week from March to November.", "https://www.example-council.gov.uk/bins"},
		{"can I get a blue badge", "You can apply for a Blue Badge if", "https://www.example-council.gov.uk/blue-badge"},
		{"how much does a blue badge cost", "A Blue Badge costs £10", "https://www.example-council.gov.uk/blue-badge"},
		{"what time do I put my bin out", "Put your bin out by 7am", "https://www.example-council.gov.uk/bins"},
	}
	for _, tt := range tests {
		a := ix.Answer(tt.question)
		if a.DontKnow || len(a.Quotes) == 0 {
			t.Errorf("%q: don't know", tt.question)
			continue
		}
		found := false
		for _, q := range a.Quotes {
			found = found || (strings.Contains(q.Text, tt.want) && q.URL == tt.url)
		}
		if !found {
			t.Errorf("%q: quotes %+v, want one containing %q from %s", tt.question, a.Quotes, tt.want, tt.url)
		}
	}
}

// TestAnswerSaysOnlyWhatSourcesSay: every quote is verbatim text of its source.
func TestAnswerSaysOnlyWhatSourcesSay(t *testing.T) {
	ix := index(t)
	content, _ := LoadFolder(os.DirFS("testdata/content"))
	for _, q := range []string{"green bin", "blue badge cost", "missed bin", "pothole"} {
		for _, p := range ix.Answer(q).Quotes {
			if !inAnySource(p, content, ix) {
				t.Errorf("%q: quote %q is not in its source %s", q, p.Text, p.URL)
			}
		}
	}
}

func inAnySource(p Passage, content []Source, ix *Index) bool {
	for _, s := range content {
		if s.URL == p.URL && strings.Contains(strings.Join(strings.Fields(s.Text), " "), p.Text) {
			return true
		}
	}
	return strings.HasPrefix(p.URL, "/services/")
}

func TestAnswerDontKnow(t *testing.T) {
	ix := index(t)
	for _, q := range []string{"how do I register a birth", "", "what is the meaning of life", "school admissions"} {
		if a := ix.Answer(q); !a.DontKnow {
			t.Errorf("%q: want don't know, got %+v", q, a.Quotes)
		}
	}
}

func TestGrounded(t *testing.T) {
	src := []Passage{{Text: "A Blue Badge costs £10 and lasts up to three years. Apply on GOV.UK; we decide most applications within 12 weeks.", URL: "u"}}
	tests := []struct {
		answer string
		ok     bool
	}{
		{`A Blue Badge costs £10 and lasts up to three years [1].`, true},
		{`"A Blue Badge costs £10" and it lasts up to three years.`, true},
		{`"A Blue Badge is free" for everyone.`, false},
		{`A Blue Badge costs £10. You will certainly get one if you ask nicely.`, false},
		{``, false},
	}
	for _, tt := range tests {
		err := Grounded(tt.answer, src)
		if (err == nil) != tt.ok {
			t.Errorf("Grounded(%q) = %v, want ok %v", tt.answer, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrUngrounded) {
			t.Errorf("Grounded(%q) = %v, want ErrUngrounded", tt.answer, err)
		}
	}
}
