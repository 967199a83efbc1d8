// Package csvsafe writes CSV that a spreadsheet opens as data, never as
// formulas: every CSV the platform writes goes through Writer.
//
// A cell beginning with = + - @, a tab or a carriage return is taken by
// Excel, LibreOffice and Google Sheets as a formula (=HYPERLINK(…),
// =cmd|…, DDE), so text typed by anyone — a failed sign-in's user name, an
// answer, a note — could run in an officer's spreadsheet. Following OWASP's
// CSV injection guidance, such a cell is prefixed with a single quote, which
// spreadsheets show as text and do not evaluate. Values keep their meaning
// for a person reading them; a program reading the CSV back sees the quote.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// Cell returns s neutralised for a spreadsheet: prefixed with a single quote
// when it begins with = + - @, a tab or a carriage return, unchanged otherwise.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Writer is a csv.Writer that neutralises every cell it writes.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, each cell passed through Cell.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, s := range record {
		w.buf = append(w.buf, Cell(s))
	}
	return w.w.Write(w.buf)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error from a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
