package scim

import (
	"encoding/json"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Filter is a parsed SCIM filter: comparisons that must all hold (Entra uses
// only "eq" and "and"). The empty Filter matches everything.
type Filter []Comparison

// Comparison is one "attrPath eq value".
type Comparison struct {
	Path  Path
	Value any // string, float64, bool or nil
}

// Path is an attribute path: attr[.sub], attr[selector].sub, or the same with
// a schema URN prefix ("urn:…:enterprise:2.0:User:employeeNumber").
type Path struct {
	URN  string // schema URN, when the path had one
	Attr string
	// Selector filters a multi-valued attribute ("emails[type eq "work"]").
	Selector Filter
	Sub      string
}

func (p Path) String() string {
	s := p.Attr
	if p.URN != "" {
		s = p.URN + ":" + s
	}
	if len(p.Selector) > 0 {
		s += "[" + p.Selector.String() + "]"
	}
	if p.Sub != "" {
		s += "." + p.Sub
	}
	return s
}

// maxFilter bounds the input so that a hostile filter cannot cost much.
const maxFilter = 4096

// ParseFilter parses a filter of eq comparisons joined by and, with
// case-insensitive operators. Anything else (or, not, co, sw, gt …) is an
// error the caller reports as scimType invalidFilter.
func ParseFilter(s string) (Filter, error) {
	if len(s) > maxFilter {
		return nil, fault.New(fault.Invalid, "filter longer than %d bytes", maxFilter)
	}
	p := &parser{s: s}
	f, err := p.filter(false)
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i != len(p.s) {
		return nil, fault.New(fault.Invalid, "unexpected %q at %d", p.rest(), p.i)
	}
	return f, nil
}

// ParsePath parses a PATCH path: attr, attr.sub, attr[selector], attr[selector].sub,
// optionally with a schema URN prefix.
func ParsePath(s string) (Path, error) {
	if len(s) > maxFilter {
		return Path{}, fault.New(fault.Invalid, "path longer than %d bytes", maxFilter)
	}
	p := &parser{s: s}
	p.skipSpace()
	path, err := p.path(false)
	if err != nil {
		return Path{}, err
	}
	if p.skipSpace(); p.i != len(p.s) {
		return Path{}, fault.New(fault.Invalid, "unexpected %q at %d", p.rest(), p.i)
	}
	return path, nil
}

type parser struct {
	s string
	i int
}

func (p *parser) rest() string {
	r := p.s[p.i:]
	if len(r) > 20 {
		r = r[:20]
	}
	return r
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// filter parses comparisons joined by "and"; inSelector stops at ']'.
func (p *parser) filter(inSelector bool) (Filter, error) {
	var f Filter
	for {
		p.skipSpace()
		c, err := p.comparison(inSelector)
		if err != nil {
			return nil, err
		}
		f = append(f, c)
		p.skipSpace()
		if !p.keyword("and") {
			return f, nil
		}
	}
}

// keyword consumes word (case-insensitively) when it stands alone.
func (p *parser) keyword(word string) bool {
	end := p.i + len(word)
	if end > len(p.s) || !strings.EqualFold(p.s[p.i:end], word) {
		return false
	}
	if end < len(p.s) && p.s[end] != ' ' && p.s[end] != '\t' {
		return false
	}
	p.i = end
	return true
}

func (p *parser) comparison(inSelector bool) (Comparison, error) {
	path, err := p.path(inSelector)
	if err != nil {
		return Comparison{}, err
	}
	p.skipSpace()
	if !p.keyword("eq") {
		return Comparison{}, fault.New(fault.Invalid, "only the eq operator is supported, at %d (%q)", p.i, p.rest())
	}
	p.skipSpace()
	v, err := p.value()
	if err != nil {
		return Comparison{}, err
	}
	return Comparison{Path: path, Value: v}, nil
}

// path reads an attribute path. Inside a selector only plain names are allowed.
func (p *parser) path(inSelector bool) (Path, error) {
	start := p.i
	for p.i < len(p.s) && isPathChar(p.s[p.i]) {
		p.i++
	}
	name := p.s[start:p.i]
	if name == "" {
		return Path{}, fault.New(fault.Invalid, "expected an attribute name at %d", start)
	}
	var path Path
	if strings.HasPrefix(strings.ToLower(name), "urn:") {
		k := strings.LastIndexByte(name, ':')
		path.URN, name = name[:k], name[k+1:]
	}
	path.Attr, path.Sub, _ = strings.Cut(name, ".")
	if !validName(path.Attr) || (path.Sub != "" && !validName(path.Sub)) {
		return Path{}, fault.New(fault.Invalid, "bad attribute name %q", name)
	}
	if p.i < len(p.s) && p.s[p.i] == '[' {
		if inSelector || path.Sub != "" {
			return Path{}, fault.New(fault.Invalid, "unexpected [ at %d", p.i)
		}
		p.i++
		sel, err := p.filter(true)
		if err != nil {
			return Path{}, err
		}
		if p.i >= len(p.s) || p.s[p.i] != ']' {
			return Path{}, fault.New(fault.Invalid, "expected ] at %d", p.i)
		}
		p.i++
		path.Selector = sel
		if p.i < len(p.s) && p.s[p.i] == '.' {
			p.i++
			start := p.i
			for p.i < len(p.s) && isNameChar(p.s[p.i]) {
				p.i++
			}
			path.Sub = p.s[start:p.i]
			if !validName(path.Sub) {
				return Path{}, fault.New(fault.Invalid, "bad sub-attribute at %d", start)
			}
		}
	}
	return path, nil
}

func isNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '$'
}

func isPathChar(c byte) bool { return isNameChar(c) || c == '.' || c == ':' }

func validName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z' || s[0] == '$') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

// value reads a JSON string, number, true, false or null.
func (p *parser) value() (any, error) {
	if p.i >= len(p.s) {
		return nil, fault.New(fault.Invalid, "expected a value at %d", p.i)
	}
	if p.s[p.i] == '"' {
		end := p.i + 1
		for end < len(p.s) && p.s[end] != '"' {
			if p.s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(p.s) {
			return nil, fault.New(fault.Invalid, "unterminated string at %d", p.i)
		}
		var str string
		if err := json.Unmarshal([]byte(p.s[p.i:end+1]), &str); err != nil {
			return nil, fault.New(fault.Invalid, "bad string at %d: %v", p.i, err)
		}
		p.i = end + 1
		return str, nil
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ' ' && p.s[p.i] != ']' && p.s[p.i] != '\t' {
		p.i++
	}
	var v any
	tok := p.s[start:p.i]
	if tok == "" || json.Unmarshal([]byte(strings.ToLower(tok)), &v) != nil {
		return nil, fault.New(fault.Invalid, "bad value %q at %d", tok, start)
	}
	switch v.(type) {
	case bool, float64, nil:
		return v, nil
	}
	return nil, fault.New(fault.Invalid, "bad value %q at %d", tok, start)
}

// String writes the filter in canonical form, which ParseFilter reads back
// to an equal Filter.
func (f Filter) String() string {
	parts := make([]string, len(f))
	for i, c := range f {
		b, _ := json.Marshal(c.Value)
		parts[i] = c.Path.String() + " eq " + string(b)
	}
	return strings.Join(parts, " and ")
}
