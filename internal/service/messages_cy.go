package service

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// say writes one of the validation messages in the language of q: every
// message an answer's check gives passes through here, keyed by its English
// in validationMessages, so the checks are written once for both languages.
func say(q *Question, message string, args ...any) string {
	return validationMessages.Sprintf(q.lang, message, args...)
}

// dateParts names the missing parts of a date: "day and year".
func dateParts(q *Question, missing []string) string {
	names := make([]string, len(missing))
	for i, p := range missing {
		names[i] = say(q, p)
	}
	return strings.Join(names, say(q, " and "))
}

// validationMessages are the Welsh of the validation messages. Where the
// English names the question ("Date of birth must be a real date"), the
// Welsh speaks of "the answer" or "the date" instead: Welsh mutates a noun
// after "i" and "fod yn", which a label chosen by a designer cannot follow.
var validationMessages = lang.Catalogue{
	"Enter an email address in the correct format, like name@example.com":                 "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
	"Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192":     "Rhowch rif ffôn, fel 01632 960 001, 07700 900 982 neu +44 808 157 0192",
	"Enter a UK mobile number, like 07700 900 982, so that we can send you text messages": "Rhowch rif ffôn symudol yn y DU, fel 07700 900 982, er mwyn i ni allu anfon negeseuon testun atoch",
	"Enter a real postcode":                                            "Rhowch god post go iawn",
	"%s must not include hidden control characters":                    "Rhaid i’r ateb beidio â chynnwys nodau rheoli cudd",
	"%s must not include characters that change the direction of text": "Rhaid i’r ateb beidio â chynnwys nodau sy’n newid cyfeiriad y testun",
	"%s must be a number":                                              "Rhaid i’r ateb fod yn rhif",
	"%s must be a whole number":                                        "Rhaid i’r ateb fod yn rhif cyfan",
	"%s must be between %s and %s":                                     "Rhaid i’r ateb fod rhwng %[2]s a %[3]s",
	"%s must be %s or more":                                            "Rhaid i’r ateb fod yn %[2]s neu fwy",
	"%s must be %s or less":                                            "Rhaid i’r ateb fod yn %[2]s neu lai",
	"%s must be %d characters or less":                                 "Rhaid i’r ateb fod yn %[2]d nod neu lai",
	"%s must be %d characters or more":                                 "Rhaid i’r ateb fod yn %[2]d nod neu fwy",
	"Enter %s in the correct format":                                   "Rhowch yr ateb yn y fformat cywir",
	"%s must include a %s":                                             "Rhaid i’r dyddiad gynnwys %[2]s",
	"day":                                                              "diwrnod",
	"month":                                                            "mis",
	"year":                                                             "blwyddyn",
	" and ":                                                            " a ",
	"Year must include 4 numbers":                                      "Rhaid i’r flwyddyn gynnwys 4 rhif",
	"%s must be a real date":                                           "Rhaid i’r dyddiad fod yn ddyddiad go iawn",
	"%s must be today or in the past":                                  "Rhaid i’r dyddiad fod heddiw neu yn y gorffennol",
	"%s must be today or in the future":                                "Rhaid i’r dyddiad fod heddiw neu yn y dyfodol",
	"Enter address line 1, typically the building and street": "Rhowch linell 1 y cyfeiriad, fel arfer yr adeilad a’r stryd",
	"Enter town or city": "Rhowch dref neu ddinas",
	"Enter postcode":     "Rhowch god post",
	"Address lines must be 200 characters or less":                  "Rhaid i linellau’r cyfeiriad fod yn 200 nod neu lai",
	"Select the address again":                                      "Dewiswch y cyfeiriad eto",
	"Choose a point in the UK on the map, or describe the location": "Dewiswch bwynt yn y DU ar y map, neu disgrifiwch y lleoliad",
	"Select the address again, or describe the location":            "Dewiswch y cyfeiriad eto, neu disgrifiwch y lleoliad",
	"Description of the location must be %d characters or less":     "Rhaid i’r disgrifiad o’r lleoliad fod yn %d nod neu lai",
	"Add at least one %s":                                           "Ychwanegwch o leiaf un %s",
	"Add at least %s":                                               "Ychwanegwch o leiaf %s",
	"You can add up to %s":                                          "Gallwch ychwanegu hyd at %s",
	"The selected file is empty":                                    "Mae’r ffeil a ddewiswyd yn wag",
	"The selected file must be smaller than %s":                     "Rhaid i’r ffeil a ddewiswyd fod yn llai na %s",
	"The selected file must be %s":                                  "Rhaid i’r ffeil a ddewiswyd fod yn %s",
	"a %s":                                                          "ffeil %s",
	"a %s or %s":                                                    "ffeil %s neu %s",
	"Yes":                                                           "Ie",
	"No":                                                            "Na",
}

// welshRequired is what a resident reads in Welsh when they leave a
// question blank that has no Welsh required_message of its own.
var welshRequired = map[QuestionType]string{
	TypeText:       "Rhowch ateb i’r cwestiwn hwn",
	TypeTextarea:   "Rhowch ateb i’r cwestiwn hwn",
	TypeNumber:     "Rhowch rif",
	TypeDate:       "Rhowch ddyddiad",
	TypeEmail:      "Rhowch gyfeiriad e-bost",
	TypePhone:      "Rhowch rif ffôn",
	TypePostcode:   "Rhowch god post",
	TypeAddress:    "Rhowch gyfeiriad",
	TypeRadios:     "Dewiswch opsiwn",
	TypeSelect:     "Dewiswch opsiwn",
	TypeCheckboxes: "Dewiswch o leiaf un opsiwn",
	TypeTeam:       "Dewiswch dîm",
	TypeYesNo:      "Dewiswch ‘Ie’ neu ‘Na’",
	TypeFile:       "Dewiswch ffeil",
	TypeLocation:   "Rhowch ddisgrifiad o’r lleoliad, neu dewiswch bwynt ar y map",
	TypeRepeat:     "Ychwanegwch o leiaf un eitem",
}
