package service

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"unicode"
	"unicode/utf8"
)

// The default error messages follow the GOV.UK Design System's patterns,
// built from the question's label. A designer who wants other words sets
// required_message or pattern_message.

// subject turns a label into the thing asked for: "What is your email
// address?" → "your email address"; "Full name" → "full name".
func subject(label string) string {
	s := strings.TrimRight(strings.TrimSpace(label), "?.: ")
	for _, p := range []string{"What is ", "What's ", "What are ", "Enter "} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	return lowerFirst(s)
}

// thing is the subject as the start of a sentence, without "your":
// "Date of birth must include a month".
func thing(label string) string {
	s := subject(label)
	s = strings.TrimPrefix(s, "your ")
	s = strings.TrimPrefix(s, "the ")
	return upperFirst(s)
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	// Keep acronyms and names: "FOI request", "UPRN".
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// yesNoInversions turn a yes/no question into the clause after "Select if":
// "Do you want updates?" → "you want updates".
var yesNoInversions = []struct{ prefix, replace string }{
	{"Do you ", "you "}, {"Did you ", "you "}, {"Are you ", "you are "}, {"Have you ", "you have "},
	{"Can you ", "you can "}, {"Will you ", "you will "}, {"Would you ", "you would "},
	{"Is it ", "it is "}, {"Is this ", "this is "}, {"Is there ", "there is "}, {"Are there ", "there are "},
	{"Has it ", "it has "}, {"Was it ", "it was "},
}

// requiredMessage is what a resident reads when they leave a question blank.
// In Welsh, whose mutations do not let a sentence be built from a label, a
// question without its own message gets its type's message.
func requiredMessage(q *Question) string {
	if q.Validate.RequiredMessage != "" {
		return q.Validate.RequiredMessage
	}
	if q.lang == lang.Welsh {
		if m, ok := welshRequired[q.Type]; ok {
			return m
		}
		return welshRequired[TypeText]
	}
	label := strings.TrimSpace(q.Label)
	switch q.Type {
	case TypeYesNo:
		for _, inv := range yesNoInversions {
			if rest, ok := strings.CutPrefix(label, inv.prefix); ok {
				return "Select if " + inv.replace + strings.TrimRight(rest, "?")
			}
		}
		return "Select yes or no"
	case TypeRadios, TypeSelect, TypeCheckboxes, TypeTeam:
		s := strings.TrimRight(label, "?")
		for _, p := range []string{"What is ", "What's ", "Select "} {
			if rest, ok := strings.CutPrefix(s, p); ok {
				return "Select " + lowerFirst(rest)
			}
		}
		return "Select " + lowerFirst(s)
	case TypeFile:
		return "Select " + subject(label)
	case TypeEmail:
		return "Enter " + orDefault(subject(label), "an email address")
	case TypePhone:
		return "Enter " + orDefault(subject(label), "a telephone number")
	case TypePostcode:
		return "Enter " + orDefault(subject(label), "a postcode")
	case TypeLocation:
		return "Enter a description of the location, or choose a point on the map"
	}
	return "Enter " + subject(label)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
