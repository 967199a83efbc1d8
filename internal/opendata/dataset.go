package opendata

import (
	"cmp"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Datatypes of columns, as CSV on the Web names them.
const (
	TypeString   = "string"
	TypeDecimal  = "decimal"
	TypeInteger  = "integer"
	TypeDate     = "date"
	TypeDateTime = "dateTime"
)

// Column is one published column: its name (a CSV header and JSON key),
// the title a person reads, and its datatype.
type Column struct {
	Name     string
	Title    string
	Datatype string
	// Required is set when no cell may be empty (Transparency Code files).
	Required bool
	// field is the Table Schema field of an uploaded file's column.
	field *SchemaField
	// source is the case field or question id, and part the piece of a
	// compound answer (a location's latitude, longitude or description).
	source, part string
}

// Dataset is what one service definition's publish: block allows: a table of
// its cases, one row a case, with the columns the definition names.
type Dataset struct {
	ID          string // the publish: dataset name, part of every URL
	Title       string
	Description string
	ServiceID   string
	Category    string
	Keywords    []string
	Licence     string
	Columns     []Column
	// Decimals rounds coordinates; -1 when the dataset has no location.
	Decimals int
	// Disclosure is set when the service also publishes its responses.
	Disclosure *service.DisclosureLog
	// Version is the definition's version, part of the dataset's ETag.
	Version int
	def     *service.Definition
	// Schema and Upload are set for a Transparency Code dataset: the file
	// an administrator uploaded, valid against Schema, rather than cases.
	Schema *TableSchema
	Upload *Publication
}

// Uploaded reports whether the dataset is a published upload rather than
// a service's cases (no snapshots, no case statistics).
func (d Dataset) Uploaded() bool { return d.Upload != nil }

// DatasetsOf returns the datasets the definitions publish, by id. A service
// classified OFFICIAL-SENSITIVE never publishes, whatever its definition
// says (the definition checks refuse that too; this is the second lock).
func DatasetsOf(defs []*service.Definition) []Dataset {
	var out []Dataset
	for _, d := range defs {
		if d.Publish == nil || d.Classification != service.Official || d.Publish.Dataset == "" {
			continue
		}
		out = append(out, newDataset(d))
	}
	slices.SortFunc(out, func(a, b Dataset) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func newDataset(d *service.Definition) Dataset {
	p := d.Publish
	ds := Dataset{ID: p.Dataset, Title: d.Name, Description: d.Summary, ServiceID: d.ID, Category: d.Category,
		Keywords: d.Keywords, Licence: cmp.Or(p.Licence, "OGL-UK-3.0"), Decimals: -1, Disclosure: p.DisclosureLog,
		Version: d.Version, def: d}
	ds.Description = d.Summary + " One row for each request received, updated as it moves; personal details are never published."
	for _, f := range p.Fields {
		ds.Columns = append(ds.Columns, columnsFor(d, f)...)
	}
	for _, c := range ds.Columns {
		if c.part == "lat" {
			ds.Decimals = p.LocationDecimals
			if ds.Decimals == 0 {
				ds.Decimals = 3 // about 100 m: never the exact point a resident stood on
			}
		}
	}
	return ds
}

// builtinColumns are the case fields a publish: block may name.
var builtinColumns = map[string][]Column{
	"reference":    {{Name: "reference", Title: "Reference", Datatype: TypeString}},
	"service":      {{Name: "service", Title: "Service", Datatype: TypeString}},
	"status":       {{Name: "status", Title: "Status code", Datatype: TypeString}, {Name: "status_label", Title: "Status", Datatype: TypeString, part: "label"}},
	"submitted_at": {{Name: "submitted_at", Title: "Received at", Datatype: TypeDateTime}},
	"updated_at":   {{Name: "updated_at", Title: "Last changed at", Datatype: TypeDateTime}},
	"closed_at":    {{Name: "closed_at", Title: "Closed at", Datatype: TypeDateTime}},
}

// columnsFor maps one publish field to its columns. A location becomes
// latitude, longitude (rounded) and description (redacted); its UPRN is
// never published, as it can name one home.
func columnsFor(d *service.Definition, field string) []Column {
	if cols, ok := builtinColumns[field]; ok {
		out := slices.Clone(cols)
		for i := range out {
			out[i].source = field
		}
		return out
	}
	q, ok := d.Question(field)
	if !ok || q.Personal || q.Type == service.TypeFile {
		return nil // the definition checks refuse these; never publish one regardless
	}
	col := Column{Name: field, Title: q.Label, Datatype: TypeString, source: field}
	switch q.Type {
	case service.TypeNumber:
		col.Datatype = TypeDecimal
	case service.TypeDate:
		col.Datatype = TypeDate
	case service.TypeLocation:
		return []Column{
			{Name: field + "_latitude", Title: q.Label + " (latitude)", Datatype: TypeDecimal, source: field, part: "lat"},
			{Name: field + "_longitude", Title: q.Label + " (longitude)", Datatype: TypeDecimal, source: field, part: "lng"},
			{Name: field + "_description", Title: q.Label + " (description)", Datatype: TypeString, source: field, part: "description"},
		}
	}
	return []Column{col}
}

// HasLocation reports whether rows carry a point (and so a GeoJSON file).
func (d Dataset) HasLocation() bool { return d.Decimals >= 0 }
