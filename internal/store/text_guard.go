package store

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// The store refuses text that PostgreSQL cannot hold — a NUL character, or
// bytes that are not UTF-8 — on both dialects, so that SQLite and
// PostgreSQL accept exactly the same data and such text is a fault.Invalid
// (400), never a driver error (500). The web layers refuse it first with a
// field message; this is the guard behind them for every other path.
//
//   - A write (exec, or a query in a write transaction) with such an
//     argument fails with fault.Invalid, and so does its transaction.
//   - A lookup by such an argument (a reference, an email, a search) finds
//     nothing, since nothing stored holds one: fault.NotFound or no rows.

// errBadText is what a write with unstorable text returns.
var errBadText = fault.New(fault.Invalid, "text must not include a NUL character or bytes that are not UTF-8")

// badText reports whether any string argument is text the store refuses.
func badText(args []any) bool {
	for _, a := range args {
		if s, ok := a.(string); ok && (strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)) {
			return true
		}
	}
	return false
}

// noRowsQuery is a query that yields no rows on both dialects: what a
// lookup by unstorable text runs instead.
const noRowsQuery = "SELECT 1 WHERE 1 = 0"

// hasEscapedNUL reports whether JSON text b holds an escaped NUL (\u0000),
// which PostgreSQL's JSONB refuses; "\\u0000" (an escaped backslash then
// "u0000") is ordinary text.
func hasEscapedNUL(b []byte) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(`\u0000`))
		if j < 0 {
			return false
		}
		j += i
		n := 0
		for k := j; k >= 0 && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 1 {
			return true
		}
		i = j + 1
	}
}
