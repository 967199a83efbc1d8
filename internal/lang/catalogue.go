package lang

import (
	"fmt"
	"strconv"
	"strings"
)

// Catalogue maps an English message (a fmt format when it takes values) to
// its Welsh translation. A Welsh format may reorder or drop the values with
// explicit indexes ("%[2]d"), as Welsh word order needs.
type Catalogue map[string]string

// Sprintf writes message in language t with args: the Welsh entry when t
// is Welsh and the catalogue has one, otherwise the English.
func (c Catalogue) Sprintf(t Tag, message string, args ...any) string {
	format := message
	if t == Welsh {
		if cy, ok := c[message]; ok {
			format = cy
		}
	}
	if len(args) == 0 || !strings.Contains(format, "%") {
		return format // a translation may need none of the values
	}
	return fmt.Sprintf(format, args...)
}

// N marks message as one to translate where it is written (a table of
// messages, a domain's validation message) and returns it unchanged; it is
// translated where it is shown, from the English. The catalogue tests find
// the messages it marks (gettext's gettext_noop).
func N(message string) string { return message }

// Missing returns the messages that have no Welsh entry, for tests that
// check a package's catalogue is complete.
func (c Catalogue) Missing(messages []string) []string {
	var out []string
	for _, m := range messages {
		if _, ok := c[m]; !ok {
			out = append(out, m)
		}
	}
	return out
}

// MustMerge joins catalogues kept in separate files into one. It panics
// when two hold the same English, as regexp.MustCompile does for a bad
// pattern: a mistake in the program's own text, found when it starts.
func MustMerge(parts ...Catalogue) Catalogue {
	out := Catalogue{}
	for _, p := range parts {
		for en, cy := range p {
			if _, dup := out[en]; dup {
				panic("lang: two catalogues translate " + strconv.Quote(en))
			}
			out[en] = cy
		}
	}
	return out
}
