package service

import (
	"fmt"
	"math"
	"strconv"
)

// A calculated question's value comes from other answers, never from the
// form: `calculate: likelihood * impact`. The language is kept tiny so a
// definition cannot do anything but arithmetic: numbers, question ids,
// + - * /, unary minus and parentheses. A value that cannot be computed
// (an answer missing or not a number, a division by zero) leaves the
// question unanswered, so its required rule speaks.

// Expr is a parsed calculation.
type Expr struct {
	op          byte // 0 for a leaf; '+', '-', '*', '/' ('-' with nil l is negation)
	l, r        *Expr
	num         float64
	ref         string
	at          int // byte offset of a question id in the source, for messages
	isNum, isID bool
}

// ExprError is a calculation that does not parse, at byte offset At.
type ExprError struct {
	At  int
	Msg string
}

func (e *ExprError) Error() string { return fmt.Sprintf("at character %d: %s", e.At+1, e.Msg) }

// ParseExpr parses a calculation. Errors: *ExprError.
func ParseExpr(src string) (*Expr, error) {
	p := &exprParser{src: src}
	e := p.sum()
	if p.err == nil && p.skip() < len(src) {
		p.fail("unexpected %q", src[p.i:p.i+1])
	}
	if p.err != nil {
		return nil, p.err
	}
	return e, nil
}

type exprParser struct {
	src string
	i   int
	err *ExprError
}

func (p *exprParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &ExprError{At: p.i, Msg: fmt.Sprintf(format, args...)}
	}
}

// skip passes spaces and returns the position of the next character.
func (p *exprParser) skip() int {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
	return p.i
}

func (p *exprParser) peek(ops string) byte {
	if p.skip() < len(p.src) {
		for j := 0; j < len(ops); j++ {
			if p.src[p.i] == ops[j] {
				return ops[j]
			}
		}
	}
	return 0
}

func (p *exprParser) sum() *Expr {
	e := p.product()
	for op := p.peek("+-"); op != 0 && p.err == nil; op = p.peek("+-") {
		p.i++
		e = &Expr{op: op, l: e, r: p.product()}
	}
	return e
}

func (p *exprParser) product() *Expr {
	e := p.unary()
	for op := p.peek("*/"); op != 0 && p.err == nil; op = p.peek("*/") {
		p.i++
		e = &Expr{op: op, l: e, r: p.unary()}
	}
	return e
}

func (p *exprParser) unary() *Expr {
	if p.peek("-") != 0 {
		p.i++
		return &Expr{op: '-', r: p.unary()}
	}
	return p.atom()
}

func (p *exprParser) atom() *Expr {
	start := p.skip()
	switch {
	case start >= len(p.src):
		p.fail("expected a number, a question id or '('")
	case p.src[start] == '(':
		p.i++
		e := p.sum()
		if p.peek(")") == 0 {
			p.fail("expected ')'")
		}
		p.i++
		return e
	case isDigit(p.src[start]):
		for p.i < len(p.src) && (isDigit(p.src[p.i]) || p.src[p.i] == '.') {
			p.i++
		}
		v, err := strconv.ParseFloat(p.src[start:p.i], 64)
		if err != nil {
			p.i = start
			p.fail("%q is not a number", p.src[start:p.i])
		}
		return &Expr{num: v, isNum: true}
	case isIDStart(p.src[start]):
		for p.i < len(p.src) && (isIDStart(p.src[p.i]) || isDigit(p.src[p.i]) || p.src[p.i] == '_' || p.src[p.i] == '-') {
			p.i++
		}
		return &Expr{ref: p.src[start:p.i], at: start, isID: true}
	default:
		p.fail("unexpected %q", p.src[start:start+1])
	}
	return &Expr{}
}

func isDigit(b byte) bool   { return b >= '0' && b <= '9' }
func isIDStart(b byte) bool { return b >= 'a' && b <= 'z' }

// Refs calls fn with each question id the calculation uses and its offset.
func (e *Expr) Refs(fn func(id string, at int)) {
	if e == nil {
		return
	}
	if e.isID {
		fn(e.ref, e.at)
	}
	e.l.Refs(fn)
	e.r.Refs(fn)
}

// Eval computes the value from answers; false when an answer is missing or
// not a number, or on a division by zero.
func (e *Expr) Eval(a Answers) (float64, bool) {
	switch {
	case e.isNum:
		return e.num, true
	case e.isID:
		if items := a[e.ref].Items; items != nil { // a repeat counts its items
			return float64(len(items)), true
		}
		v, err := strconv.ParseFloat(a[e.ref].Text, 64)
		return v, err == nil
	}
	r, ok := e.r.Eval(a)
	if !ok {
		return 0, false
	}
	if e.l == nil {
		return -r, true
	}
	l, ok := e.l.Eval(a)
	if !ok {
		return 0, false
	}
	var v float64
	switch e.op {
	case '+':
		v = l + r
	case '-':
		v = l - r
	case '*':
		v = l * r
	case '/':
		if r == 0 {
			return 0, false
		}
		v = l / r
	}
	return v, !math.IsInf(v, 0) && !math.IsNaN(v)
}

// calculated is q's value from the answers given so far, as its stored
// text, or "" when it cannot be computed. Check has refused a calculation
// that does not parse.
func calculated(q *Question, a Answers) string {
	e, err := ParseExpr(q.Calculate)
	if err != nil {
		return ""
	}
	v, ok := e.Eval(a)
	if !ok {
		return ""
	}
	return num(math.Round(v*1e6) / 1e6) // no binary-fraction noise: 0.1+0.2 is 0.3
}
