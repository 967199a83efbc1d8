package main

import (
	"fmt"
	"strings"
)

func (g *gen) person(entity int) person {
	p := person{entity: entity}
	if g.rng.IntN(2) == 0 {
		p.first = maleNames[g.pick(g.maleW)]
	} else {
		p.first = femaleNames[g.pick(g.firstW)]
	}
	p.surname = g.surname()
	p.year, p.month, p.day = 1930+g.rng.IntN(78), 1+g.rng.IntN(12), 1+g.rng.IntN(28)
	p.dob = fmt.Sprintf("%04d-%02d-%02d", p.year, p.month, p.day)
	g.address(&p)
	if g.rng.Float64() < 0.7 {
		p.phone = fmt.Sprintf("07%03d %06d", g.rng.IntN(1000), g.rng.IntN(1000000))
	}
	if g.rng.Float64() < 0.6 {
		p.email = fmt.Sprintf("%s.%s%d@%s", p.first, strings.ReplaceAll(p.surname, "'", ""), g.rng.IntN(100), emailDomains[g.rng.IntN(len(emailDomains))])
	}
	return p
}

// surname draws a common surname a quarter of the time, else one from the long tail.
func (g *gen) surname() string {
	if g.rng.Float64() < 0.25 {
		return commonSurnames[g.pick(g.lastW)]
	}
	return g.surnames[g.rng.IntN(len(g.surnames))]
}

func (g *gen) address(p *person) {
	t := towns[g.rng.IntN(len(towns))]
	p.house = 1 + g.rng.IntN(200)
	p.street = strings.ReplaceAll(streetNames[g.rng.IntN(len(streetNames))], "-", " ") + " " + streetTypes[g.rng.IntN(len(streetTypes))]
	p.address = fmt.Sprintf("%d %s", p.house, p.street)
	p.town = t.name
	p.postcode = fmt.Sprintf("%s%d %d%c%c", t.area, 1+g.rng.IntN(30), g.rng.IntN(10), 'A'+rune(g.rng.IntN(26)), 'A'+rune(g.rng.IntN(26)))
}

// householdMember is a different person living with p: same surname
// (usually), address, postcode and sometimes phone.
func (g *gen) householdMember(p person, entity int) person {
	q := g.person(entity)
	if g.rng.Float64() < 0.8 {
		q.surname = p.surname
	}
	q.house, q.street, q.address, q.town, q.postcode = p.house, p.street, p.address, p.town, p.postcode
	if g.rng.Float64() < 0.3 {
		q.phone = p.phone
	}
	return q
}
