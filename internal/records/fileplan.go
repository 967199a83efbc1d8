package records

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// DefaultFilePlanYAML is the file plan Guildhall ships for a UK district or
// county council; a council replaces it with --file-plan.
//
//go:embed fileplan.yaml
var DefaultFilePlanYAML []byte

// FilePlan is the council's classification scheme: functions, their
// activities and their transactions, each a Class. Read-only once parsed.
type FilePlan struct {
	Source  string
	Title   string `yaml:"title"`
	src     []byte
	Roots   []Class `yaml:"classes"`
	byID    map[string]*Class
	ordered []*Class
}

// Class is one class of the file plan. Its id is its parent's id, a dot and
// a number ("2", "2.3", "2.3.1"), so a class's place shows in its id.
type Class struct {
	ID          string    `yaml:"id"`
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	Retention   *RuleSpec `yaml:"retention"`
	Services    []string  `yaml:"services"`
	Children    []Class   `yaml:"classes"`
	parent      string    // set by Parse
	inherited   *RuleSpec // the nearest rule at or above this class
	path        []string  // titles from the function down
	at          string    // its YAML path ("$.classes[0].classes[2]"), for messages
}

// RuleSpec is a retention rule as written in the file plan.
type RuleSpec struct {
	Trigger   string `yaml:"trigger"`
	Period    string `yaml:"period"`
	Action    string `yaml:"action"`
	Authority string `yaml:"authority"`
}

var (
	planTriggers = []string{TriggerClosed, TriggerCreated, TriggerLastAction}
	planActions  = []string{ActionDelete, ActionAnonymise, ActionReview, ActionTransfer}
)

// Rule is the class's retention rule: its own or its nearest ancestor's.
func (c *Class) Rule() Rule {
	r := c.inherited
	if r == nil {
		return Rule{}
	}
	return Rule{Period: r.Period, Trigger: r.Trigger, Action: r.Action, Authority: r.Authority, Source: "class:" + c.ID}
}

// Path is the titles from the function down to this class.
func (c *Class) Path() string { return strings.Join(c.path, " › ") }

// Parent is the id of the class above, "" for a function.
func (c *Class) Parent() string { return c.parent }

// Leaf reports whether documents may be filed in the class: it has no sub-classes.
func (c *Class) Leaf() bool { return len(c.Children) == 0 }

// Classes returns every class, depth first, each with its effective rule
// (Retention is set only on classes that carry a rule of their own or
// inherit one).
func (p *FilePlan) Classes() []*Class { return slices.Clone(p.ordered) }

// Class returns the class with id, or fault.NotFound.
func (p *FilePlan) Class(id string) (*Class, error) {
	if c, ok := p.byID[id]; ok {
		return c, nil
	}
	return nil, fault.New(fault.NotFound, "There is no file plan class %q", id)
}

// ClassForService returns the class a service's cases are filed under, if
// the plan names the service.
func (p *FilePlan) ClassForService(serviceID string) (*Class, bool) {
	for _, c := range p.ordered {
		if slices.Contains(c.Services, serviceID) {
			return c, true
		}
	}
	return nil, false
}

// ParseFilePlan reads a file plan. Its error, when not nil, wraps
// fault.Invalid and lists every problem as file:line:col: message.
func ParseFilePlan(filename string, src []byte) (*FilePlan, error) {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	var p FilePlan
	if err := yaml.UnmarshalWithOptions(src, &p, yaml.Strict()); err != nil {
		return nil, planProblems{yamlProblem(filename, err)}.err()
	}
	p.Source, p.src = filename, src
	c := planChecker{file: filename, src: src, plan: &p, ids: map[string]bool{}}
	c.check()
	if len(c.problems) > 0 {
		return nil, c.problems.err()
	}
	p.index()
	return &p, nil
}

// index fills byID and ordered, with parents, paths and inherited rules.
func (p *FilePlan) index() {
	p.byID = map[string]*Class{}
	var walk func(cs []Class, parent *Class, at string)
	walk = func(cs []Class, parent *Class, at string) {
		for i := range cs {
			c := &cs[i]
			c.at = fmt.Sprintf("%s.classes[%d]", at, i)
			c.inherited = c.Retention
			if parent != nil {
				c.parent, c.path = parent.ID, slices.Clone(parent.path)
				if c.inherited == nil {
					c.inherited = parent.inherited
				}
			}
			c.path = append(c.path, c.Title)
			p.byID[c.ID] = c
			p.ordered = append(p.ordered, c)
			walk(c.Children, c, c.at)
		}
	}
	walk(p.Roots, nil, "$")
}

// planProblem is one problem found in a file plan.
type planProblem struct {
	File      string
	Line, Col int
	Message   string
}

func (p planProblem) String() string {
	if p.Line == 0 {
		return p.File + ": " + p.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Message)
}

type planProblems []planProblem

func (ps planProblems) err() error {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fault.New(fault.Invalid, "%s", strings.Join(lines, "\n"))
}

func yamlProblem(file string, err error) planProblem {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		pos := ye.GetToken().Position
		return planProblem{File: file, Line: pos.Line, Col: pos.Column, Message: ye.GetMessage()}
	}
	return planProblem{File: file, Message: err.Error()}
}

// planChecker checks the meaning of a decoded plan; positions come from
// the YAML tree by path.
type planChecker struct {
	file     string
	src      []byte
	plan     *FilePlan
	ids      map[string]bool
	problems planProblems
}

func (c *planChecker) check() {
	if len(c.plan.Roots) == 0 {
		c.add("$", "the file plan has no classes: add 'classes:' with at least one function")
	}
	c.classes(c.plan.Roots, "$.classes", "", 1, false)
}

func (c *planChecker) classes(cs []Class, path, parent string, depth int, ruled bool) {
	for i := range cs {
		cl, at := &cs[i], fmt.Sprintf("%s[%d]", path, i)
		c.class(cl, at, parent, depth)
		has := ruled || cl.Retention != nil
		if cl.Retention != nil {
			c.rule(cl.Retention, at+".retention")
		}
		if len(cl.Children) == 0 && !has {
			c.add(at+".id", fmt.Sprintf("class %s has no retention rule and inherits none: add 'retention:' to it or a class above", cl.ID))
		}
		c.classes(cl.Children, at+".classes", cl.ID, depth+1, has)
	}
}

func (c *planChecker) class(cl *Class, at, parent string, depth int) {
	switch {
	case cl.ID == "":
		c.add(at, "every class needs an 'id:'")
	case c.ids[cl.ID]:
		c.add(at+".id", fmt.Sprintf("class id %s is used twice", cl.ID))
	case !validClassID(cl.ID, parent):
		want := "a number, like 3"
		if parent != "" {
			want = fmt.Sprintf("its parent's id and a number, like %s.1", parent)
		}
		c.add(at+".id", fmt.Sprintf("class id %q must be %s", cl.ID, want))
	}
	c.ids[cl.ID] = true
	if strings.TrimSpace(cl.Title) == "" {
		c.add(at, "class "+cl.ID+" needs a 'title:'")
	}
	if depth > 3 {
		c.add(at+".id", "class "+cl.ID+" is a fourth level: a file plan has functions, activities and transactions")
	}
}

func validClassID(id, parent string) bool {
	rest := id
	if parent != "" {
		var ok bool
		if rest, ok = strings.CutPrefix(id, parent+"."); !ok {
			return false
		}
	}
	if rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c *planChecker) rule(r *RuleSpec, at string) {
	if !slices.Contains(planTriggers, r.Trigger) {
		c.add(at+".trigger", fmt.Sprintf("retention trigger %q is not known: use one of %s", r.Trigger, strings.Join(planTriggers, ", ")))
	}
	if _, err := service.ParsePeriod(r.Period); err != nil {
		c.add(at+".period", fmt.Sprintf("retention period %q: %v (write P6Y, P18M or P30D)", r.Period, err))
	}
	if !slices.Contains(planActions, r.Action) {
		c.add(at+".action", fmt.Sprintf("retention action %q is not known: use one of %s", r.Action, strings.Join(planActions, ", ")))
	}
	if strings.TrimSpace(r.Authority) == "" {
		c.add(at, "say under which statute or business reason records are kept so long: add 'authority:'")
	}
}

// add records a problem at the YAML path, or at the nearest enclosing node
// that exists (a missing field is reported where it should have been).
func (c *planChecker) add(path, msg string) {
	line, col := c.position(path)
	c.problems = append(c.problems, planProblem{File: c.file, Line: line, Col: col, Message: msg})
}

func (c *planChecker) position(path string) (int, int) { return yamlPosition(c.src, path) }

// yamlPosition is where the node at the YAML path sits in src, or its
// nearest enclosing node; 0, 0 when src does not parse.
func yamlPosition(src []byte, path string) (int, int) {
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		return 0, 0
	}
	for p := path; p != ""; p = parentPath(p) {
		yp, err := yaml.PathString(p)
		if err != nil {
			continue
		}
		if n, err := yp.FilterFile(f); err == nil && n != nil && n.GetToken() != nil {
			return n.GetToken().Position.Line, n.GetToken().Position.Column
		}
	}
	return 0, 0
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}
