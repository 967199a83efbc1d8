package service

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// schemaProblems validates tree against the embedded schema and turns each
// failure into a Problem at the YAML position of the offending key or value.
//
// It also returns the pointers each problem touches, so that semantic checks
// of those fields can be left out rather than echo the problem.
func schemaProblems(file string, at *positions, tree any) (Problems, []string) {
	s, _ := compiled()
	err := s.Validate(tree)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		if err != nil {
			return Problems{{File: file, Message: err.Error()}}, []string{""}
		}
		return nil, nil
	}
	var out []pointerProblem
	collectLeaves(ve, &out)
	touched := make([]string, 0, len(out))
	for _, p := range out {
		touched = append(touched, p.touches())
	}
	out = dropRenamedRequired(out)
	probs := make(Problems, 0, len(out))
	seen := map[string]bool{}
	for _, p := range out {
		pr := placed(file, at, p)
		if k := pr.String(); !seen[k] {
			seen[k] = true
			probs = append(probs, pr)
		}
	}
	return probs, touched
}

func collectLeaves(e *jsonschema.ValidationError, out *[]pointerProblem) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collectLeaves(c, out)
		}
		return
	}
	*out = append(*out, describe(e)...)
}

var printer = message.NewPrinter(language.English)

// describe writes a schema failure the way a service designer would want it.
func describe(e *jsonschema.ValidationError) []pointerProblem {
	ptr := pointer(e.InstanceLocation...)
	field := fieldName(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		allowed := schemaProperties(e.SchemaURL)
		var ps []pointerProblem
		for _, name := range k.Properties {
			renamed := ""
			msg := fmt.Sprintf("unknown field '%s'", name)
			hint := "remove it; allowed here: " + strings.Join(sorted(allowed), ", ")
			if strings.ContainsAny(name, " ,") {
				hint = "a comma inside { } starts a new field: put the whole text in quotes"
			} else if s := suggest(name, allowed); s != "" {
				msg += fmt.Sprintf("; did you mean '%s'?", s)
				hint = fmt.Sprintf("rename it to '%s'", s)
				renamed = s
			}
			ps = append(ps, pointerProblem{ptr: ptr + pointer(name), msg: msg, hint: hint, atKey: true, renames: renamed, parent: ptr})
		}
		return ps
	case *kind.Required:
		var ps []pointerProblem
		for _, name := range k.Missing {
			ps = append(ps, pointerProblem{ptr: ptr, missing: name, msg: fmt.Sprintf("%s is missing required field '%s'", where(e.InstanceLocation), name), hint: fmt.Sprintf("add '%s:'", name)})
		}
		return ps
	case *kind.Type:
		hint := typeHint(k.Want)
		if k.Got == "null" {
			hint = "write a value after the colon, or remove the field"
		}
		return one(ptr, fmt.Sprintf("'%s' must be %s, not %s", field, article(k.Want), gotName(k.Got)), hint)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		msg := fmt.Sprintf("'%s' cannot be %q", field, fmt.Sprint(k.Got))
		if s := suggest(fmt.Sprint(k.Got), want); s != "" {
			msg += fmt.Sprintf("; did you mean '%s'?", s)
		}
		return one(ptr, msg, "use one of: "+strings.Join(want, ", "))
	case *kind.Pattern:
		return one(ptr, fmt.Sprintf("'%s' value %q is not in the right form", field, k.Got), patternHint(k.Want))
	case *kind.MinItems:
		return one(ptr, fmt.Sprintf("'%s' needs at least %d entr%s", field, k.Want, plural(k.Want, "y", "ies")), "add the missing entries")
	case *kind.MinLength:
		return one(ptr, fmt.Sprintf("'%s' must not be empty", field), "write the text, or remove the field if it is optional")
	case *kind.MinProperties:
		return one(ptr, fmt.Sprintf("'%s' says which question to look at but not what answer to look for", field), "add 'equals:', 'in:' or 'not_empty: true'")
	case *kind.UniqueItems:
		return one(ptr, fmt.Sprintf("'%s' lists the same value twice (entries %d and %d)", field, k.Duplicates[0]+1, k.Duplicates[1]+1), "remove the duplicate")
	case *kind.Minimum:
		return one(ptr, fmt.Sprintf("'%s' must be at least %s", field, k.Want.RatString()), "use a larger number")
	case *kind.Maximum:
		return one(ptr, fmt.Sprintf("'%s' must be at most %s", field, k.Want.RatString()), "use a smaller number")
	}
	return one(ptr, fmt.Sprintf("'%s': %s", field, e.ErrorKind.LocalizedString(printer)), "see docs/service-definitions.md")
}

func one(ptr, msg, hint string) []pointerProblem {
	return []pointerProblem{{ptr: ptr, msg: msg, hint: hint}}
}

// fieldName is the last named step of a location: "label" for
// /pages/0/questions/2/label, "questions" for /pages/0/questions/2.
func fieldName(loc []string) string {
	for i := len(loc) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(loc[i]); err != nil {
			return loc[i]
		}
	}
	return "service"
}

// where describes a location for a person: "question 3 on page 1".
func where(loc []string) string {
	if len(loc) == 0 {
		return "the service"
	}
	last := loc[len(loc)-1]
	if n, err := strconv.Atoi(last); err == nil && len(loc) >= 2 {
		return fmt.Sprintf("entry %d of '%s'", n+1, loc[len(loc)-2])
	}
	return "'" + last + "'"
}

func article(want []string) string {
	out := make([]string, len(want))
	for i, w := range want {
		switch w {
		case "object":
			out[i] = "a mapping (key: value lines)"
		case "array":
			out[i] = "a list ('- ' lines)"
		case "integer":
			out[i] = "a whole number"
		case "boolean":
			out[i] = "true or false"
		case "string":
			out[i] = "text"
		default:
			out[i] = "a " + w
		}
	}
	return strings.Join(out, " or ")
}

func typeHint(want []string) string {
	for _, w := range want {
		switch w {
		case "string":
			return "put the text in quotes if YAML reads it as something else (yes, no, on, 1.0)"
		case "array":
			return "write each entry on its own line starting with '- '"
		case "object":
			return "indent 'key: value' lines under this field"
		}
	}
	return "see docs/service-definitions.md for the field's type"
}

func patternHint(re string) string {
	switch re {
	case "^[a-z][a-z0-9_-]*$":
		return "use lower-case letters, digits, '-' or '_', starting with a letter"
	case "^[a-z][a-z0-9]*(-[a-z0-9]+)*$":
		return "use lower-case words joined by hyphens, like report-a-pothole"
	}
	return "it must match " + re
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dropRenamedRequired removes "missing required field 'label'" where the same
// mapping has an unknown field 'lable' that we suggest renaming: one typo,
// one line.
func dropRenamedRequired(ps []pointerProblem) []pointerProblem {
	renamed := map[string]bool{}
	for _, p := range ps {
		if p.renames != "" {
			renamed[p.parent+pointer(p.renames)] = true
		}
	}
	out := ps[:0]
	for _, p := range ps {
		if p.missing == "" || !renamed[p.ptr+pointer(p.missing)] {
			out = append(out, p)
		}
	}
	return out
}

// touches is the part of the definition a schema problem makes unreliable:
// a missing field itself; for a wrong value, the whole mapping holding it
// (a question whose type is misspelt), unless that is the whole service.
func (p pointerProblem) touches() string {
	switch {
	case p.missing != "":
		return p.ptr + pointer(p.missing)
	case p.atKey:
		return p.ptr // an unknown field: nothing decodes from it
	}
	parent := p.ptr[:max(strings.LastIndexByte(p.ptr, '/'), 0)]
	if strings.Count(parent, "/") < 2 {
		return p.ptr
	}
	return parent
}

// gotName says what kind of value was found, in the words of the messages.
func gotName(got string) string {
	switch got {
	case "string":
		return "text"
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "null":
		return "empty"
	case "boolean":
		return "true or false"
	}
	return "a " + got
}
