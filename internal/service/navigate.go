package service

import (
	"slices"
	"strconv"
)

// PageByID returns the page with the given id and its index.
func (d *Definition) PageByID(id string) (*Page, int, bool) {
	for i := range d.Pages {
		if d.Pages[i].ID == id {
			return &d.Pages[i], i, true
		}
	}
	return nil, -1, false
}

// Question returns the form question with the given id.
func (d *Definition) Question(id string) (*Question, bool) {
	q, _, ok := d.findQuestion(id)
	return q, ok
}

// Matches reports whether the answers meet the condition. Every part given
// (equals, in, not_empty, at_least) must hold; a checkboxes answer matches a value when
// that box is ticked.
func (c *Condition) Matches(a Answers) bool {
	ans := a[c.Question]
	has := func(v string) bool { return ans.Text == v || slices.Contains(ans.Choices, v) }
	if c.NotEmpty && ans.IsEmpty() {
		return false
	}
	if c.Equals != "" && !has(c.Equals) {
		return false
	}
	if len(c.In) > 0 && !slices.ContainsFunc(c.In, has) {
		return false
	}
	if c.AtLeast != nil {
		v, err := strconv.ParseFloat(ans.Text, 64)
		return err == nil && v >= *c.AtLeast
	}
	return true
}

// Options are the answers that satisfy a condition made only of equals or
// in (so a page can reveal the dependent question beside those options),
// or nil for a condition that also tests emptiness or a number.
func (c *Condition) Options() []string {
	if c.NotEmpty || c.AtLeast != nil {
		return nil
	}
	if c.Equals != "" {
		if len(c.In) > 0 {
			return nil // both must hold: not one option's reveal
		}
		return []string{c.Equals}
	}
	return c.In
}

// VisibleAnswers returns only the answers to questions a person would see
// given their other answers: a changed answer earlier on hides later pages
// and questions, and their stale answers no longer count.
func (d *Definition) VisibleAnswers(a Answers) Answers {
	kept := Answers{}
	for i := range d.Pages {
		p := &d.Pages[i]
		if p.ShowIf != nil && !p.ShowIf.Matches(kept) {
			continue
		}
		for j := range p.Questions {
			q := &p.Questions[j]
			if q.ShowIf != nil && !q.ShowIf.Matches(kept) {
				continue
			}
			if ans, ok := a[q.ID]; ok && !ans.IsEmpty() {
				kept[q.ID] = ans
			}
		}
	}
	return kept
}

// Visible reports whether a page is shown, given the answers so far.
func (d *Definition) Visible(page *Page, a Answers) bool {
	return page.ShowIf == nil || page.ShowIf.Matches(d.VisibleAnswers(a))
}

// QuestionVisible reports whether a question is shown, given the answers so
// far. It does not look at the question's page: use Visible for that.
func (d *Definition) QuestionVisible(q *Question, a Answers) bool {
	return q.ShowIf == nil || q.ShowIf.Matches(d.VisibleAnswers(a))
}

// FirstPage returns the first page shown. ok is false only for a definition
// with no visible page, which Check refuses.
func (d *Definition) FirstPage(a Answers) (*Page, bool) {
	return d.seek(-1, 1, a)
}

// NextPage returns the page shown after currentID given the answers; ok is
// false after the last page (go to "Check your answers") or for an unknown id.
func (d *Definition) NextPage(currentID string, a Answers) (*Page, bool) {
	_, i, ok := d.PageByID(currentID)
	if !ok {
		return nil, false
	}
	return d.seek(i, 1, a)
}

// PrevPage returns the page shown before currentID (the back link); ok is
// false on the first page (go back to the start page) or for an unknown id.
func (d *Definition) PrevPage(currentID string, a Answers) (*Page, bool) {
	_, i, ok := d.PageByID(currentID)
	if !ok {
		return nil, false
	}
	return d.seek(i, -1, a)
}

func (d *Definition) seek(from, step int, a Answers) (*Page, bool) {
	kept := d.VisibleAnswers(a)
	for i := from + step; i >= 0 && i < len(d.Pages); i += step {
		p := &d.Pages[i]
		if p.ShowIf == nil || p.ShowIf.Matches(kept) {
			return p, true
		}
	}
	return nil, false
}
