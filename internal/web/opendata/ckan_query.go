package opendata

import (
	"strings"
	"time"
)

// A small reader of the Solr query syntax CKAN passes through in q and fq,
// enough for what harvesters send: field:value, field:"two words",
// field:[2026-01-01T00:00:00Z TO *], (a OR b), -field:value, *:*.

// doc is a dataset as the query sees it: values by field.
type doc struct {
	fields   map[string][]string
	modified time.Time
	text     func(q string) bool
}

// matcher decides whether a doc matches.
type matcher func(doc) bool

// parseQuery parses a Solr query; the error says what is wrong.
func parseQuery(s string) (matcher, error) {
	p := &queryParser{toks: tokenize(s)}
	m, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, searchError("unexpected " + p.toks[p.i])
	}
	return m, nil
}

func tokenize(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '(' && s[j] != ')' {
				switch s[j] {
				case '"':
					if k := strings.IndexByte(s[j+1:], '"'); k >= 0 {
						j += k + 1
					}
				case '[', '{':
					if k := strings.IndexAny(s[j+1:], "]}"); k >= 0 {
						j += k + 1
					}
				}
				j++
			}
			toks = append(toks, s[i:min(j, len(s))])
			i = j
		}
	}
	return toks
}

type queryParser struct {
	toks []string
	i    int
}

func (p *queryParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

// expr is clauses joined by AND (implicit or written) and OR; AND binds
// tighter, as in Solr's standard parser.
func (p *queryParser) expr() (matcher, error) {
	var ors []matcher
	var ands []matcher
	for {
		t := p.peek()
		switch t {
		case "", ")":
			ors = append(ors, all(ands))
			return anyOf(ors), nil
		case "AND", "&&":
			p.i++
			continue
		case "OR", "||":
			p.i++
			ors = append(ors, all(ands))
			ands = nil
			continue
		}
		m, err := p.clause()
		if err != nil {
			return nil, err
		}
		ands = append(ands, m)
	}
}

func (p *queryParser) clause() (matcher, error) {
	t := p.peek()
	neg := false
	switch {
	case t == "NOT":
		p.i++
		neg = true
	case strings.HasPrefix(t, "-") && len(t) > 1:
		p.toks[p.i], neg = t[1:], true
	case strings.HasPrefix(t, "+") && len(t) > 1:
		p.toks[p.i] = t[1:]
	}
	m, err := p.primary()
	if err != nil || !neg {
		return m, err
	}
	return func(d doc) bool { return !m(d) }, nil
}

func (p *queryParser) primary() (matcher, error) {
	t := p.peek()
	p.i++
	if t == "(" {
		m, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, searchError("missing )")
		}
		p.i++
		return m, nil
	}
	if t == "*:*" || t == "*" {
		return func(doc) bool { return true }, nil
	}
	field, value, ok := strings.Cut(t, ":")
	if !ok {
		word := strings.Trim(t, `"`)
		return func(d doc) bool { return d.text(word) }, nil
	}
	if value == "" && p.peek() == "(" { // field:(a OR b)
		p.i++
		var vals []string
		for p.peek() != ")" && p.peek() != "" {
			if v := p.peek(); v != "OR" && v != "||" {
				vals = append(vals, v)
			}
			p.i++
		}
		p.i++
		var ms []matcher
		for _, v := range vals {
			m, err := fieldMatcher(field, v)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		}
		return anyOf(ms), nil
	}
	return fieldMatcher(field, value)
}

// queryFields are the fields a query may name; Solr refuses others, and so
// does this.
var queryFields = map[string]bool{
	"name": true, "id": true, "title": true, "notes": true, "organization": true, "owner_org": true, "tags": true,
	"res_format": true, "license_id": true, "type": true, "dataset_type": true, "state": true, "capacity": true,
	"metadata_modified": true, "metadata_created": true, "groups": true, "text": true, "res_name": true, "site_id": true,
}

func fieldMatcher(field, value string) (matcher, error) {
	if !queryFields[field] {
		return nil, searchError("undefined field " + field)
	}
	if strings.HasPrefix(value, "[") || strings.HasPrefix(value, "{") {
		return rangeMatcher(field, value)
	}
	value = strings.Trim(value, `"`)
	if field == "text" {
		return func(d doc) bool { return d.text(value) }, nil
	}
	return func(d doc) bool {
		for _, v := range d.fields[field] {
			if value == "*" || strings.EqualFold(v, value) || wildcard(value, v) {
				return true
			}
		}
		return false
	}, nil
}

// wildcard matches a trailing * (a prefix query), the one harvesters use.
func wildcard(pattern, v string) bool {
	pre, ok := strings.CutSuffix(pattern, "*")
	return ok && strings.HasPrefix(strings.ToLower(v), strings.ToLower(pre))
}

// rangeMatcher handles [from TO to] on the time fields.
func rangeMatcher(field, value string) (matcher, error) {
	if field != "metadata_modified" && field != "metadata_created" {
		return nil, searchError("ranges are supported on metadata_modified and metadata_created only")
	}
	inner := value[1 : len(value)-1]
	from, to, ok := strings.Cut(inner, " TO ")
	if !ok {
		return nil, searchError("a range needs [from TO to]")
	}
	lo, err := solrTime(strings.TrimSpace(from), time.Time{})
	if err != nil {
		return nil, err
	}
	hi, err := solrTime(strings.TrimSpace(to), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	return func(d doc) bool { return !d.modified.Before(lo) && !d.modified.After(hi) }, nil
}

// solrTime reads a Solr date: * (open), NOW, or an ISO time with or
// without Z and fractions (the harvester sends Python's isoformat plus Z).
func solrTime(s string, open time.Time) (time.Time, error) {
	switch s {
	case "*":
		return open, nil
	case "NOW":
		return time.Now().UTC(), nil
	}
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, searchError("cannot read the date " + s)
}

func all(ms []matcher) matcher {
	return func(d doc) bool {
		for _, m := range ms {
			if !m(d) {
				return false
			}
		}
		return true
	}
}

func anyOf(ms []matcher) matcher {
	return func(d doc) bool {
		for _, m := range ms {
			if m(d) {
				return true
			}
		}
		return false
	}
}
