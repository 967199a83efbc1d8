package advice

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Source is one published page: its title, its address and its text.
type Source struct {
	Title string
	URL   string
	Text  string
}

// FromDefinitions returns each service's start page as residents see it:
// the name, the summary and what the page says about the form; and, for a
// service offered in Welsh, its Welsh start page too, so that a question
// asked in Welsh is answered from Welsh words.
func FromDefinitions(defs []*service.Definition, audience service.Audience) []Source {
	var out []Source
	for _, d := range defs {
		if !d.HasAudience(audience) {
			continue
		}
		out = append(out, Source{Title: d.Name, URL: "/services/" + d.ID,
			Text: d.Summary + "\n\nIt takes around 5 minutes. You will get a reference number to track your request."})
		if d.Offers(lang.Welsh) {
			cy := d.In(lang.Welsh)
			out = append(out, Source{Title: cy.Name, URL: "/services/" + d.ID + "?lang=cy",
				Text: cy.Summary + "\n\nMae’n cymryd tua 5 munud. Byddwch yn cael cyfeirnod i olrhain eich cais."})
		}
	}
	return out
}

// DocumentText reads the words of a published document of contentType
// (PDF, Word, OpenDocument); the platform passes the records extractor,
// so documents are read as the records search reads them.
type DocumentText func(ctx context.Context, contentType string, data []byte) (string, error)

// documentTypes are the published documents LoadFolder reads, by extension.
var documentTypes = map[string]string{".pdf": service.MIMEPDF, ".docx": service.MIMEDOCX, ".odt": service.MIMEODT}

// aboutSuffix names the file that says where a published document is
// published and what it is called: minutes.pdf has minutes.pdf.about.
const aboutSuffix = ".about"

// LoadFolder reads the council's published pages from *.md and *.txt files
// at the top of fsys. A page's first line "# Title" is its title and a line
// "URL: https://…" its address; the rest is its text, paragraphs apart.
//
// With text, it also reads published documents (*.pdf, *.docx, *.odt) —
// minutes, policies, the publication scheme. Each must have a file beside
// it named after it with ".about" added, holding its "# Title" and
// "URL: …" lines as a page does: a passage quoted to a resident must link
// to where they can read the whole, so a document without one stops the
// load with its name. A document with no words to read (a scan, when OCR
// is not installed) adds nothing.
func LoadFolder(ctx context.Context, fsys fs.FS, text DocumentText) ([]Source, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read advice content: %w", err)
	}
	var names []string
	for _, e := range entries {
		ext := path.Ext(e.Name())
		_, doc := documentTypes[ext]
		if !e.IsDir() && (ext == ".md" || ext == ".txt" || (doc && text != nil)) {
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
		ct, doc := documentTypes[path.Ext(name)]
		if !doc {
			out = append(out, parseSource(name, string(b)))
			continue
		}
		about, err := fs.ReadFile(fsys, name+aboutSuffix)
		if err != nil {
			return nil, fmt.Errorf("advice content %s: no %s beside it saying where it is published (# Title and URL: lines): %w", name, name+aboutSuffix, err)
		}
		src := parseSource(name, string(about))
		if src.URL == "" {
			return nil, fmt.Errorf("advice content %s: it has no URL: line saying where %s is published", name+aboutSuffix, name)
		}
		words, err := text(ctx, ct, b)
		if err != nil {
			return nil, fmt.Errorf("advice content %s: %w", name, err)
		}
		if src.Text = strings.TrimSpace(words); src.Text != "" {
			out = append(out, src)
		}
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
