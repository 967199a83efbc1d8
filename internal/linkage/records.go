package linkage

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Records is a table of input records: one identifier and one row of
// string values per record. Empty values are treated as missing.
type Records struct {
	// Columns names the values of each row.
	Columns []string
	// IDs identify the records in output; they are never compared.
	IDs []string
	// Rows hold the values, Rows[i][c] for record i and column c.
	Rows [][]string
}

// Len returns the number of records.
func (r *Records) Len() int { return len(r.Rows) }

// column returns the index of name, or -1.
func (r *Records) column(name string) int { return slices.Index(r.Columns, name) }

// ReadCSV reads records from CSV with a header row. Spaces around values
// are trimmed (FEBRL writes ", " between fields). idColumn names the
// identifier column; it is kept in Columns as well so that ground truth
// can be derived from it, but it should not be used in comparisons.
func ReadCSV(r io.Reader, idColumn string) (*Records, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read csv header: %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	idc := slices.Index(header, idColumn)
	if idc < 0 {
		return nil, fmt.Errorf("%w: id column %q not in header %v", errSettings, idColumn, header)
	}
	recs := &Records{Columns: header}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read csv: %w", err)
		}
		for len(row) < len(header) {
			row = append(row, "")
		}
		for i, v := range row {
			if len(v) > 0 && (v[len(v)-1] == ' ' || v[0] == ' ') {
				row[i] = strings.TrimSpace(v)
			}
		}
		recs.IDs = append(recs.IDs, row[idc])
		recs.Rows = append(recs.Rows, row[:len(header)])
	}
}
