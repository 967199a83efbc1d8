package service

import (
	"errors"
	"math"
)

// Payment is a fee taken through GOV.UK Pay when the person sends their
// answers: the case is made only once the payment succeeds.
type Payment struct {
	// Amount is the fee in pounds, a calculation in the language of
	// calculate: ("25", "fee", "vehicles * 50").
	Amount string `json:"amount"`
	// Description is what the person sees on GOV.UK Pay's card page and
	// their bank statement ("Resident parking permit").
	Description string `json:"description"`
}

// MaxPence is the most GOV.UK Pay takes in one payment (£100,000).
const MaxPence = 10_000_000

// AmountPence is the fee for answers, in pence, and false when it cannot
// be worked out or is not between 1p and MaxPence.
func (p *Payment) AmountPence(a Answers) (int64, bool) {
	e, err := ParseExpr(p.Amount)
	if err != nil {
		return 0, false
	}
	v, ok := e.Eval(a)
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
	e.Refs(func(id string, at int) {
		q, ok := c.d.Question(id)
		switch {
		case !ok:
			c.addAt("/payment/amount", at, "name a number question or a repeat", "payment amount refers to unknown question '%s'", id)
		case q.Type != TypeNumber && q.Type != TypeRepeat:
			c.addAt("/payment/amount", at, "a fee can use only number questions and repeats (their number of items)", "payment amount uses '%s', which is %s", id, q.Type)
		}
	})
}
