package security

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// syntheticRegister writes n people as a council's register would hold
// them, a fifth of them twice (a second record with a nickname, a typo, a
// move or a missing field), to path as CSV, with a mapping for `guildhall
// import`. Names follow a skewed distribution like the UK's (the commonest
// family name held by about 1% of people), so blocks are as uneven as real
// ones. It returns the number of records and each record's person.
func syntheticRegister(path, mapping string, n int) (int, map[string]int, error) {
	rng := rand.New(rand.NewPCG(2026, 10))
	given := strings.Fields(`james john robert michael william david richard joseph thomas charles mary patricia jennifer
		linda elizabeth barbara susan jessica sarah karen amara kofi priya piotr eleri rhys siobhan aisha mohammed fatima
		olivia amelia isla ava mia ivy lily noah oliver george arthur leo harry oscar archie henry theo freddie jack
		margaret catherine anne helen alice grace emily sophie chloe lucy hannah ellie ruby daniel samuel benjamin
		matthew andrew christopher anthony mark paul steven kevin brian edward ronald timothy jason jeffrey ryan gary`)
	nick := map[string]string{"william": "bill", "robert": "bob", "margaret": "maggie", "elizabeth": "liz",
		"james": "jim", "michael": "mike", "richard": "dick", "thomas": "tom", "catherine": "kate", "edward": "ted"}
	syl := strings.Fields(`ab ad al an ar ash bar bel ben ber bur car cha cla col cor dal dan den dor ed el en er
		fal far fen fer gar gil gor hal ham har hay hil hol hor kel ken kin lan lar lin lor mac mal man mar mel mor nor
		old par pen per pri ran ray ren rob ros sal san sel sha sim sol sta ste tan tay tho tom tur wal war wel wil win`)
	tails := strings.Fields("son ton ley ford well wood field man er s by ham worth er ing")
	families := make([]string, 6000)
	for i := range families {
		families[i] = syl[rng.IntN(len(syl))] + syl[rng.IntN(len(syl))] + tails[rng.IntN(len(tails))]
	}
	copy(families, strings.Fields("smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson"))
	zipf := rand.NewZipf(rng, 1.07, 8, uint64(len(families)-1))
	f, err := os.Create(path)
	if err != nil {
		return 0, nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "ref,forename,surname,dob,email,tel,addr1,postcode")
	truth := map[string]int{}
	rows := 0
	write := func(person int, g, fam, dob, email, tel, addr, pc string) {
		rows++
		ref := fmt.Sprintf("r%d", rows)
		truth["register:"+ref] = person
		fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s\n", ref, g, fam, dob, email, tel, addr, pc)
	}
	for p := range n {
		g, fam := given[rng.IntN(len(given))], families[zipf.Uint64()]
		dob := fmt.Sprintf("%02d/%02d/%d", 1+rng.IntN(28), 1+rng.IntN(12), 1930+rng.IntN(76))
		pc := fmt.Sprintf("WV%d %d%c%c", 1+rng.IntN(14), rng.IntN(10), 'A'+rng.IntN(20), 'A'+rng.IntN(20))
		addr := fmt.Sprintf("%d %s Road", 1+rng.IntN(120), strings.ToUpper(families[rng.IntN(300)][:1])+families[rng.IntN(300)][1:])
		email, tel := "", ""
		if rng.IntN(10) < 4 {
			email = fmt.Sprintf("%s.%s%d@example.net", g, fam, rng.IntN(100))
		}
		if rng.IntN(10) < 3 {
			tel = fmt.Sprintf("07700%06d", rng.IntN(1_000_000))
		}
		write(p, g, fam, dob, email, tel, addr, pc)
		if rng.IntN(5) != 0 {
			continue
		}
		switch rng.IntN(5) { // the second record differs a little
		case 0:
			if nn, ok := nick[g]; ok {
				g = nn
			}
		case 1:
			if len(fam) > 4 {
				i := 1 + rng.IntN(len(fam)-2)
				fam = fam[:i] + fam[i+1:i+2] + fam[i:i+1] + fam[i+2:]
			}
		case 2:
			addr = fmt.Sprintf("%d Kestrel Court", 1+rng.IntN(80))
			pc = fmt.Sprintf("WV%d %d%c%c", 1+rng.IntN(14), rng.IntN(10), 'A'+rng.IntN(20), 'A'+rng.IntN(20))
		case 3:
			email, tel = "", ""
		}
		write(p, g, fam, dob, email, tel, addr, pc)
	}
	if err := w.Flush(); err != nil {
		return 0, nil, err
	}
	if err := f.Close(); err != nil {
		return 0, nil, err
	}
	m := `source: register
key: ref
fields:
  given_name: {column: forename}
  family_name: {column: surname, required: true}
  date_of_birth: {column: dob, format: "02/01/2006"}
  email: {column: email}
  phone: {column: tel}
  address_line1: {column: addr1}
  postcode: {column: postcode}
`
	return rows, truth, os.WriteFile(mapping, []byte(m), 0o600)
}
