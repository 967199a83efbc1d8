package advice

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Source is one published page: its title, its address and its text.
type Source struct {
	Title string
	URL   string
	Text  string
}

// FromDefinitions returns each service's start page as residents see it:
// the name, the summary and what the page says about the form.
func FromDefinitions(defs []*service.Definition, audience service.Audience) []Source {
	var out []Source
	for _, d := range defs {
		if !d.HasAudience(audience) {
			continue
		}
		out = append(out, Source{Title: d.Name, URL: "/services/" + d.ID,
			Text: d.Summary + "\n\nIt takes around 5 minutes. You will get a reference number to track your request."})
	}
	return out
}

// LoadFolder reads the council's published pages from *.md and *.txt files
// at the top of fsys. A page's first line "# Title" is its title and a line
// "URL: https://…" its address; the rest is its text, paragraphs apart.
func LoadFolder(fsys fs.FS) ([]Source, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read advice content: %w", err)
	}
	var names []string
	for _, e := range entries {
		if ext := path.Ext(e.Name()); !e.IsDir() && (ext == ".md" || ext == ".txt") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []Source
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read advice content %s: %w", name, err)
		}
		out = append(out, parseSource(name, string(b)))
	}
	return out, nil
}

func parseSource(name, text string) Source {
	s := Source{Title: strings.TrimSuffix(name, path.Ext(name))}
	var body []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		switch t := strings.TrimSpace(line); {
		case strings.HasPrefix(t, "# ") && len(body) == 0 && s.Title == strings.TrimSuffix(name, path.Ext(name)):
			s.Title = strings.TrimSpace(t[2:])
		case strings.HasPrefix(t, "URL:"):
			s.URL = strings.TrimSpace(t[4:])
		default:
			body = append(body, line)
		}
	}
	s.Text = strings.TrimSpace(strings.Join(body, "\n"))
	return s
}
