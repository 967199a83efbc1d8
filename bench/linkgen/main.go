// Command linkgen writes synthetic UK person records with known duplicates,
// for measuring record linkage at scale:
//
//	go run ./bench/linkgen -n 1000000 -out people.csv
//
// Each entity (a made-up person) has an original record and, for about a
// third of them, one to four duplicates carrying the errors real registers
// show: typos, nicknames (Bill for William), day/month swaps and digit slips
// in dates of birth, abbreviated or changed addresses, postcode slips,
// missing values. About one person in ten shares a household (surname,
// address, postcode, landline) with another. The `cluster` column holds the
// ground truth and must never be used for matching; record ids are assigned
// after shuffling so they leak nothing.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
)

func main() {
	n := flag.Int("n", 100000, "number of records to write")
	out := flag.String("out", "people.csv", "output CSV path")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := write(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "linkgen:", err)
		os.Exit(1)
	}
}

func write(path string, n int, seed uint64) error {
	g := newGen(seed)
	recs := g.records(n)
	g.rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "record_id,cluster,first_name,surname,dob,address,town,postcode,phone,email")
	for i, r := range recs {
		fmt.Fprintf(w, "R%08d,E%08d,%s,%s,%s,%s,%s,%s,%s,%s\n", i+1, r.entity, r.first, r.surname, r.dob,
			r.address, r.town, r.postcode, r.phone, r.email)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// person is one record; every field is already in its written form.
type person struct {
	entity                             int
	first, surname, dob, address, town string
	postcode, phone, email             string
	year, month, day                   int
	house                              int
	street                             string
}

type gen struct {
	rng      *rand.Rand
	surnames []string
	firstW   []float64
	lastW    []float64
	maleW    []float64
}

func newGen(seed uint64) *gen {
	g := &gen{rng: rand.New(rand.NewPCG(seed, 0x6c696e6b))}
	for _, h := range surnameHeads {
		for _, m := range surnameMids {
			for _, t := range surnameTails {
				g.surnames = append(g.surnames, h+m+t)
			}
		}
	}
	g.lastW = cumulative(len(commonSurnames), 5)
	g.firstW = cumulative(len(femaleNames), 3)
	g.maleW = cumulative(len(maleNames), 3)
	return g
}

// cumulative returns cumulative Zipf-like weights 1/(k+shift).
func cumulative(n int, shift float64) []float64 {
	out := make([]float64, n)
	var sum float64
	for k := range n {
		sum += 1 / (float64(k) + shift)
		out[k] = sum
	}
	for k := range out {
		out[k] /= sum
	}
	return out
}

func (g *gen) pick(cum []float64) int {
	x := g.rng.Float64()
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// records makes originals and duplicates until n records exist.
func (g *gen) records(n int) []person {
	out := make([]person, 0, n)
	entity := 0
	for len(out) < n {
		entity++
		var p person
		if len(out) > 0 && g.rng.Float64() < 0.1 {
			p = g.householdMember(out[g.rng.IntN(len(out))], entity)
		} else {
			p = g.person(entity)
		}
		out = append(out, p)
		for d := g.duplicates(); d > 0 && len(out) < n; d-- {
			out = append(out, g.corrupt(p))
		}
	}
	return out
}

// duplicates draws how many extra records an entity has: none for two in three.
func (g *gen) duplicates() int {
	x := g.rng.Float64()
	switch {
	case x < 0.65:
		return 0
	case x < 0.86:
		return 1
	case x < 0.95:
		return 2
	case x < 0.985:
		return 3
	}
	return 4
}
