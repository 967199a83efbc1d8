package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/lang"
)

//go:embed templates
var templateFS embed.FS

// Area is one part of the site with its own service name and navigation:
// the front door, the staff workspace.
type Area struct {
	// ServiceName is shown in the service navigation bar and the <title>.
	ServiceName string
	ServiceURL  string
	Nav         []NavItem
	// Bilingual areas (the front door, the error pages) speak the
	// resident's language; the others are English.
	Bilingual bool
	// LangSwitch shows the link to the page in the other language. The
	// error pages have none: their address may hold what a person may not
	// see (a case reference), and the link would repeat it.
	LangSwitch bool
}

// Site is the council, as configured.
type Site struct {
	CouncilName string
	LogoURL     string
	Phase       string
	FeedbackURL string
	FooterLinks []NavItem
}

// View is the data every page template receives.
type View struct {
	Site Site
	Area Area
	// Page is the handler's typed page struct.
	Page any
	// CSRF is the form token; forms include it with {{template "csrf" .}}.
	CSRF      string
	Principal access.Principal
	// Errors are the page's field errors (from Page's FieldErrors method).
	Errors []FieldError
	// Path is the request path.
	Path string
	// Lang is the page's language; Switch, on bilingual pages, links to
	// the same page in the other language.
	Lang   lang.Tag
	Switch *LangSwitch
}

// LangSwitch is the header's link to the page in the other language.
type LangSwitch struct {
	Current lang.Tag
	To      lang.Tag
	Href    string
}

// ErrorLister is implemented by page structs that have form errors.
type ErrorLister interface {
	FieldErrors() []FieldError
}

// baseTemplates is the parsed layout and partials, cloned for every page.
type baseTemplates struct {
	t *template.Template
}

func parseBase(s *Server) (*baseTemplates, error) {
	t := template.New("layout.html").Funcs(s.funcs())
	t, err := t.ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing layout: %w", err)
	}
	return &baseTemplates{t: t}, nil
}

// Renderer renders one area's pages in the shared layout.
type Renderer struct {
	s     *Server
	area  Area
	pages map[string]map[lang.Tag]*template.Template
}

// NewRenderer parses the page templates in fsys matching patterns, each in
// its own copy of the layout and partials. Files whose names start with "_"
// are the area's own partials, parsed into every page of the area. Each page
// must define "title" and "content"; it fails (so start-up fails) on a parse
// error, a page missing either, or a name used twice.
func (s *Server) NewRenderer(area Area, fsys fs.FS, patterns ...string) (*Renderer, error) {
	rd := &Renderer{s: s, area: area, pages: map[string]map[lang.Tag]*template.Template{}}
	if area.Bilingual && area.ServiceURL != "" {
		s.bilingual = append(s.bilingual, area)
	}
	var pages, partials []string
	for _, pat := range patterns {
		files, err := fs.Glob(fsys, pat)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", pat, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("web: no templates match %s", pat)
		}
		for _, f := range files {
			if strings.HasPrefix(path.Base(f), "_") {
				partials = append(partials, f)
			} else {
				pages = append(pages, f)
			}
		}
	}
	base, err := s.base.t.Clone()
	if err == nil && len(partials) > 0 {
		_, err = base.ParseFS(fsys, partials...)
	}
	if err != nil {
		return nil, fmt.Errorf("web: parsing partials: %w", err)
	}
	for _, f := range pages {
		if err := rd.parsePage(base, fsys, f); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

func (rd *Renderer) parsePage(base *template.Template, fsys fs.FS, file string) error {
	name := strings.TrimSuffix(path.Base(file), path.Ext(file))
	if _, dup := rd.pages[name]; dup {
		return fmt.Errorf("web: page %q defined twice (%s)", name, file)
	}
	t, err := base.Clone()
	if err == nil {
		t, err = t.ParseFS(fsys, file)
	}
	if err != nil {
		return fmt.Errorf("web: parsing %s: %w", file, err)
	}
	for _, must := range []string{"title", "content"} {
		if t.Lookup(must) == nil {
			return fmt.Errorf("web: %s does not define %q", file, must)
		}
	}
	if err := checkCalls(t); err != nil {
		return fmt.Errorf("web: %s: %w", file, err)
	}
	// Each language has its own copy whose t, date and datetime speak it,
	// so no template passes the language around. An area in English alone
	// renders only the English copy, and the parsed page is that copy:
	// copying a page with the whole layout and partials was most of
	// start-up's CPU (docs/performance.md, "Start-up").
	byLang := map[lang.Tag]*template.Template{lang.English: t}
	if rd.area.Bilingual {
		for _, l := range lang.All {
			if l == lang.English {
				continue
			}
			// Cloned before English funcs are set, and before any copy runs
			// (html/template refuses to clone a template once executed).
			tl, err := t.Clone()
			if err != nil {
				return fmt.Errorf("web: %s: %w", file, err)
			}
			byLang[l] = tl.Funcs(rd.s.langFuncs(l))
		}
	}
	t.Funcs(rd.s.langFuncs(lang.English))
	rd.pages[name] = byLang
	return nil
}

// checkCalls fails when a template calls one that is not defined, which
// html/template would only discover when the page is first rendered.
func checkCalls(t *template.Template) error {
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if err := walkCalls(t, tt.Name(), tt.Tree.Root); err != nil {
			return err
		}
	}
	return nil
}

func walkCalls(t *template.Template, in string, n parse.Node) error {
	switch n := n.(type) {
	case *parse.TemplateNode:
		if t.Lookup(n.Name) == nil {
			return fmt.Errorf("template %q calls undefined template %q", in, n.Name)
		}
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := walkCalls(t, in, c); err != nil {
				return err
			}
		}
	case *parse.IfNode:
		return walkBranch(t, in, &n.BranchNode)
	case *parse.RangeNode:
		return walkBranch(t, in, &n.BranchNode)
	case *parse.WithNode:
		return walkBranch(t, in, &n.BranchNode)
	}
	return nil
}

func walkBranch(t *template.Template, in string, b *parse.BranchNode) error {
	if err := walkCalls(t, in, b.List); err != nil {
		return err
	}
	if b.ElseList != nil {
		return walkCalls(t, in, b.ElseList)
	}
	return nil
}

// BilingualAreas are the parts of the site residents read in their own
// language, each with its address and navigation: where a walk of every
// public page starts, so that a new area is walked without being listed.
// Call it after the areas have registered (it is not safe to call while
// they do).
func (s *Server) BilingualAreas() []Area { return slices.Clone(s.bilingual) }

// Has reports whether the renderer has a page called name.
func (rd *Renderer) Has(name string) bool { _, ok := rd.pages[name]; return ok }

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render executes page name with data page into a buffer, then writes it
// with status: a template error never leaves half a page.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, page any) error {
	byLang, ok := rd.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	v := rd.view(r, page)
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := byLang[v.Lang].ExecuteTemplate(buf, "layout.html", v); err != nil {
		return fmt.Errorf("web: rendering %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(v.Lang))
	if rd.area.Bilingual {
		h.Add("Vary", "Cookie, Accept-Language")
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

func (rd *Renderer) view(r *http.Request, page any) *View {
	c := rd.s.cfg
	v := &View{
		Site: Site{CouncilName: c.CouncilName, LogoURL: c.LogoURL, Phase: c.Phase, FeedbackURL: c.FeedbackURL, FooterLinks: c.FooterLinks},
		Area: rd.area, Page: page, CSRF: CSRFToken(r), Principal: PrincipalFrom(r.Context()), Path: r.URL.Path,
	}
	v.Lang = lang.English
	if rd.area.Bilingual {
		v.Lang = LangOf(r)
	}
	v.Site.CouncilName = rd.s.CouncilName(v.Lang)
	if rd.area.LangSwitch {
		v.Switch = &LangSwitch{Current: v.Lang, To: v.Lang.Other(), Href: switchHref(r, v.Lang.Other())}
	}
	v.Area.ServiceName = Messages.Sprintf(v.Lang, rd.area.ServiceName)
	v.Area.Nav = currentNav(translateNav(v.Lang, rd.area.Nav), r.URL.Path)
	v.Site.FooterLinks = translateNav(v.Lang, c.FooterLinks)
	if el, ok := page.(ErrorLister); ok {
		v.Errors = el.FieldErrors()
	}
	return v
}

// translateNav gives navigation items (set in English in Go or in the
// council's configuration) their text in language l.
func translateNav(l lang.Tag, items []NavItem) []NavItem {
	if len(items) == 0 {
		return nil
	}
	out := make([]NavItem, len(items))
	for i, it := range items {
		it.Text = Messages.Sprintf(l, it.Text)
		out[i] = it
	}
	return out
}

// currentNav marks the nav item whose href is the longest prefix of p.
func currentNav(items []NavItem, p string) []NavItem {
	if len(items) == 0 {
		return nil
	}
	out := make([]NavItem, len(items))
	best := -1
	for i, it := range items {
		out[i] = it
		if (p == it.Href || strings.HasPrefix(p, strings.TrimSuffix(it.Href, "/")+"/")) &&
			(best < 0 || len(it.Href) > len(items[best].Href)) {
			best = i
		}
	}
	if best >= 0 {
		out[best].Current = true
	}
	return out
}
