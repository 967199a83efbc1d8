package linkage

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
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
	// Lines, when read by ReadCSV, are each record's line in its file.
	Lines []int32
}

// Len returns the number of records.
func (r *Records) Len() int { return len(r.Rows) }

// column returns the index of name, or -1.
func (r *Records) column(name string) int { return slices.Index(r.Columns, name) }

// InputError is a problem with one line of input; IsInvalid reports true for it.
type InputError struct {
	// Line is the 1-based line of the input (the header is line 1).
	Line int
	// Msg says what is wrong.
	Msg string
}

func (e *InputError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Unwrap makes IsInvalid true.
func (e *InputError) Unwrap() error { return errSettings }

// ReadCSV reads records from CSV with a header row. Spaces around values
// are trimmed (FEBRL writes ", " between fields). idColumn names the
// identifier column; it is kept in Columns as well so that ground truth
// can be derived from it, but it should not be used in comparisons.
// Input that would make the results wrong is refused with an *InputError
// naming its line: an empty or repeated column name, a row with more or
// fewer fields than the header, text that is not UTF-8, a missing or
// repeated id.
func ReadCSV(r io.Reader, idColumn string) (*Records, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err, 1)
	}
	if err := checkHeader(header, idColumn); err != nil {
		return nil, err
	}
	idc := slices.Index(header, idColumn)
	recs := &Records{Columns: header}
	seen := map[string]int{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return recs, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, csvError(err, line)
		}
		if err := checkRow(row, header, line); err != nil {
			return nil, err
		}
		id := row[idc]
		if id == "" {
			return nil, &InputError{line, fmt.Sprintf("no %s", idColumn)}
		}
		if first, dup := seen[id]; dup {
			return nil, &InputError{line, fmt.Sprintf("%s %q repeats line %d", idColumn, id, first)}
		}
		seen[id] = line
		recs.IDs = append(recs.IDs, id)
		recs.Rows = append(recs.Rows, row)
		recs.Lines = append(recs.Lines, int32(line))
	}
}

func csvError(err error, line int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{pe.Line, pe.Err.Error()}
	}
	if err == io.EOF {
		return &InputError{line, "no header row"}
	}
	return fmt.Errorf("read csv: %w", err)
}

func checkHeader(header []string, idColumn string) error {
	seen := map[string]bool{}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
		switch h := header[i]; {
		case !utf8.ValidString(h):
			return &InputError{1, fmt.Sprintf("column %d's name is not valid UTF-8", i+1)}
		case h == "":
			return &InputError{1, fmt.Sprintf("column %d has no name", i+1)}
		case seen[h]:
			return &InputError{1, fmt.Sprintf("column %q appears twice", h)}
		}
		seen[header[i]] = true
	}
	if !seen[idColumn] {
		return &InputError{1, fmt.Sprintf("id column %q not in header %v", idColumn, header)}
	}
	return nil
}

// checkRow refuses a ragged row or text that is not UTF-8, and trims spaces.
func checkRow(row, header []string, line int) error {
	if len(row) != len(header) {
		return &InputError{line, fmt.Sprintf("%d fields, but the header has %d", len(row), len(header))}
	}
	for i, v := range row {
		if !utf8.ValidString(v) {
			return &InputError{line, fmt.Sprintf("column %s is not valid UTF-8", header[i])}
		}
		if len(v) > 0 && (v[len(v)-1] == ' ' || v[0] == ' ') {
			row[i] = strings.TrimSpace(v)
		}
	}
	return nil
}
