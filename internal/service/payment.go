package service

import (
	"errors"
	"maps"
	"math"
)

// Payment is a fee taken through GOV.UK Pay, when the person sends their
// answers or, with After, part-way through the form: either way the case is
// made only with a successful payment of the fee the answers work out to.
type Payment struct {
	// Amount is the fee in pounds, a calculation in the language of
	// calculate: ("25", "fee", "vehicles * 50").
	Amount string `json:"amount"`
	// Description is what the person sees on GOV.UK Pay's card page and
	// their bank statement ("Resident parking permit").
	Description string `json:"description"`
	// After is the page after which the fee is taken (the form goes on once
	// it is paid); empty takes it at the end, on "Check your answers". The
	// fee, and the answers of that page and every page before it, are then
	// fixed: see PaidFor.
	After string `json:"after,omitempty"`
	// Cy is the description in Welsh, for a payment made in Welsh.
	Cy *Welsh `json:"cy,omitempty"`
}

// Midway reports whether the fee is taken part-way through the form.
func (p *Payment) Midway() bool { return p != nil && p.After != "" }

// PaidFor reports whether a page's answers are fixed by a payment taken
// part-way through the form: the page is the one the fee is taken after,
// or comes before it. A page after it, or any page of a service that takes
// its fee at the end, stays open to change.
func (d *Definition) PaidFor(pageID string) bool {
	if !d.Payment.Midway() {
		return false
	}
	_, at, ok := d.PageByID(pageID)
	_, after, _ := d.PageByID(d.Payment.After)
	return ok && at <= after
}

// MaxPence is the most GOV.UK Pay takes in one payment (£100,000).
const MaxPence = 10_000_000

// Fee is the fee for answers, in pence, and false when the service takes
// none or it cannot be worked out or is not between 1p and MaxPence. Every
// calculated answer is worked out again first: a draft holds the value
// worked out when its page was last saved, which an earlier answer changed
// since (another vehicle added) leaves stale.
func (d *Definition) Fee(a Answers) (int64, bool) {
	if d.Payment == nil {
		return 0, false
	}
	e, err := ParseExpr(d.Payment.Amount)
	if err != nil {
		return 0, false
	}
	fresh := maps.Clone(a)
	d.eachVisible(func(q *Question, seen Answers) {
		ans := fresh[q.ID]
		if q.Calculate != "" {
			ans = Answer{Text: calculated(q, seen)}
			fresh[q.ID] = ans
		}
		if !ans.IsEmpty() {
			seen[q.ID] = ans
		}
	})
	v, ok := e.Eval(fresh)
	pence := int64(math.Round(v * 100))
	return pence, ok && pence >= 1 && pence <= MaxPence
}

// payment checks that the amount parses and names only number questions
// and repeats.
func (c *checker) payment() {
	p := c.d.Payment
	if p == nil {
		return
	}
	if c.d.Open311 != nil {
		// Open311 (and the API) cannot take a fee, and the case service
		// refuses a fee-paying case without its payment, so every Open311
		// request would fail: say so here, not to a partner's client.
		c.add("/open311", "remove open311: or the payment", "a service that takes a payment cannot be offered through Open311: it has no way to take the fee")
	}
	e, err := ParseExpr(p.Amount)
	if err != nil {
		var ee *ExprError
		errors.As(err, &ee)
		c.addAt("/payment/amount", ee.At, "use numbers, question ids, + - * / and parentheses", "payment amount: %s", ee.Msg)
		return
	}
	after := len(c.d.Pages)
	if p.After != "" {
		page, i, ok := c.d.PageByID(p.After)
		switch {
		case !ok:
			c.add("/payment/after", "name a page of the form, or leave after: out to take the fee at the end", "payment after unknown page '%s'", p.After)
			return
		case i == len(c.d.Pages)-1:
			c.add("/payment/after", "leave after: out: a fee after the last page is taken at the end", "payment after '%s', the last page", p.After)
		case page.ShowIf != nil:
			// A page that can be skipped would let the form go past the
			// payment without taking it.
			c.add("/payment/after", "take the fee after a page every person sees", "payment after '%s', which is shown only to some people (show_if)", p.After)
		}
		after = i
	}
	e.Refs(func(id string, at int) {
		q, page, ok := c.d.findQuestion(id)
		switch {
		case !ok:
			c.addAt("/payment/amount", at, "name a number question or a repeat", "payment amount refers to unknown question '%s'", id)
		case q.Type != TypeNumber && q.Type != TypeRepeat:
			c.addAt("/payment/amount", at, "a fee can use only number questions and repeats (their number of items)", "payment amount uses '%s', which is %s", id, q.Type)
		case page > after:
			c.addAt("/payment/amount", at, "a fee taken part-way through the form can use only answers given before it", "payment amount uses '%s', which is asked after the payment (page '%s')", id, c.d.Pages[page].ID)
		}
	})
}
