package service

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Check runs the semantic checks on every definition and across them
// (duplicate service ids). Definitions read by Parse were checked one by one
// already; Check is for definitions built in Go and for whole folders.
func Check(defs []*Definition) Problems {
	var probs Problems
	for _, d := range defs {
		probs = append(probs, checkOne(d)...)
	}
	probs = append(probs, checkAcross(defs)...)
	probs.Sort()
	return probs
}

// checker collects the problems of one definition, placed by JSON pointer.
type checker struct {
	d     *Definition
	probs Problems
	// skip, when set, leaves out problems at pointers it reports true for.
	skip func(ptr string) bool
}

func (c *checker) add(ptr, hint, format string, args ...any) {
	if c.skip == nil || !c.skip(ptr) {
		c.place(c.d.pos.at(ptr), hint, format, args...)
	}
}

func (c *checker) addKey(ptr, hint, format string, args ...any) {
	if c.skip == nil || !c.skip(ptr) {
		c.place(c.d.pos.keyAt(ptr), hint, format, args...)
	}
}

func (c *checker) place(p pos, hint, format string, args ...any) {
	c.probs = append(c.probs, Problem{File: c.d.Source, Line: p.line, Col: p.col, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func checkOne(d *Definition) Problems { return check(d, nil) }

func check(d *Definition, skip func(string) bool) Problems {
	c := &checker{d: d, skip: skip}
	c.questions()
	c.conditions()
	c.calculations()
	c.rules()
	c.workflow()
	c.roles()
	c.clock()
	c.notifications()
	c.retention()
	c.applicant()
	c.publish()
	c.exposure()
	c.open311Fields()
	c.sharing()
	c.payment()
	c.untranslated()
	return c.probs
}

// checkAcross finds names that must be unique across services: ids, Open311
// service codes and open data set names.
func checkAcross(defs []*Definition) Problems {
	var probs Problems
	ids, codes, datasets := map[string]*Definition{}, map[string]*Definition{}, map[string]*Definition{}
	clash := func(seen map[string]*Definition, key string, d *Definition, ptr, what, hint string) {
		if prev, ok := seen[key]; ok {
			p := d.pos.at(ptr)
			probs = append(probs, Problem{File: d.Source, Line: p.line, Col: p.col,
				Message: fmt.Sprintf("%s '%s' is already used by %s", what, key, prev.Source), Hint: hint})
			return
		}
		seen[key] = d
	}
	for _, d := range defs {
		clash(ids, d.ID, d, "/id", "service id", "give each service its own id; ids appear in web addresses and case references")
		if d.Open311 != nil {
			clash(codes, d.Open311Code(), d, "/open311/service_code", "Open311 service code", "give each service its own 'service_code' (it defaults to the id)")
		}
		if d.Publish != nil {
			clash(datasets, d.Publish.Dataset, d, "/publish/dataset", "open data set", "give each service's data set its own name")
		}
	}
	return probs
}

// Open311Code is the service's Open311 service_code: as declared, or its id.
func (d *Definition) Open311Code() string {
	if d.Open311 != nil && d.Open311.ServiceCode != "" {
		return d.Open311.ServiceCode
	}
	return d.ID
}

// questions checks ids, options and validation rules of every question,
// including the fields officers fill in on transitions.
func (c *checker) questions() {
	pages := map[string]bool{}
	ids := map[string]string{}
	for i, p := range c.d.Pages {
		pp := fmt.Sprintf("/pages/%d", i)
		if pages[p.ID] {
			c.add(pp+"/id", "give each page its own id", "page id '%s' is used more than once", p.ID)
		}
		pages[p.ID] = true
		for j := range p.Questions {
			qp := fmt.Sprintf("%s/questions/%d", pp, j)
			q := &p.Questions[j]
			if prev, ok := ids[q.ID]; ok {
				c.add(qp+"/id", "answers are stored by question id, so each must be unique in the service", "question id '%s' is already used %s", q.ID, prev)
			} else {
				ids[q.ID] = fmt.Sprintf("on page '%s'", p.ID)
			}
			c.question(qp, q)
			c.repeat(qp, q, &c.d.Pages[i])
			if q.Type == TypeTeam {
				c.add(qp+"/type", "ask for a team in a transition's 'fields', where choosing it moves the case", "question '%s': a team can only be chosen by an officer in a transition", q.ID)
			}
		}
	}
	for i, t := range c.d.Workflow.Transitions {
		seen := map[string]bool{}
		teams := 0
		for j := range t.Fields {
			if t.Fields[j].Type == TypeTeam {
				if teams++; teams == 2 {
					c.add(fmt.Sprintf("/workflow/transitions/%d/fields/%d/type", i, j), "keep one team field: the case moves to the team chosen", "transition '%s' has more than one team field", t.ID)
				}
			}
			qp := fmt.Sprintf("/workflow/transitions/%d/fields/%d", i, j)
			if seen[t.Fields[j].ID] {
				c.add(qp+"/id", "give each field its own id", "field id '%s' is used twice in transition '%s'", t.Fields[j].ID, t.ID)
			}
			seen[t.Fields[j].ID] = true
			c.question(qp, &t.Fields[j])
		}
	}
}

func (q *Question) isChoice() bool {
	return q.Type == TypeRadios || q.Type == TypeCheckboxes || q.Type == TypeSelect
}

func (c *checker) question(qp string, q *Question) {
	switch {
	case q.isChoice() && len(q.Options) == 0:
		c.add(qp+"/type", "add 'options:' with a 'value' and 'label' for each choice", "%s question '%s' has no options", q.Type, q.ID)
	case !q.isChoice() && len(q.Options) > 0:
		c.addKey(qp+"/options", "remove 'options', or make the question radios, checkboxes or select", "%s question '%s' cannot have options", q.Type, q.ID)
	}
	values := map[string]bool{}
	for k, o := range q.Options {
		if values[o.Value] {
			c.add(fmt.Sprintf("%s/options/%d/value", qp, k), "give each option its own value", "option value '%s' appears twice in question '%s'", o.Value, q.ID)
		}
		values[o.Value] = true
	}
	c.validation(qp, q)
	if q.Type != TypeFile && (len(q.Accept) > 0 || q.MaxBytes > 0) {
		c.addKey(qp+"/accept", "remove 'accept' and 'max_bytes', or make it a file question", "only file questions take 'accept' and 'max_bytes' ('%s' is %s)", q.ID, q.Type)
	}
}

var numericTypes = []QuestionType{TypeNumber}

func (c *checker) validation(qp string, q *Question) {
	v := q.Validate
	vp := qp + "/validate"
	if v.Pattern != "" {
		if _, err := regexp.Compile(v.Pattern); err != nil {
			c.add(vp+"/pattern", "patterns use Go RE2 syntax (no look-ahead); test it at regex101.com with the Golang flavour", "pattern of question '%s' does not compile: %v", q.ID, err)
		}
	}
	if v.Min != nil && v.Max != nil && *v.Min > *v.Max {
		c.add(vp+"/min", "swap them, or correct one of them", "min (%g) is more than max (%g) in question '%s'", *v.Min, *v.Max, q.ID)
	}
	if (v.Min != nil || v.Max != nil) && !slices.Contains(numericTypes, q.Type) {
		c.addKey(vp+"/min", "use min_length/max_length for text, past/future for dates", "min and max apply to number questions; '%s' is %s", q.ID, q.Type)
	}
	if v.WholeNumber && !slices.Contains(numericTypes, q.Type) {
		c.addKey(vp+"/whole_number", "remove it, or make the question a number", "whole_number applies to number questions; '%s' is %s", q.ID, q.Type)
	}
	if v.MaxLength > 0 && v.MinLength > v.MaxLength {
		c.add(vp+"/min_length", "make min_length no more than max_length", "min_length (%d) is more than max_length (%d) in question '%s'", v.MinLength, v.MaxLength, q.ID)
	}
	if v.Past && v.Future {
		c.add(vp+"/future", "keep one of them", "question '%s' cannot require a date both in the past and in the future", q.ID)
	}
	if (v.Past || v.Future) && q.Type != TypeDate {
		c.addKey(vp+"/past", "remove it, or make the question a date", "past and future apply to date questions; '%s' is %s", q.ID, q.Type)
	}
}

// conditions checks that each show_if looks at a question asked before it,
// and for a choice question, at one of its options.
func (c *checker) conditions() {
	asked := map[string]*Question{}
	for i := range c.d.Pages {
		p := &c.d.Pages[i]
		pp := fmt.Sprintf("/pages/%d", i)
		if p.ShowIf != nil {
			c.condition(pp+"/show_if", p.ShowIf, asked, "an earlier page")
		}
		onPage := map[string]*Question{}
		for k, v := range asked {
			onPage[k] = v
		}
		for j := range p.Questions {
			q := &p.Questions[j]
			if q.ShowIf != nil {
				c.condition(fmt.Sprintf("%s/questions/%d/show_if", pp, j), q.ShowIf, onPage, "an earlier page or earlier on this page")
			}
			onPage[q.ID] = q
		}
		asked = onPage
	}
}

func (c *checker) condition(cp string, cond *Condition, asked map[string]*Question, where string) {
	q, ok := asked[cond.Question]
	if !ok {
		c.add(cp+"/question", "a condition can only look at an answer the person has already given",
			"show_if refers to question '%s', which is not asked on %s%s", cond.Question, where, didYouMean(cond.Question, keys(asked)))
		return
	}
	if cond.AtLeast != nil && q.Type != TypeNumber {
		c.add(cp+"/at_least", "use 'equals' or 'in' for questions that are not numbers", "show_if 'at_least' needs a number question; '%s' is %s", q.ID, q.Type)
	}
	allowed := q.optionValues()
	if allowed == nil {
		return
	}
	values := slices.Clone(cond.In)
	if cond.Equals != "" {
		values = append(values, cond.Equals)
	}
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			c.add(cp, "use one of: "+strings.Join(allowed, ", "), "show_if value '%s' is not an option of question '%s'", v, q.ID)
		}
	}
}

// optionValues lists the answers a choice or yes/no question can take; nil
// for free-text questions.
func (q *Question) optionValues() []string {
	if q.Type == TypeYesNo {
		return []string{"yes", "no"}
	}
	if !q.isChoice() {
		return nil
	}
	out := make([]string, len(q.Options))
	for i, o := range q.Options {
		out[i] = o.Value
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// calculations checks each calculate: it parses, is on a number question,
// and uses only number questions asked before it (so it has a value when
// it is computed, and no calculation can depend on itself).
func (c *checker) calculations() {
	asked := map[string]*Question{}
	for i := range c.d.Pages {
		for j := range c.d.Pages[i].Questions {
			q := &c.d.Pages[i].Questions[j]
			if q.Calculate != "" {
				c.calculation(fmt.Sprintf("/pages/%d/questions/%d/calculate", i, j), q, asked)
			}
			asked[q.ID] = q
		}
	}
}

func (c *checker) calculation(ptr string, q *Question, asked map[string]*Question) {
	if q.Type != TypeNumber {
		c.add(ptr, "make the question's type number", "question '%s': only a number question can be calculated", q.ID)
	}
	e, err := ParseExpr(q.Calculate)
	if err != nil {
		var ee *ExprError
		errors.As(err, &ee)
		c.addAt(ptr, ee.At, "use numbers, question ids, + - * / and parentheses", "calculate of '%s': %s", q.ID, ee.Msg)
		return
	}
	e.Refs(func(id string, at int) {
		ref, ok := asked[id]
		switch {
		case id == q.ID || c.calculatedFrom(id, q.ID):
			c.addAt(ptr, at, "a calculation cannot use its own value", "calculate of '%s' refers to itself through '%s': a cycle", q.ID, id)
		case !ok && c.known(id):
			c.addAt(ptr, at, "a calculation can use only answers given before it", "calculate of '%s' refers to '%s', which is asked later", q.ID, id)
		case !ok:
			c.addAt(ptr, at, "name a number question asked before it", "calculate of '%s' refers to unknown question '%s'%s", q.ID, id, didYouMean(id, keys(asked)))
		case ref.Type != TypeNumber && ref.Type != TypeRepeat:
			c.addAt(ptr, at, "a calculation can use only number questions and repeats (their number of items)", "calculate of '%s' uses '%s', which is %s, not a number", q.ID, id, ref.Type)
		}
	})
}

// calculatedFrom reports whether question id's calculation uses target,
// directly or through other calculations.
func (c *checker) calculatedFrom(id, target string) bool {
	seen := map[string]bool{}
	var walk func(id string) bool
	walk = func(id string) bool {
		q, ok := c.d.Question(id)
		if !ok || q.Calculate == "" || seen[id] {
			return false
		}
		seen[id] = true
		e, err := ParseExpr(q.Calculate)
		found := false
		if err == nil {
			e.Refs(func(ref string, _ int) { found = found || ref == target || walk(ref) })
		}
		return found
	}
	return walk(id)
}

func (c *checker) known(id string) bool {
	_, ok := c.d.Question(id)
	return ok
}

// addAt places a problem at a character of a plain (unquoted) scalar.
func (c *checker) addAt(ptr string, offset int, hint, format string, args ...any) {
	if c.skip != nil && c.skip(ptr) {
		return
	}
	p := c.d.pos.at(ptr)
	if p.line > 0 {
		p.col += offset
	}
	c.place(p, hint, format, args...)
}
