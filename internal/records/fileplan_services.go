package records

import (
	"fmt"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// CaseRule is the retention rule of a service's cases: the rule of the
// file plan class the service is filed under. A service the plan does not
// file (only possible when the plan was not checked against the services)
// keeps its definition's own rule, so no case is ever left without one.
func (p *FilePlan) CaseRule(d *service.Definition) Rule {
	if p != nil {
		if c, ok := p.ClassForService(d.ID); ok {
			return c.Rule()
		}
	}
	return ServiceRule(d)
}

// CheckServices compares the plan with the service definitions: every
// service's cases are filed under exactly one class, a transaction (a
// class with no sub-classes); every service a class names exists; and the
// retention a definition states agrees with its class's rule, which is
// the one the retention job applies. Each problem is one line,
// file:line:col: message, placed where it must be put right.
func (p *FilePlan) CheckServices(defs []*service.Definition) []string {
	var out []string
	ids := make([]string, len(defs))
	for i, d := range defs {
		ids[i] = d.ID
	}
	filed := map[string]*Class{}
	for _, c := range p.ordered {
		for j, id := range c.Services {
			at := p.place(fmt.Sprintf("%s.services[%d]", c.at, j))
			switch {
			case !slices.Contains(ids, id):
				out = append(out, fmt.Sprintf("%s: class %s names service %s, which is not defined", at, c.ID, id))
			case filed[id] != nil:
				out = append(out, fmt.Sprintf("%s: service %s is filed under class %s and class %s: file a service's cases under one class", at, id, filed[id].ID, c.ID))
			case !c.Leaf():
				out = append(out, fmt.Sprintf("%s: service %s is filed under class %s, which has sub-classes: file cases under a transaction", at, id, c.ID))
			}
			if filed[id] == nil {
				filed[id] = c
			}
		}
	}
	for _, d := range defs {
		c := filed[d.ID]
		if c == nil {
			out = append(out, fmt.Sprintf("%s: service %s is filed under no class of %s: add it to a class's 'services:'", defPlace(d, "/id"), d.ID, p.Source))
			continue
		}
		out = append(out, p.disagreements(d, c)...)
	}
	return out
}

// disagreements lists where a definition's retention differs from its
// class's rule: a person reading the definition must not be misled about
// how long its cases are kept.
func (p *FilePlan) disagreements(d *service.Definition, c *Class) []string {
	rule, own := c.Rule(), d.Retention
	classAt := p.place(c.at + ".id")
	var out []string
	for _, f := range []struct{ name, own, class string }{
		{"period", own.Period, rule.Period},
		{"trigger", own.Trigger, rule.Trigger},
		{"action", own.Action, rule.Action},
	} {
		if f.own != f.class {
			out = append(out, fmt.Sprintf("%s: retention %s %q does not agree with file plan class %s (%s), whose rule is %s %q and is the one applied: change one so they agree",
				defPlace(d, "/retention/"+f.name), f.name, f.own, c.ID, classAt, f.name, f.class))
		}
	}
	return out
}

// place is file:line:col of the plan node at the YAML path.
func (p *FilePlan) place(path string) string {
	line, col := yamlPosition(p.src, path)
	if line == 0 {
		return p.Source
	}
	return fmt.Sprintf("%s:%d:%d", p.Source, line, col)
}

func defPlace(d *service.Definition, ptr string) string {
	line, col := d.Place(ptr)
	if line == 0 {
		return d.Source
	}
	return fmt.Sprintf("%s:%d:%d", d.Source, line, col)
}
