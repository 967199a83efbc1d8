package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	tree, at, early, syntax := readYAML(src)
	if syntax != nil {
		syntax.File = filename
		return nil, Problems{*syntax}.Err()
	}
	var probs Problems
	for _, p := range early {
		probs = append(probs, placed(filename, at, p))
	}
	if len(probs) == 0 {
		probs = append(probs, schemaProblems(filename, at, tree)...)
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs.Err()
	}
	d, err := decode(tree)
	if err != nil {
		return nil, Problems{{File: filename, Message: err.Error(), Hint: "compare the file with docs/service-definitions.md"}}.Err()
	}
	d.Source, d.pos = filename, at
	probs = checkOne(d)
	probs.Sort()
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
