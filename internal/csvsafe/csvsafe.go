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

// Writer is a csv.Writer that neutralises every cell it writes, except in
// columns the caller has marked as checked numbers or dates.
type Writer struct {
	w        *csv.Writer
	buf      []string
	verbatim []bool
}

// Verbatim marks the columns whose every cell the caller has checked is a
// number or a date (a Table Schema validator has): they are written as they
// are, so -5.00 stays a number. Other columns are neutralised as usual.
func (w *Writer) Verbatim(columns []bool) { w.verbatim = columns }

// UseCRLF ends rows with \r\n, as RFC 4180 and CSV on the Web expect.
func (w *Writer) UseCRLF() { w.w.UseCRLF = true }

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, each cell passed through Cell.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for i, s := range record {
		if i >= len(w.verbatim) || !w.verbatim[i] {
			s = Cell(s)
		}
		w.buf = append(w.buf, s)
	}
	return w.w.Write(w.buf)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error from a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
