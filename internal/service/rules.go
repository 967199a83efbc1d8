package service

import (
	"fmt"
	"strconv"
)

// ruleErrors checks the rules about questions in ids against answers: a
// rule speaks only when both its answers are given (required says the rest).
func (d *Definition) ruleErrors(ids map[string]bool, a Answers) FieldErrors {
	var errs FieldErrors
	for _, r := range d.Rules {
		if !ids[r.Question] {
			continue
		}
		other, after := r.After, true
		if other == "" {
			other, after = r.Before, false
		}
		c, ok := compareAnswers(a[r.Question].Text, a[other].Text)
		if ok && (after && c <= 0 || !after && c >= 0) {
			errs = append(errs, FieldError{ruleField(d, r.Question), r.Message})
		}
	}
	return errs
}

// compareAnswers orders two numbers, or two YYYY-MM-DD dates (which sort
// as text); false when either is missing.
func compareAnswers(x, y string) (int, bool) {
	if x == "" || y == "" {
		return 0, false
	}
	fx, errX := strconv.ParseFloat(x, 64)
	fy, errY := strconv.ParseFloat(y, 64)
	switch {
	case errX == nil && errY == nil:
		return cmpFloat(fx, fy), true
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ruleField is the form field a rule's error links to: a date's day box.
func ruleField(d *Definition, id string) string {
	if q, ok := d.Question(id); ok && q.Type == TypeDate {
		return id + "-day"
	}
	return id
}

// rules checks each rule names two date or two number questions, the
// other asked no later than the rule's question.
func (c *checker) rules() {
	order := map[string]int{}
	n := 0
	for i := range c.d.Pages {
		for _, q := range c.d.Pages[i].Questions {
			order[q.ID] = n
			n++
		}
	}
	for i, r := range c.d.Rules {
		rp := fmt.Sprintf("/rules/%d", i)
		other, key := r.After, "after"
		if other == "" {
			other, key = r.Before, "before"
		}
		q, okQ := c.d.Question(r.Question)
		o, okO := c.d.Question(other)
		switch {
		case !okQ:
			c.add(rp+"/question", "name a date or number question", "rule refers to unknown question '%s'%s", r.Question, didYouMean(r.Question, keys(order)))
		case !okO:
			c.add(rp+"/"+key, "name a date or number question", "rule refers to unknown question '%s'%s", other, didYouMean(other, keys(order)))
		case q.Type != o.Type || q.Type != TypeDate && q.Type != TypeNumber:
			c.add(rp+"/"+key, "compare two dates or two numbers", "rule compares '%s' (%s) with '%s' (%s)", q.ID, q.Type, o.ID, o.Type)
		case order[other] > order[r.Question]:
			c.add(rp+"/question", "put the rule on the later of the two questions", "rule on '%s' compares it with '%s', which is asked later", q.ID, o.ID)
		}
	}
}
