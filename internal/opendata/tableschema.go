package opendata

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// TableSchema is a Frictionless Data Table Schema: the columns a CSV file
// must have, in order, with each cell's type and constraints. The
// Transparency Code schemas ship in transparency/*.json; Guildhall reads
// only the parts of the specification those files use, and refuses a file
// that uses any other (so a schema never silently checks less than it says).
type TableSchema struct {
	// Title, Description and Frequency describe the dataset the schema is
	// for; Table Schema allows such extra properties and tools ignore them.
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	Frequency     string        `json:"frequency"`
	Fields        []SchemaField `json:"fields"`
	MissingValues []string      `json:"missingValues"`
}

// SchemaField is one column of a TableSchema. Name is the header cell.
type SchemaField struct {
	Name        string      `json:"name"`
	Title       string      `json:"title"`
	Type        string      `json:"type"`
	Example     string      `json:"example,omitempty"`
	Constraints Constraints `json:"constraints,omitzero"`
	pattern     *regexp.Regexp
}

// Constraints are the Table Schema constraints a field may carry.
type Constraints struct {
	Required  bool     `json:"required,omitempty"`
	Minimum   *float64 `json:"minimum,omitempty"`
	Maximum   *float64 `json:"maximum,omitempty"`
	MaxLength int      `json:"maxLength,omitempty"`
	Pattern   string   `json:"pattern,omitempty"`
	Enum      []string `json:"enum,omitempty"`
}

// Table Schema field types the validator checks, and the CSV on the Web
// datatype each is published as.
var schemaTypes = map[string]string{
	"string":   TypeString,
	"number":   TypeDecimal,
	"integer":  TypeInteger,
	"date":     TypeDate,
	"datetime": TypeDateTime,
}

// ParseTableSchema reads a schema, refusing unknown properties, types
// other than schemaTypes, and patterns that do not compile.
func ParseTableSchema(b []byte) (*TableSchema, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var s TableSchema
	if err := dec.Decode(&s); err != nil {
		return nil, err
	}
	if len(s.Fields) == 0 {
		return nil, fmt.Errorf("table schema has no fields")
	}
	seen := map[string]bool{}
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Name == "" || seen[f.Name] {
			return nil, fmt.Errorf("field %d: name %q is empty or repeated", i+1, f.Name)
		}
		seen[f.Name] = true
		if _, ok := schemaTypes[f.Type]; !ok {
			return nil, fmt.Errorf("field %q: type %q is not one Guildhall checks", f.Name, f.Type)
		}
		if p := f.Constraints.Pattern; p != "" {
			// Table Schema patterns match the whole value (XML Schema regular expressions).
			re, err := regexp.Compile("^(?:" + p + ")$")
			if err != nil {
				return nil, fmt.Errorf("field %q: pattern: %w", f.Name, err)
			}
			f.pattern = re
		}
	}
	if !slices.Equal(s.MissingValues, []string{""}) {
		return nil, fmt.Errorf("table schema must say missingValues [\"\"]: an empty cell is the only missing value")
	}
	return &s, nil
}

// Columns are the published columns of a file valid against the schema.
func (s *TableSchema) Columns() []Column {
	cols := make([]Column, len(s.Fields))
	for i, f := range s.Fields {
		cols[i] = Column{Name: f.Name, Title: f.Title, Datatype: schemaTypes[f.Type], Required: f.Constraints.Required, field: &s.Fields[i]}
	}
	return cols
}
