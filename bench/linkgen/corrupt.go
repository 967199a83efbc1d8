package main

import (
	"fmt"
	"strings"
)

// corrupt returns a duplicate of p with the kinds of error found in real registers.
func (g *gen) corrupt(p person) person {
	q := p
	g.name(&q)
	g.dob(&q)
	g.place(&q)
	g.contact(&q)
	return q
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func (g *gen) name(q *person) {
	switch {
	case g.chance(0.15):
		if nn, ok := nicknames[q.first]; ok {
			q.first = nn[g.rng.IntN(len(nn))]
		} else {
			q.first = g.typo(q.first)
		}
	case g.chance(0.15):
		q.first = g.typo(q.first)
	case g.chance(0.04):
		q.first = ""
	case g.chance(0.03):
		q.first = q.first[:1]
	}
	switch {
	case g.chance(0.15):
		q.surname = g.typo(q.surname)
	case g.chance(0.03):
		q.surname = g.surname() // married or recorded wrongly
	case g.chance(0.03):
		q.surname = ""
	}
}

func (g *gen) dob(q *person) {
	y, m, d := q.year, q.month, q.day
	switch {
	case g.chance(0.07) && d <= 12 && d != m:
		m, d = d, m
	case g.chance(0.07):
		// one digit slips in a year, month or day
		switch g.rng.IntN(3) {
		case 0:
			y = y - y%10 + g.rng.IntN(10)
		case 1:
			d = min(28, d-d%10+g.rng.IntN(10))
			d = max(d, 1)
		default:
			m = 1 + g.rng.IntN(12)
		}
	case g.chance(0.04):
		q.dob = ""
		return
	}
	q.dob = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func (g *gen) place(q *person) {
	switch {
	case g.chance(0.08):
		g.address(q) // moved house
	case g.chance(0.12):
		fields := strings.Fields(q.street)
		if ab, ok := streetAbbrev[fields[len(fields)-1]]; ok {
			fields[len(fields)-1] = ab
		}
		q.address = fmt.Sprintf("%d %s", q.house, strings.Join(fields, " "))
	case g.chance(0.08):
		q.address = g.typo(q.address)
	case g.chance(0.04):
		q.address = ""
	}
	switch {
	case g.chance(0.05):
		q.postcode = g.typo(q.postcode)
	case g.chance(0.08):
		q.postcode = strings.ReplaceAll(q.postcode, " ", "")
	case g.chance(0.05):
		q.postcode = ""
	}
	if g.chance(0.04) {
		q.town = ""
	}
}

func (g *gen) contact(q *person) {
	switch {
	case g.chance(0.3):
		q.phone = ""
	case g.chance(0.05) && q.phone != "":
		q.phone = g.digitSlip(q.phone)
	}
	switch {
	case g.chance(0.4):
		q.email = ""
	case g.chance(0.05) && q.email != "":
		q.email = g.typo(q.email)
	}
}

// typo applies one keyboard-style error: substitution, deletion, insertion or transposition.
func (g *gen) typo(s string) string {
	r := []rune(s)
	if len(r) < 3 {
		return s
	}
	i := 1 + g.rng.IntN(len(r)-2)
	letter := 'a' + rune(g.rng.IntN(26))
	switch g.rng.IntN(4) {
	case 0:
		r[i] = letter
	case 1:
		r = append(r[:i], r[i+1:]...)
	case 2:
		r = append(r[:i], append([]rune{letter}, r[i:]...)...)
	default:
		r[i], r[i+1] = r[i+1], r[i]
	}
	return string(r)
}

func (g *gen) digitSlip(s string) string {
	b := []byte(s)
	i := len(b) - 1 - g.rng.IntN(6)
	if b[i] >= '0' && b[i] <= '9' {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}
