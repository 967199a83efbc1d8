package service

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	clockUnits        = []ClockUnit{WorkingDays, CalendarDays, CalendarMonths}
	clockRegions      = []string{"england-and-wales", "scotland", "northern-ireland", "all-uk"}
	events            = []Event{EventSubmitted, EventTransitioned, EventOverdue, EventNote}
	retentionTriggers = []string{"closed", "created", "last_action"}
	retentionActions  = []string{"delete", "anonymise", "review"}
)

// PublishBuiltins are case fields a publish rule may name besides question
// ids: the case reference, its service, state and timestamps.
var PublishBuiltins = []string{"reference", "service", "status", "submitted_at", "updated_at", "closed_at"}

func joinUnits() string {
	s := make([]string, len(clockUnits))
	for i, u := range clockUnits {
		s[i] = string(u)
	}
	return strings.Join(s, ", ")
}

func (c *checker) clock() {
	k := c.d.Clock
	if k == nil {
		return
	}
	if !slices.Contains(clockUnits, k.Unit) {
		c.add("/clock/unit", "use one of: "+joinUnits(), "clock unit '%s' is not known", k.Unit)
	}
	if k.Region != "" && !slices.Contains(clockRegions, k.Region) {
		c.add("/clock/region", "use one of: "+strings.Join(clockRegions, ", "), "clock region '%s' is not known%s", k.Region, didYouMean(k.Region, clockRegions))
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*([a-z0-9_.-]+)\s*\}\}`)

func (c *checker) notifications() {
	transitions := map[string]bool{}
	for _, t := range c.d.Workflow.Transitions {
		transitions[t.ID] = true
	}
	for i, n := range c.d.Notifications {
		np := fmt.Sprintf("/notifications/%d", i)
		if !slices.Contains(events, n.Event) {
			c.add(np+"/event", "use one of: submitted, transitioned, overdue, note", "notification event '%s' is not known", n.Event)
		}
		if n.Transition != "" {
			if !transitions[n.Transition] {
				c.add(np+"/transition", "transitions are: "+strings.Join(keys(transitions), ", "), "notification refers to unknown transition '%s'%s", n.Transition, didYouMean(n.Transition, keys(transitions)))
			}
			if n.Event != EventTransitioned {
				c.addKey(np+"/transition", "use 'event: transitioned' or remove 'transition'", "'transition' only applies to event 'transitioned', not '%s'", n.Event)
			}
		}
		if n.Event == EventOverdue && c.d.Clock == nil {
			c.add(np+"/event", "add a 'clock:' to the service", "an 'overdue' notification needs a clock")
		}
		c.placeholders(np+"/body", n.Body)
		c.placeholders(np+"/subject", n.Subject)
	}
}

func (c *checker) placeholders(ptr, text string) {
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		name := m[1]
		if id, ok := strings.CutPrefix(name, "answer."); ok {
			if _, _, found := c.d.findQuestion(id); !found {
				c.add(ptr, "use the id of a question in the form", "{{%s}} refers to unknown question '%s'", name, id)
			}
			continue
		}
		if !slices.Contains([]string{"reference", "service", "state", "due", "note"}, name) {
			c.add(ptr, "placeholders are {{reference}}, {{service}}, {{state}}, {{due}}, {{note}} and {{answer.<question id>}}", "unknown placeholder {{%s}}", name)
		}
	}
}

func (c *checker) retention() {
	r := c.d.Retention
	if r.Trigger == "" {
		c.addKey("/retention", "add 'trigger:' — closed, created or last_action — saying when the period starts", "retention has no trigger")
	} else if !slices.Contains(retentionTriggers, r.Trigger) {
		c.add("/retention/trigger", "use one of: "+strings.Join(retentionTriggers, ", "), "retention trigger '%s' is not known", r.Trigger)
	}
	if _, err := ParsePeriod(r.Period); err != nil {
		c.add("/retention/period", "write an ISO 8601 period such as P6Y (six years), P18M or P30D", "retention period %q: %v", r.Period, err)
	}
	if !slices.Contains(retentionActions, r.Action) {
		c.add("/retention/action", "use one of: "+strings.Join(retentionActions, ", "), "retention action '%s' is not known", r.Action)
	}
}

// applicantTypes says which question types may hold each applicant part.
var applicantTypes = map[string][]QuestionType{
	"name":          {TypeText},
	"email":         {TypeEmail},
	"phone":         {TypePhone},
	"address":       {TypeAddress, TypeLocation, TypePostcode},
	"date_of_birth": {TypeDate},
}

func (c *checker) applicant() {
	a := c.d.Applicant
	for part, id := range map[string]string{"name": a.Name, "email": a.Email, "phone": a.Phone, "address": a.Address, "date_of_birth": a.DateOfBirth} {
		if id == "" {
			continue
		}
		ptr := "/applicant/" + part
		q, _, ok := c.d.findQuestion(id)
		if !ok {
			c.add(ptr, "name the id of a question in the form", "applicant %s refers to unknown question '%s'", part, id)
			continue
		}
		if want := applicantTypes[part]; !slices.Contains(want, q.Type) {
			c.add(ptr, fmt.Sprintf("point it at %s %s question", aOrAn(string(want[0])), want[0]), "applicant %s is question '%s', %s %s question", part, id, aOrAn(string(q.Type)), q.Type)
		}
	}
}

func (c *checker) publish() {
	p := c.d.Publish
	if p == nil {
		return
	}
	if c.d.Classification == OfficialSensitive {
		c.addKey("/publish", "remove 'publish:'; OFFICIAL-SENSITIVE cases are need-to-know and never open data", "an OFFICIAL-SENSITIVE service cannot publish open data")
	}
	for i, f := range p.Fields {
		fp := fmt.Sprintf("/publish/fields/%d", i)
		if slices.Contains(PublishBuiltins, f) {
			continue
		}
		q, _, ok := c.d.findQuestion(f)
		switch {
		case !ok:
			c.add(fp, "name a question id, or one of: "+strings.Join(PublishBuiltins, ", "), "publish field '%s' is not a question", f)
		case q.Personal:
			c.add(fp, "remove it from 'fields'; open data never holds personal data", "publish field '%s' is marked personal", f)
		case q.Type == TypeFile:
			c.add(fp, "remove it; documents are not published", "publish field '%s' is a file", f)
		}
	}
}

// exposure refuses combinations that would leak: Open311 is a public API,
// so only public services may use it.
func (c *checker) exposure() {
	if c.d.Open311 != nil && !slices.Contains(c.d.Audience, AudiencePublic) {
		c.addKey("/open311", "remove 'open311:', or add 'public' to 'audience'", "service for %s cannot be exposed through Open311, a public API", audienceList(c.d.Audience))
	}
	if c.d.Open311 != nil && c.d.Classification == OfficialSensitive {
		c.addKey("/open311", "remove 'open311:'", "an OFFICIAL-SENSITIVE service cannot be exposed through Open311")
	}
}

func audienceList(a []Audience) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = string(x)
	}
	return strings.Join(s, " and ")
}

// findQuestion finds a form question by id: the question and its page index.
func (d *Definition) findQuestion(id string) (*Question, int, bool) {
	for i := range d.Pages {
		for j := range d.Pages[i].Questions {
			if d.Pages[i].Questions[j].ID == id {
				return &d.Pages[i].Questions[j], i, true
			}
		}
	}
	return nil, -1, false
}

// aOrAn is the indefinite article for a word: "an email", "a date".
func aOrAn(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
