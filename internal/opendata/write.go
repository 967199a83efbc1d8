package opendata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
)

// Format is a published file format.
type Format string

// Formats, by the file extension they are served with.
const (
	CSV     Format = "csv"
	JSON    Format = "json"
	GeoJSON Format = "geojson"
)

// MediaType is the Content-Type a format is served with.
func (f Format) MediaType() string {
	switch f {
	case JSON:
		return "application/json"
	case GeoJSON:
		return "application/geo+json"
	}
	return "text/csv; charset=utf-8"
}

// RowWriter writes a dataset one row at a time, so that a file of any
// size is sent without holding its rows: Row for each case, then Close.
type RowWriter interface {
	Row([]Value) error
	Close() error
}

// NewRowWriter starts a file of the dataset in format f on w.
func NewRowWriter(f Format, w io.Writer, d Dataset) (RowWriter, error) {
	switch f {
	case CSV:
		return newCSVWriter(w, d)
	case JSON:
		return newJSONWriter(w, d, false)
	case GeoJSON:
		if !d.HasLocation() {
			return nil, fmt.Errorf("dataset %s has no location", d.ID)
		}
		return newJSONWriter(w, d, true)
	}
	return nil, fmt.Errorf("no format %q", f)
}

type csvWriter struct{ w *csvsafe.Writer }

// newCSVWriter writes a header of column names, then rows. Cells pass
// through csvsafe: a published cell that a spreadsheet would run as a
// formula is the classic CSV injection.
func newCSVWriter(w io.Writer, d Dataset) (*csvWriter, error) {
	cw := &csvWriter{w: csvsafe.NewWriter(w)}
	head := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		head[i] = c.Name
	}
	return cw, cw.w.Write(head)
}

func (c *csvWriter) Row(vals []Value) error {
	rec := make([]string, len(vals))
	for i, v := range vals {
		rec[i] = v.Text
	}
	return c.w.Write(rec)
}

func (c *csvWriter) Close() error { c.w.Flush(); return c.w.Error() }

// jsonWriter writes {"dataset":…, "records":[…]} or a GeoJSON
// FeatureCollection, a row at a time.
type jsonWriter struct {
	w     *bufio.Writer
	d     Dataset
	geo   bool
	first bool
	lat   int
	lng   int
}

func newJSONWriter(w io.Writer, d Dataset, geo bool) (*jsonWriter, error) {
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 32<<10), d: d, geo: geo, first: true, lat: -1, lng: -1}
	for i, c := range d.Columns {
		switch c.part {
		case "lat":
			jw.lat = i
		case "lng":
			jw.lng = i
		}
	}
	id, _ := json.Marshal(d.ID)
	lic, _ := json.Marshal(d.Licence)
	var err error
	if geo {
		_, err = fmt.Fprintf(jw.w, `{"type":"FeatureCollection","name":%s,"licence":%s,"features":[`, id, lic)
	} else {
		_, err = fmt.Fprintf(jw.w, `{"dataset":%s,"licence":%s,"records":[`, id, lic)
	}
	return jw, err
}

func (j *jsonWriter) Row(vals []Value) error {
	if !j.first {
		j.w.WriteByte(',')
	}
	j.first = false
	j.w.WriteByte('\n')
	if j.geo {
		j.w.WriteString(`{"type":"Feature","geometry":`)
		if j.lat >= 0 && !vals[j.lat].Null && !vals[j.lng].Null {
			fmt.Fprintf(j.w, `{"type":"Point","coordinates":[%s,%s]}`, vals[j.lng].Text, vals[j.lat].Text)
		} else {
			j.w.WriteString("null") // GeoJSON allows a feature without a place
		}
		j.w.WriteString(`,"properties":`)
	}
	j.object(vals)
	if j.geo {
		j.w.WriteByte('}')
	}
	return nil
}

func (j *jsonWriter) object(vals []Value) {
	j.w.WriteByte('{')
	for i, c := range j.d.Columns {
		if i > 0 {
			j.w.WriteByte(',')
		}
		name, _ := json.Marshal(c.Name)
		j.w.Write(name)
		j.w.WriteByte(':')
		j.value(vals[i])
	}
	j.w.WriteByte('}')
}

func (j *jsonWriter) value(v Value) {
	switch {
	case v.Null:
		j.w.WriteString("null")
	case v.Number:
		j.w.WriteString(v.Text)
	default:
		b, _ := json.Marshal(v.Text)
		j.w.Write(b)
	}
}

func (j *jsonWriter) Close() error {
	j.w.WriteString("\n]}\n")
	return j.w.Flush()
}
