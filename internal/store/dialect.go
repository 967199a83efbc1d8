package store

import "strings"

// dialect holds everything that differs between SQLite and PostgreSQL. The
// rest of the package writes portable SQL with ? placeholders.
type dialect interface {
	name() string
	// rebind turns ? placeholders into the dialect's own.
	rebind(q string) string
	// mapErr maps driver errors to fault kinds (unique violation → Conflict).
	mapErr(err error) error
	isUnique(err error) bool
	// transient says err aborted a transaction that may succeed if run
	// again whole (a deadlock's victim, a serialisation failure).
	transient(err error) bool
	// textArg is a full-text query in the dialect's syntax from what a
	// person typed.
	textArg(text string) string
	// textMatches selects ix.columns, text_rank (lower ranks better) and
	// candidates of the newest rows of ix whose text matches, that also
	// meet conds (an " AND …" clause), LIMIT ?. Its own arguments, before
	// those of conds, are textMatchArgs(text). read says how to read the
	// matches, where the dialect estimates (matchEstimate); candidates is
	// the number of matches read through the index, up to read.most, or 0.
	textMatches(ix textIndex, conds string, read textRead) string
	textMatchArgs(text string) []any
	// matchEstimate is a query of the planner's estimate, as JSON, of how
	// many rows of ix hold the words of its one argument; "" when the
	// dialect decides in textMatches itself.
	matchEstimate(ix textIndex) string
	// matchCount counts the rows of ix holding the words of its one
	// argument, up to limit.
	matchCount(ix textIndex, limit int) string
	// applicantEmail is the expression, matching the cases_applicant_email
	// index, of a case's applicant address in lower case.
	applicantEmail() string
	// draftNamesBlob is a condition, with one ? for a blob key, true when a
	// draft's answers name that file: a live draft keeps its files.
	draftNamesBlob() string
	// forUpdate locks selected rows where the dialect has row locks.
	forUpdate() string
	// skipLocked also skips rows other transactions hold.
	skipLocked() string
	// notOverdueNotified is the literal condition of the partial index
	// cases_overdue (a bound parameter would keep the planner from using it).
	notOverdueNotified() string
	// preparesHot says whether to prepare hot statements once (SQLite's
	// single writer connection; pgx caches prepared statements itself).
	preparesHot() bool
	// tableExists counts tables named by its one argument (0 or 1).
	tableExists() string
	// migrationLock is a statement serialising migrations across processes.
	migrationLock() string
	// spillSorts are statements that make a connection sort through files
	// rather than memory, and go back: for a query that sorts every case.
	spillSorts() (on, off string)
}

// commonWordMatches is where a word is common: found in more cases than
// this, its matches are read newest first and no more than a page needs
// (and, on SQLite, not weighed by bm25, which reads every case the word is
// in; its weight would be near zero anyway). A rarer word's matches are
// read whole through the index and the newest taken. Deciding costs at
// most this many index entries on SQLite and a planner estimate on
// PostgreSQL. A variable only so that a test can move it (SetCommonWordMatches).
var commonWordMatches = 50_000

// rebindDollar rewrites ? placeholders as $1, $2 … for PostgreSQL, leaving
// question marks inside quoted literals, quoted identifiers and comments alone.
func rebindDollar(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte // ' or " while inside a literal or identifier
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
			continue
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
