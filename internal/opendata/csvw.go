package opendata

import (
	"regexp"
	"strings"
	"time"
)

// Licences Guildhall knows the address of; any other is published by name.
var licenceURLs = map[string]string{
	"OGL-UK-3.0": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
	"CC-BY-4.0":  "https://creativecommons.org/licenses/by/4.0/",
	"CC0-1.0":    "https://creativecommons.org/publicdomain/zero/1.0/",
	"ODbL-1.0":   "https://opendatacommons.org/licenses/odbl/1-0/",
}

// LicenceURL is the address of the dataset's licence ("" when unknown).
func (d Dataset) LicenceURL() string { return licenceURLs[d.Licence] }

// CSVWMetadata is the CSV on the Web metadata document of a dataset's CSV
// file at csvURL: the columns with their datatypes and titles, so that a
// validator can check each file and a reader knows what each column holds.
func (d Dataset) CSVWMetadata(csvURL, publisher string, modified time.Time) map[string]any {
	cols := make([]map[string]any, len(d.Columns))
	for i, c := range d.Columns {
		cols[i] = map[string]any{
			"name":           csvwName(c.Name),
			"titles":         c.Name, // the header cell, which validators match
			"dc:description": c.Title,
			"datatype":       c.csvwDatatype(),
			"required":       c.Required,
		}
	}
	m := map[string]any{
		"@context":       []any{"http://www.w3.org/ns/csvw", map[string]any{"@language": "en"}},
		"url":            csvURL,
		"dc:title":       d.Title,
		"dc:description": d.Description,
		"dc:publisher":   publisher,
		"dc:license":     map[string]any{"@id": d.licenceOrName()},
		"tableSchema":    map[string]any{"columns": cols},
		"dialect":        map[string]any{"header": true, "encoding": "utf-8"},
	}
	if !modified.IsZero() {
		m["dc:modified"] = map[string]any{"@value": modified.UTC().Format(time.RFC3339), "@type": "xsd:dateTime"}
	}
	if d.hasReference() {
		m["tableSchema"].(map[string]any)["primaryKey"] = "reference"
	}
	return m
}

func (d Dataset) licenceOrName() string { return cmpOr(d.LicenceURL(), d.Licence) }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (d Dataset) hasReference() bool {
	for _, c := range d.Columns {
		if c.Name == "reference" {
			return true
		}
	}
	return false
}

// csvwName makes a column header a CSV on the Web name, which must be a
// URI template variable: ASCII letters, digits and underscores, not
// starting with one. A question id's hyphen and a Transparency Code
// header's spaces and colons ("Recipient Org:Identifier") become one
// underscore, and letters are lower-cased: recipient_org_identifier.
func csvwName(n string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(n) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// csvwDatatype is the column's datatype with the constraints of its Table
// Schema field that CSV on the Web can say: bounds of numbers, and for
// text a pattern (a choice of words is a pattern of alternatives).
func (c Column) csvwDatatype() any {
	if c.field == nil {
		return c.Datatype
	}
	k := c.field.Constraints
	dt := map[string]any{"base": c.Datatype}
	if k.Minimum != nil {
		dt["minimum"] = *k.Minimum
	}
	if k.Maximum != nil {
		dt["maximum"] = *k.Maximum
	}
	if k.MaxLength > 0 {
		dt["maxLength"] = k.MaxLength
	}
	if c.Datatype == TypeString {
		switch {
		case k.Pattern != "":
			dt["format"] = "^(?:" + k.Pattern + ")$"
		case len(k.Enum) > 0:
			alts := make([]string, len(k.Enum))
			for i, e := range k.Enum {
				alts[i] = regexp.QuoteMeta(e)
			}
			dt["format"] = "^(?:" + strings.Join(alts, "|") + ")$"
		}
	}
	if len(dt) == 1 {
		return c.Datatype
	}
	return dt
}

// TableSchema is the Frictionless Data Table Schema of the CSV file, for
// tools of that family (frictionless validate, CKAN's datastore loaders).
// An uploaded dataset's is the schema it was checked against.
func (d Dataset) TableSchema() any {
	if d.Schema != nil {
		return d.Schema
	}
	types := map[string]string{TypeString: "string", TypeDecimal: "number", TypeInteger: "integer", TypeDate: "date", TypeDateTime: "datetime"}
	fields := make([]map[string]any, len(d.Columns))
	for i, c := range d.Columns {
		fields[i] = map[string]any{"name": c.Name, "title": c.Title, "type": types[c.Datatype]}
	}
	s := map[string]any{"fields": fields, "missingValues": []string{""}}
	if d.hasReference() {
		s["primaryKey"] = []string{"reference"}
	}
	return s
}
