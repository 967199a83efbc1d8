package audit

import (
	"fmt"
	"time"
)

// Problem is one thing wrong with a stored chain, at the entry it names.
type Problem struct {
	Seq    int64
	Reason string
}

// Report is the outcome of verifying a chain against its checkpoints.
type Report struct {
	// Entries is how many stored entries were read.
	Entries int64
	// Legacy counts entries hashed with plain SHA-256 before the chain was
	// keyed; FirstKeyed is the first keyed entry (0: none). Legacy entries
	// are held in place by the keyed entry after them, whose HMAC covers the
	// last legacy hash.
	Legacy, FirstKeyed int64
	// Checkpoints is how many signed checkpoints were checked; LastCheckpoint
	// the newest of them.
	Checkpoints    int
	LastCheckpoint Checkpoint
	Problems       []Problem
}

// Intact reports whether nothing was found wrong.
func (r Report) Intact() bool { return len(r.Problems) == 0 }

// maxProblems bounds the problems a report keeps; past it they are counted.
const maxProblems = 1000

// Verifier checks a chain entry by entry, in seq order, against the key and
// the checkpoints (Add each entry, then Finish). It keeps going after a
// problem, so that a report names every entry that is wrong, not only the
// first.
type Verifier struct {
	Key *Key
	// Checkpoints are signature-checked checkpoints by seq (see Checkpoints).
	Checkpoints map[int64]Checkpoint

	prev     Entry
	report   Report
	problems []Problem
	dropped  int
}

// Add checks the next entry.
func (v *Verifier) Add(e Entry) {
	prev := v.prev
	v.prev = e
	v.report.Entries++
	switch {
	case e.Seq > prev.Seq+1:
		v.problem(prev.Seq+1, fmt.Sprintf("missing: entries %s deleted (the next stored entry is %d)", span(prev.Seq+1, e.Seq-1), e.Seq))
	case e.Seq <= prev.Seq:
		v.problem(e.Seq, fmt.Sprintf("out of order: stored after entry %d", prev.Seq))
	case e.PrevHash != prev.Hash:
		v.problem(e.Seq, fmt.Sprintf("does not link to entry %d: entries were reordered, or entry %d was changed", prev.Seq, prev.Seq))
	}
	v.hash(e)
	if cp, ok := v.Checkpoints[e.Seq]; ok && cp.Hash != e.Hash {
		v.problem(e.Seq, fmt.Sprintf("rewritten: its hash differs from the one the checkpoint of %s recorded", cp.At.UTC().Format(time.RFC3339)))
	}
}

// hash checks e's own hash: keyed once the chain is keyed; plain SHA-256 is
// accepted only before the first keyed entry (a chain from before the key).
func (v *Verifier) hash(e Entry) {
	r := &v.report
	switch {
	case v.Key.Keyed(e):
		if r.FirstKeyed == 0 {
			r.FirstKeyed = e.Seq
		}
	case Hash(e) == e.Hash && (r.FirstKeyed == 0 || v.Key == nil):
		r.Legacy++
	case Hash(e) == e.Hash:
		v.problem(e.Seq, fmt.Sprintf("rewritten: its hash is a plain SHA-256 recomputed without the audit key (the log is keyed from entry %d on)", r.FirstKeyed))
	default:
		v.problem(e.Seq, "altered: its contents do not match its hash")
	}
}

func (v *Verifier) problem(seq int64, reason string) {
	if len(v.problems) >= maxProblems {
		v.dropped++
		return
	}
	v.problems = append(v.problems, Problem{Seq: seq, Reason: reason})
}

// Finish checks what only the end shows: the recorded head (headSeq,
// headHash) and checkpoints of entries past the end of the stored log.
func (v *Verifier) Finish(headSeq int64, headHash string) Report {
	last := v.prev
	var newest Checkpoint
	for _, cp := range v.Checkpoints {
		if cp.Seq > newest.Seq || (cp.Seq == newest.Seq && cp.At.After(newest.At)) {
			newest = cp
		}
	}
	switch {
	case newest.Seq > last.Seq && last.Seq == 0:
		v.problem(1, fmt.Sprintf("emptied: the log holds no entries, but the checkpoint of %s recorded %d entries (up to entry %d)",
			newest.At.UTC().Format(time.RFC3339), newest.Count, newest.Seq))
	case newest.Seq > last.Seq:
		v.problem(last.Seq+1, fmt.Sprintf("truncated: entries %s are missing; the log ends at %d but the checkpoint of %s recorded entry %d",
			span(last.Seq+1, newest.Seq), last.Seq, newest.At.UTC().Format(time.RFC3339), newest.Seq))
	}
	switch {
	case headSeq > last.Seq:
		v.problem(last.Seq+1, fmt.Sprintf("truncated: the recorded head is entry %d but the log ends at %d", headSeq, last.Seq))
	case headSeq < last.Seq:
		v.problem(headSeq+1, fmt.Sprintf("the recorded head is entry %d but the log goes on to %d", headSeq, last.Seq))
	case headHash != last.Hash:
		v.problem(last.Seq, "its hash differs from the one recorded in the head")
	}
	if v.dropped > 0 {
		v.problems = append(v.problems, Problem{Reason: fmt.Sprintf("and %d further problems", v.dropped)})
	}
	r := v.report
	r.Problems = v.problems
	r.Checkpoints, r.LastCheckpoint = len(v.Checkpoints), newest
	return r
}

func span(from, to int64) string {
	if from == to {
		return fmt.Sprint(from)
	}
	return fmt.Sprintf("%d–%d", from, to)
}
