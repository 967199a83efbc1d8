package service

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestSchemaMatchesTypes keeps the JSON Schema and the Go types in step: a
// field added to one must be added to the other, or Parse would refuse a
// field the platform reads (or decode one nothing checks).
func TestSchemaMatchesTypes(t *testing.T) {
	defs := map[string]any{
		"":             Definition{},
		"applicant":    ApplicantFields{},
		"page":         Page{},
		"question":     Question{},
		"option":       Option{},
		"validation":   Validation{},
		"condition":    Condition{},
		"workflow":     Workflow{},
		"state":        State{},
		"transition":   Transition{},
		"extension":    Extension{},
		"clock":        Clock{},
		"notification": Notification{},
		"retention":    Retention{},
		"publish":      Publish{},
		"open311":      Open311{},
	}
	for def, v := range defs {
		loc := schemaURL + "#"
		if def != "" {
			loc += "/$defs/" + def
		}
		schema := schemaProperties(loc)
		slices.Sort(schema)
		var fields []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			tag, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if tag != "" && tag != "-" {
				fields = append(fields, tag)
			}
		}
		slices.Sort(fields)
		if !slices.Equal(schema, fields) {
			t.Errorf("%s: schema properties %v\n Go json fields %v", rt.Name(), schema, fields)
		}
	}
}
