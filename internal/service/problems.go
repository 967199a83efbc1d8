package service

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Problem is one fault in a service definition, at a place in its file.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"` // 1-based; 0 when unknown
	Col     int    `json:"col,omitempty"`  // 1-based; 0 when unknown
	Message string `json:"message"`
	// Hint says how to fix it.
	Hint string `json:"hint,omitempty"`
}

// String renders the problem as "file:line:col: message (hint: …)", the form
// editors and CI annotate.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Line, max(p.Col, 1))
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" (hint: " + p.Hint + ")")
	}
	return b.String()
}

// Problems is every fault found in one or more definitions. As an error it
// wraps fault.Invalid. Range over it to see each problem.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap makes errors.Is(err, fault.Invalid) hold.
func (ps Problems) Unwrap() error { return fault.Invalid }

// PublicMessage is the problem list: written for the service designer.
func (ps Problems) PublicMessage() string { return ps.Error() }

// Err returns the problems as a *Problems error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ps
}

// Sort orders problems by file, line and column, so output is stable.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// ProblemAt is a problem with the definition at the JSON pointer ptr (such
// as "/pages/2/questions/1"), placed at its file:line:col, for checks made
// outside this package (what Open311 would refuse, say).
func (d *Definition) ProblemAt(ptr, hint, message string) Problem {
	p := d.pos.at(ptr)
	return Problem{File: d.Source, Line: p.line, Col: p.col, Message: message, Hint: hint}
}
