package advice

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

func index(t *testing.T) *Index {
	t.Helper()
	content, err := LoadFolder(context.Background(), os.DirFS("testdata/content"), nil)
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
	content, _ := LoadFolder(context.Background(), os.DirFS("testdata/content"), nil)
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

// TestPublishedDocumentsNeedAnAddress: a published document in the content
// folder is read only with the file saying where it is published; one
// without it, or without a URL in it, stops the load naming the file.
func TestPublishedDocumentsNeedAnAddress(t *testing.T) {
	words := func(_ context.Context, contentType string, data []byte) (string, error) {
		if contentType != service.MIMEPDF {
			return "", fmt.Errorf("asked to read %s", contentType)
		}
		return string(data), nil
	}
	fsys := fstest.MapFS{
		"minutes.pdf":       {Data: []byte("The committee approved the plan.")},
		"minutes.pdf.about": {Data: []byte("# Planning committee minutes\nURL: https://example.gov.uk/minutes.pdf\n")},
	}
	got, err := LoadFolder(context.Background(), fsys, words)
	want := []Source{{Title: "Planning committee minutes", URL: "https://example.gov.uk/minutes.pdf", Text: "The committee approved the plan."}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("LoadFolder = %+v, %v; want %+v", got, err, want)
	}
	if got, err := LoadFolder(context.Background(), fsys, nil); err != nil || len(got) != 0 {
		t.Errorf("without a reader, documents were read: %+v %v", got, err)
	}
	fsys["minutes.pdf.about"] = &fstest.MapFile{Data: []byte("# Planning committee minutes\n")}
	if _, err := LoadFolder(context.Background(), fsys, words); err == nil || err.Error() != "advice content minutes.pdf.about: it has no URL: line saying where minutes.pdf is published" {
		t.Errorf("no URL: %v", err)
	}
	delete(fsys, "minutes.pdf.about")
	if _, err := LoadFolder(context.Background(), fsys, words); err == nil || !strings.HasPrefix(err.Error(), "advice content minutes.pdf: no minutes.pdf.about beside it") {
		t.Errorf("no .about: %v", err)
	}
}
