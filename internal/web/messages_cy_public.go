package web

import "github.com/guildhall-platform/guildhall/internal/lang"

// publicMessages are the Welsh of the residents' other public pages: "Tell
// us what you need" and how the automated tools behind it work.
var publicMessages = lang.Catalogue{
	"Tell us what you need": "Dywedwch wrthym beth sydd ei angen arnoch",
	"Write it in your own words, in English or Welsh. For example, “there is a mattress dumped in the lane behind my house”. Do not include your name, address or other personal details.": "Ysgrifennwch ef yn eich geiriau eich hun, yn Gymraeg neu yn Saesneg. Er enghraifft, “mae matres wedi’i gadael yn y lôn y tu ôl i fy nhŷ”. Peidiwch â chynnwys eich enw, eich cyfeiriad na manylion personol eraill.",
	"What you need must be %d characters or fewer": "Rhaid i’r hyn sydd ei angen arnoch fod yn %d nod neu lai",
	"Find what I need": "Dod o hyd i’r hyn sydd ei angen arnaf",
	"We suggest services using an automated tool that runs on the council's own computers. It does not keep what you write.": "Rydym yn awgrymu gwasanaethau gan ddefnyddio offeryn awtomataidd sy’n rhedeg ar gyfrifiaduron y cyngor ei hun. Nid yw’n cadw’r hyn rydych yn ei ysgrifennu.",
	"Read how it works": "Darllenwch sut mae’n gweithio",
	"see all services":  "gweld pob gwasanaeth",
	"What we found":     "Beth a ganfuwyd gennym",
	"You wrote:":        "Fe ysgrifennoch chi:",
	"We could not tell which service you need":                             "Nid oeddem yn gallu dweud pa wasanaeth sydd ei angen arnoch",
	"Contact us with a general enquiry":                                    "Cysylltwch â ni gydag ymholiad cyffredinol",
	"see all our services":                                                 "gweld ein holl wasanaethau",
	"These are the closest we have, though they may not be what you need:": "Dyma’r rhai agosaf sydd gennym, er efallai nad ydynt yn beth sydd ei angen arnoch:",
	"Services that may help":                                               "Gwasanaethau a allai helpu",
	"Why we suggest it:":                                                   "Pam rydym yn ei awgrymu:",
	"Use this service":                                                     "Defnyddio’r gwasanaeth hwn",
	"What our pages say":                                                   "Beth mae ein tudalennau’n ei ddweud",
	"This summary was written by a computer from the passages below and checked against them. The passages are what the council has published.": "Cafodd y crynodeb hwn ei ysgrifennu gan gyfrifiadur o’r darnau isod a’i wirio yn eu herbyn. Y darnau yw’r hyn y mae’r cyngor wedi’i gyhoeddi.",
	"From": "Ffynhonnell:",
	"We did not find an answer to this in our published pages.": "Ni wnaethom ddod o hyd i ateb i hyn yn y tudalennau rydym wedi’u cyhoeddi.",
	"The closest match to what you wrote.":                      "Yr un agosaf at yr hyn a ysgrifennoch.",
	"You mentioned “%s”.":                                       "Fe wnaethoch sôn am “%s”.",
	"You mentioned “%s” and “%s”.":                              "Fe wnaethoch sôn am “%s” a “%s”.",

	// How the automated tools work.
	"How we use automated tools": "Sut rydym yn defnyddio offer awtomataidd",
	"When you":                   "Pan fyddwch yn",
	"tell us what you need":      "dweud wrthym beth sydd ei angen arnoch",
	", a computer program suggests which of our services fits and quotes our published pages. It runs on the council's own computers: what you write is not sent anywhere and is not kept.": ", bydd rhaglen gyfrifiadurol yn awgrymu pa un o’n gwasanaethau sy’n addas ac yn dyfynnu ein tudalennau cyhoeddedig. Mae’n rhedeg ar gyfrifiaduron y cyngor ei hun: nid yw’r hyn rydych yn ei ysgrifennu yn cael ei anfon i unman ac nid yw’n cael ei gadw.",
	"It only suggests. You choose whether to use a suggested service, and you can always":                                                                                                   "Awgrymu yn unig y mae. Chi sy’n dewis a ydych am ddefnyddio gwasanaeth a awgrymir, a gallwch bob amser",
	". When our staff route an enquiry, the program suggests a team but a member of staff decides.":                                                                                         ". Pan fydd ein staff yn anfon ymholiad ymlaen, mae’r rhaglen yn awgrymu tîm ond aelod o staff sy’n penderfynu.",
	"How well it works": "Pa mor dda mae’n gweithio",
	"We test it on requests written the way people write, including spelling mistakes and Welsh, that it did not learn from.": "Rydym yn ei brofi ar geisiadau wedi’u hysgrifennu yn y ffordd y mae pobl yn ysgrifennu, gan gynnwys camgymeriadau sillafu a Chymraeg, nad yw wedi dysgu ohonynt.",
	"Measured accuracy":                             "Cywirdeb wedi’i fesur",
	"Test set":                                      "Set brawf",
	"Right first time":                              "Yn gywir y tro cyntaf",
	"Right in top 3":                                "Yn gywir yn y 3 uchaf",
	"Says it does not know when it should":          "Yn dweud nad yw’n gwybod pan ddylai",
	"hold-out (never used in tuning)":               "set wedi’i chadw’n ôl (ni chafodd ei defnyddio wrth diwnio)",
	"evaluation (read while tuning)":                "set werthuso (wedi’i darllen wrth diwnio)",
	"Read the full algorithmic transparency record": "Darllenwch y cofnod tryloywder algorithmig llawn",
	"(Markdown text)":                               "(testun Markdown, yn Saesneg)",
}
