package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Parse reads one service definition from YAML. filename is used in messages.
//
// The error, when not nil, is a *Problems (wrapping fault.Invalid) listing
// every fault found, each with its file:line:col and a hint: YAML syntax first,
// then JSON Schema (unknown fields, wrong types, missing fields), then the
// semantic checks of Check. When only semantic checks fail, the decoded
// Definition is returned beside the error so tools can check across files;
// never serve a Definition that came with an error.
func Parse(filename string, src []byte) (*Definition, error) {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF")) // Windows editors start files with a BOM
	tree, at, early, syntax := readYAML(src)
	if syntax != nil {
		syntax.File = filename
		return nil, Problems{*syntax}.Err()
	}
	var probs Problems
	for _, p := range early {
		probs = append(probs, placed(filename, at, p))
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs.Err()
	}
	if schema, touched := schemaProblems(filename, at, tree); len(schema) > 0 {
		// Report the semantic problems too, except where they would only echo
		// a schema problem (a check of a field that did not decode).
		if d := decodeLenient(tree); d != nil {
			d.Source, d.pos = filename, at
			schema = append(schema, check(d, echoes(touched))...)
		}
		schema.Sort()
		return nil, schema.Err()
	}
	d, err := decode(tree)
	if err != nil {
		return nil, Problems{{File: filename, Message: err.Error(), Hint: "compare the file with docs/service-definitions.md"}}.Err()
	}
	d.Source, d.pos = filename, at
	probs = checkOne(d)
	probs.Sort()
	d.prepareWelsh()
	return d, probs.Err()
}

// decode turns schema-valid plain values into a Definition via encoding/json,
// so the YAML field names are exactly the json tags of the types.
func decode(tree any) (*Definition, error) {
	b, err := json.Marshal(tree)
	if err != nil {
		return nil, fmt.Errorf("encode definition: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Definition
	if err := dec.Decode(&d); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("field %q holds a %s where a %s is needed", te.Field, te.Value, te.Type)
		}
		return nil, fmt.Errorf("decode definition: %w", err)
	}
	return &d, nil
}

func placed(file string, at *positions, p pointerProblem) Problem {
	q := at.at(p.ptr)
	if p.atKey {
		q = at.keyAt(p.ptr)
	}
	return Problem{File: file, Line: q.line, Col: q.col, Message: p.msg, Hint: p.hint}
}

// decodeLenient decodes what it can of a definition that failed the schema.
func decodeLenient(tree any) *Definition {
	b, err := json.Marshal(tree)
	if err != nil {
		return nil
	}
	var d Definition
	var te *json.UnmarshalTypeError
	if err := json.Unmarshal(b, &d); err != nil && !errors.As(err, &te) {
		return nil
	}
	return &d
}

// crossSections are the parts of a definition whose checks look into other
// parts: a schema problem in pages makes "publish field is not a question"
// unreliable, and so on.
var crossSections = map[string][]string{
	"/applicant":     {"/pages"},
	"/publish":       {"/pages"},
	"/notifications": {"/pages", "/workflow"},
	"/workflow":      {"/roles"},
}

// echoes returns a filter that skips semantic problems at or around the
// JSON pointers a schema problem touched.
func echoes(touched []string) func(ptr string) bool {
	related := func(a, b string) bool {
		return strings.HasPrefix(a+"/", b+"/") || strings.HasPrefix(b+"/", a+"/")
	}
	return func(ptr string) bool {
		section := ptr
		if i := strings.IndexByte(ptr[min(1, len(ptr)):], '/'); i >= 0 {
			section = ptr[:i+1]
		}
		for _, t := range touched {
			if related(ptr, t) {
				return true
			}
			for _, dep := range crossSections[section] {
				if related(t, dep) {
					return true
				}
			}
		}
		return false
	}
}
