package opendata

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
)

// MaxProblemsShown is how many problems a validation report keeps; it
// counts every problem, but a file with a wrong column on each of a
// million rows needs the first few, not a page of a million.
const MaxProblemsShown = 100

// Problem is one thing wrong with an uploaded file. Line is the line of
// the file as a spreadsheet numbers rows (the header is 1; a cell over
// several lines is still one row); 0 for the file as a whole. Column is the spreadsheet letter and Field the header.
type Problem struct {
	Line    int
	Column  string
	Field   string
	Message string
}

// Report is the outcome of checking a file against its schema.
type Report struct {
	Rows     int       // data rows read (the header not counted)
	Problems []Problem // the first MaxProblemsShown
	Total    int       // every problem found
}

// Valid reports whether the file may be published.
func (r *Report) Valid() bool { return r.Total == 0 }

func (r *Report) add(p Problem) {
	r.Total++
	if len(r.Problems) < MaxProblemsShown {
		r.Problems = append(r.Problems, p)
	}
}

// ValidateCSV checks the CSV read from in against s, a row at a time, and
// writes the file as it will be published to out: UTF-8 without a byte
// order mark, CRLF lines as RFC 4180 says, and every text cell passed
// through csvsafe so that a spreadsheet never runs one as a formula
// (numbers and dates have been checked, so they cannot be one). Memory
// does not grow with the file: a row is read, checked, written and
// dropped. The error is for reading or writing failures; a file that does
// not meet the schema is a report with problems. out holds garbage when the
// report is not valid, and the caller must not publish it.
func ValidateCSV(s *TableSchema, in io.Reader, out io.Writer) (*Report, error) {
	rep := &Report{}
	br := bufio.NewReaderSize(in, 64<<10)
	// Excel's "CSV UTF-8" starts with a byte order mark.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1 // a short or long row is a problem to report, not a stop
	w := csvsafe.NewWriter(out)
	w.UseCRLF()

	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		rep.add(Problem{Message: "The file is empty. It must start with a header row naming the columns."})
		return rep, nil
	}
	if err != nil {
		return rep, csvProblem(rep, err, 1)
	}
	if !checkHeader(s, head, rep) {
		return rep, nil // every row would be wrong in the same way; the header is the one thing to fix
	}
	if err := w.Write(head); err != nil {
		return rep, err
	}
	// Numbers and dates have been checked cell by cell, so they cannot be
	// a formula; text columns are neutralised by the writer.
	verbatim := make([]bool, len(s.Fields))
	for i, f := range s.Fields {
		switch f.Type {
		case "number", "integer", "date", "datetime":
			verbatim[i] = true
		}
	}
	w.Verbatim(verbatim)
	cells := make([]string, len(s.Fields))
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line := rep.Rows + 2 // the row number a spreadsheet shows: the header is row 1
		if err != nil {
			if perr := csvProblem(rep, err, line); perr != nil {
				return rep, perr
			}
			break // encoding/csv cannot find the next row after a broken quote
		}
		rep.Rows++
		if len(rec) == 1 && rec[0] == "" {
			rep.add(Problem{Line: line, Message: fmt.Sprintf("Row %d is empty. Delete it.", line)})
			continue
		}
		if len(rec) != len(s.Fields) {
			rep.add(Problem{Line: line, Message: fmt.Sprintf("Row %d has %d cells; the header has %d.", line, len(rec), len(s.Fields))})
			continue
		}
		for i, v := range rec {
			f := &s.Fields[i]
			if msg := checkCell(f, v); msg != "" {
				rep.add(Problem{Line: line, Column: columnLetter(i), Field: f.Name, Message: msg})
			}
			cells[i] = v
		}
		if rep.Total == 0 {
			if err := w.Write(cells); err != nil {
				return rep, err
			}
		}
	}
	if rep.Rows == 0 && rep.Total == 0 {
		rep.add(Problem{Message: "The file has a header row but no data rows."})
	}
	w.Flush()
	return rep, w.Error()
}

// csvProblem turns a CSV syntax error into a problem on its line; other
// errors (the upload failing) are returned.
func csvProblem(rep *Report, err error, line int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	msg := fmt.Sprintf("Row %d could not be read as CSV (%v). Nothing after it was checked.", line, pe.Err)
	if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
		msg = fmt.Sprintf("Row %d has a quotation mark in the wrong place. A cell holding a quotation mark must be wrapped in quotation marks, with the mark itself written twice. Nothing after it was checked.", line)
	}
	rep.add(Problem{Line: line, Message: msg})
	return nil
}

// checkHeader reports each column that is missing, unexpected or out of
// place; it returns false when the header is wrong.
func checkHeader(s *TableSchema, head []string, rep *Report) bool {
	ok := true
	for i := range max(len(head), len(s.Fields)) {
		switch {
		case i >= len(head):
			rep.add(Problem{Line: 1, Column: columnLetter(i), Field: s.Fields[i].Name,
				Message: fmt.Sprintf("Column %s is missing. It must be headed %q.", columnLetter(i), s.Fields[i].Name)})
		case i >= len(s.Fields):
			rep.add(Problem{Line: 1, Column: columnLetter(i), Field: head[i],
				Message: fmt.Sprintf("Column %s (%q) is not part of this dataset. Delete it.", columnLetter(i), head[i])})
		case strings.TrimSpace(head[i]) != s.Fields[i].Name:
			rep.add(Problem{Line: 1, Column: columnLetter(i), Field: s.Fields[i].Name,
				Message: fmt.Sprintf("Column %s must be headed %q, not %q.", columnLetter(i), s.Fields[i].Name, head[i])})
		default:
			continue
		}
		ok = false
	}
	return ok
}

// checkCell returns what is wrong with one cell, in words for the person
// who prepared the file, or "".
func checkCell(f *SchemaField, v string) string {
	c := f.Constraints
	if !utf8.ValidString(v) {
		return f.Name + " is not UTF-8 text. Save the file as \"CSV UTF-8\"."
	}
	if v == "" {
		if c.Required {
			return "Enter " + f.Name + "; it cannot be empty."
		}
		return ""
	}
	if strings.TrimSpace(v) != v {
		return f.Name + " has spaces before or after it. Remove them."
	}
	var num float64
	switch f.Type {
	case "number":
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || !plainDecimal(v) {
			return fmt.Sprintf("%s must be a number like 1250.50, without £ or commas (not %q).", f.Name, v)
		}
		num = n
	case "integer":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Sprintf("%s must be a whole number like 12, without commas (not %q).", f.Name, v)
		}
		num = float64(n)
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return fmt.Sprintf("%s must be a real date written year-month-day, like 2026-03-31 (not %q).", f.Name, v)
		}
	case "datetime":
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return fmt.Sprintf("%s must be a date and time like 2026-03-31T14:30:00Z (not %q).", f.Name, v)
		}
	}
	if f.Type == "number" || f.Type == "integer" {
		if c.Minimum != nil && num < *c.Minimum {
			return fmt.Sprintf("%s must be %s or more (not %s).", f.Name, formatBound(*c.Minimum), v)
		}
		if c.Maximum != nil && num > *c.Maximum {
			return fmt.Sprintf("%s must be %s or less (not %s).", f.Name, formatBound(*c.Maximum), v)
		}
	}
	if c.MaxLength > 0 && utf8.RuneCountInString(v) > c.MaxLength {
		return fmt.Sprintf("%s must be %d characters or fewer (it has %d).", f.Name, c.MaxLength, utf8.RuneCountInString(v))
	}
	if len(c.Enum) > 0 && !contains(c.Enum, v) {
		return fmt.Sprintf("%s must be one of %s (not %q).", f.Name, orList(c.Enum), v)
	}
	if f.pattern != nil && !f.pattern.MatchString(v) {
		msg := fmt.Sprintf("%s is not in the right format (%q).", f.Name, v)
		if f.Example != "" {
			msg += " For example: " + f.Example + "."
		}
		return msg
	}
	return ""
}

// plainDecimal accepts what CSV on the Web's decimal and Table Schema's
// number both read: an optional minus, digits, an optional point and
// digits. ParseFloat alone also takes "1e5", "Inf", "0x1p3" and "1_000".
func plainDecimal(v string) bool {
	v = strings.TrimPrefix(v, "-")
	whole, frac, hasPoint := strings.Cut(v, ".")
	return allDigits(whole) && whole != "" && (!hasPoint || allDigits(frac) && frac != "")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func formatBound(f float64) string {
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// orList writes ["A","B","C"] as `"A", "B" or "C"`.
func orList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// columnLetter is the spreadsheet name of column i (0 is A, 26 is AA).
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
