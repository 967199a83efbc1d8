package service

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// Welsh is the Welsh of the texts beside it, in a cy: block, so that a
// definition written in English alone stays valid:
//
//	label: Where is the pothole?
//	cy:
//	  label: Ble mae'r twll?
//
// Which of its fields a block may hold depends on where it is (the schema
// says): a page's title, a question's label, hint, item and messages.
type Welsh struct {
	Name            string `json:"name,omitempty"`
	Summary         string `json:"summary,omitempty"`
	Category        string `json:"category,omitempty"`
	Title           string `json:"title,omitempty"`
	Label           string `json:"label,omitempty"`
	Hint            string `json:"hint,omitempty"`
	Item            string `json:"item,omitempty"`
	RequiredMessage string `json:"required_message,omitempty"`
	PatternMessage  string `json:"pattern_message,omitempty"`
	Message         string `json:"message,omitempty"`
	Subject         string `json:"subject,omitempty"`
	Body            string `json:"body,omitempty"`
	SMS             string `json:"sms,omitempty"`
	Description     string `json:"description,omitempty"`
}

// Offers reports whether the service is offered in language l: English
// always, Welsh when its languages name it.
func (d *Definition) Offers(l lang.Tag) bool {
	return l == lang.English || slices.Contains(d.Languages, l)
}

// Lang is the language of the question's texts and messages.
func (q *Question) Lang() lang.Tag { return q.lang.Or() }

// Lang is the language of the definition's texts: English, or Welsh for
// the definition In(lang.Welsh) returns.
func (d *Definition) Lang() lang.Tag { return d.lang.Or() }

// In returns the service as a resident reads it in language l: for Welsh,
// a copy whose every text is its Welsh (the English where a translation is
// missing, which services check reports) and whose error messages are
// written in Welsh. A service not offered in l is returned as it is, in
// English. Answers, ids and rules are the same in both, so a case started in
// one language can be finished in the other.
func (d *Definition) In(l lang.Tag) *Definition {
	if l != lang.Welsh || !d.Offers(lang.Welsh) {
		return d
	}
	if d.welsh != nil {
		return d.welsh
	}
	return d.translated()
}

// prepareWelsh makes the Welsh definition once, when a definition is
// parsed, so that In never copies on a request.
func (d *Definition) prepareWelsh() {
	if d.Offers(lang.Welsh) {
		d.welsh = d.translated()
	}
}

func (d *Definition) translated() *Definition {
	cy := d.clone()
	cy.lang = lang.Welsh
	eachText(cy, func(_ string, en *string, w *string) {
		if *w != "" {
			*en = *w
		}
	})
	eachQuestion(cy, func(q *Question) { q.lang = lang.Welsh })
	return cy
}

// clone copies a definition deeply through its JSON form (every field a
// definition holds has one), keeping where it was read from.
func (d *Definition) clone() *Definition {
	b, err := json.Marshal(d)
	if err != nil {
		panic("service: a definition does not encode: " + err.Error())
	}
	var c Definition
	if err := json.Unmarshal(b, &c); err != nil {
		panic("service: a definition does not decode: " + err.Error())
	}
	c.Source, c.pos = d.Source, d.pos
	return &c
}

// eachQuestion calls f with every question of the form, a repeat's too.
func eachQuestion(d *Definition, f func(q *Question)) {
	var walk func(qs []Question)
	walk = func(qs []Question) {
		for i := range qs {
			f(&qs[i])
			walk(qs[i].Questions)
		}
	}
	for i := range d.Pages {
		walk(d.Pages[i].Questions)
	}
}

// eachText calls f with every text a resident reads (its JSON pointer, the
// English and the Welsh), allocating empty cy: blocks where there are none:
// call it on a copy. It is the one list of what must be translated, used
// both to translate and to report what is not.
func eachText(d *Definition, f func(ptr string, en, cy *string)) {
	d.Cy = orNew(d.Cy)
	f("/name", &d.Name, &d.Cy.Name)
	f("/summary", &d.Summary, &d.Cy.Summary)
	f("/category", &d.Category, &d.Cy.Category)
	for i := range d.Pages {
		p := &d.Pages[i]
		pp := fmt.Sprintf("/pages/%d", i)
		p.Cy = orNew(p.Cy)
		f(pp+"/title", &p.Title, &p.Cy.Title)
		questionTexts(pp, p.Questions, f)
	}
	for i := range d.Rules {
		r := &d.Rules[i]
		r.Cy = orNew(r.Cy)
		f(fmt.Sprintf("/rules/%d/message", i), &r.Message, &r.Cy.Message)
	}
	for i := range d.Workflow.States {
		s := &d.Workflow.States[i]
		s.Cy = orNew(s.Cy)
		f(fmt.Sprintf("/workflow/states/%d/label", i), &s.Label, &s.Cy.Label)
	}
	if p := d.Payment; p != nil {
		p.Cy = orNew(p.Cy)
		f("/payment/description", &p.Description, &p.Cy.Description)
	}
	for i := range d.Notifications {
		n := &d.Notifications[i]
		if !slices.Contains(n.To, RecipientResident) {
			continue // staff read the council's working language
		}
		n.Cy = orNew(n.Cy)
		np := fmt.Sprintf("/notifications/%d", i)
		f(np+"/subject", &n.Subject, &n.Cy.Subject)
		f(np+"/body", &n.Body, &n.Cy.Body)
		f(np+"/sms", &n.SMS, &n.Cy.SMS)
	}
}

func questionTexts(at string, qs []Question, f func(ptr string, en, cy *string)) {
	for j := range qs {
		q := &qs[j]
		qp := fmt.Sprintf("%s/questions/%d", at, j)
		q.Cy = orNew(q.Cy)
		f(qp+"/label", &q.Label, &q.Cy.Label)
		f(qp+"/hint", &q.Hint, &q.Cy.Hint)
		f(qp+"/item", &q.Item, &q.Cy.Item)
		f(qp+"/validate/required_message", &q.Validate.RequiredMessage, &q.Cy.RequiredMessage)
		f(qp+"/validate/pattern_message", &q.Validate.PatternMessage, &q.Cy.PatternMessage)
		for k := range q.Options {
			o := &q.Options[k]
			o.Cy = orNew(o.Cy)
			op := fmt.Sprintf("%s/options/%d", qp, k)
			f(op+"/label", &o.Label, &o.Cy.Label)
			f(op+"/hint", &o.Hint, &o.Cy.Hint)
		}
		questionTexts(qp, q.Questions, f)
	}
}

func orNew(w *Welsh) *Welsh {
	if w == nil {
		return &Welsh{}
	}
	return w
}

// untranslated reports every English text of a Welsh-enabled service that
// has no Welsh, where the English is.
func (c *checker) untranslated() {
	if !c.d.Offers(lang.Welsh) {
		return
	}
	eachText(c.d.clone(), func(ptr string, en, cy *string) {
		if *en != "" && *cy == "" {
			c.add(ptr, "add its Welsh in a 'cy:' block beside it", "the service is offered in Welsh, but %s has no Welsh: %q", textName(ptr), *en)
		}
	})
}

// textName is the field a pointer ends in: "label", "hint", "title".
func textName(ptr string) string {
	return ptr[strings.LastIndexByte(ptr, '/')+1:]
}
