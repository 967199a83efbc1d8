package linkage

import "strings"

// nicknameGroups lists common English given-name variants; every name in a
// line is a variant of the first. Kept short and uncontroversial on purpose:
// the level is an extra level, estimated by EM like any other.
var nicknameGroups = []string{
	"john jon jonny johnny jack jonathan",
	"william bill billy will willy liam",
	"robert rob bob bobby robbie bert",
	"richard rick ricky dick rich richie",
	"james jim jimmy jamie",
	"michael mike mick micky mikey",
	"thomas tom tommy",
	"christopher chris kit",
	"elizabeth liz lizzie beth betty eliza libby lisa",
	"margaret maggie meg peggy maisie",
	"katherine kate katie kathy cathy catherine kathryn kat",
	"alexander alex alec sandy",
	"edward ed eddie ted teddy ned",
	"anthony tony",
	"daniel dan danny",
	"david dave davy",
	"joseph joe joey",
	"samuel sam sammy",
	"benjamin ben benny",
	"matthew matt",
	"nicholas nick nicky",
	"andrew andy drew",
	"peter pete",
	"stephen steve steven stevie",
	"charles charlie chas chuck",
	"henry harry hal",
	"susan sue susie suzanne",
	"jennifer jenny jen",
	"rebecca becky becca",
	"victoria vicky tori",
	"deborah debbie debra",
	"patricia pat patty trish",
	"frederick fred freddie",
	"gregory greg",
	"timothy tim timmy",
	"jacqueline jackie",
	"abigail abby",
	"rosemary rose rosie",
	"alfred alf alfie",
	"kenneth ken kenny",
	"ronald ron ronnie",
	"donald don donnie",
	"leonard len lenny leo",
	"philip phil pip",
	"gerald gerry",
	"lawrence laurence larry",
	"terence terry",
	"eleanor ellie nell nellie",
	"jessica jess jessie",
	"samantha sam sammie",
	"amanda mandy",
	"natalie nat",
	"oliver ollie",
}

var nicknameIndex = func() map[string]uint32 {
	idx := make(map[string]uint32)
	for g, line := range nicknameGroups {
		for _, n := range strings.Fields(line) {
			if _, dup := idx[n]; !dup {
				idx[n] = uint32(g)
			}
		}
	}
	return idx
}()

// aliasGroups maps each value to its nickname group, or null.
func aliasGroups(vals []string) []uint32 {
	out := make([]uint32, len(vals))
	for i, v := range vals {
		g, ok := nicknameIndex[v]
		if !ok {
			g = null
		}
		out[i] = g
	}
	return out
}
