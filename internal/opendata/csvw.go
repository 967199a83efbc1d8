package opendata

import (
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
			"datatype":       c.Datatype,
			"required":       false,
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

// csvwName makes a column name a CSV on the Web name: letters, digits and
// underscores (a question id may hold a hyphen, which a name may not).
func csvwName(n string) string { return strings.ReplaceAll(n, "-", "_") }

// TableSchema is the Frictionless Data Table Schema of the CSV file, for
// tools of that family (frictionless validate, CKAN's datastore loaders).
func (d Dataset) TableSchema() map[string]any {
	types := map[string]string{TypeString: "string", TypeDecimal: "number", TypeDate: "date", TypeDateTime: "datetime"}
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
