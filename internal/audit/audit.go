// Package audit is Guildhall's append-only, hash-chained audit log.
//
// Every entry carries the hash of the entry before it, and its own hash is an
// HMAC-SHA256 under a key kept outside the database (Key), so altering,
// deleting or reordering stored rows breaks the chain from that point on even
// for someone who recomputes hashes, and Verifier names the broken entries.
// Signed checkpoints written outside the database (Checkpointer) let the
// verifier see a trimmed tail or an emptied log too. The store appends entries in the same transaction as the
// change they record; Service appends standalone entries (sign-in, grants,
// views of OFFICIAL-SENSITIVE cases) and serves searches and exports.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Entry is one audit record.
type Entry struct {
	Seq            int64     `json:"seq"`
	At             time.Time `json:"at"`
	Actor          string    `json:"actor"`
	Action         string    `json:"action"`
	Subject        string    `json:"subject"`
	Classification string    `json:"classification"`
	// Detail is a JSON object; it is hashed in canonical form (sorted keys).
	Detail   json.RawMessage `json:"detail,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// Detail encodes a map as an entry's Detail. It never fails for maps of
// strings, numbers, booleans and nested maps or slices of those.
func Detail(m map[string]any) json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return json.RawMessage(strconv.Quote(err.Error()))
	}
	return b
}

// timePrecision is what both databases keep of a time: microseconds.
const timePrecision = time.Microsecond

// timeLayout is how times are encoded for hashing and signing.
const timeLayout = time.RFC3339Nano

// Link returns e chained after prev (the zero Entry for the first) with the
// plain, unkeyed SHA-256 that chains written before the audit key existed
// used: its Seq, PrevHash and Hash are set, and At is truncated to
// microseconds, the precision both databases keep, so that a stored entry
// hashes the same when read back. The platform links with Key.Link.
func Link(prev, e Entry) Entry {
	e.Seq = prev.Seq + 1
	e.PrevHash = prev.Hash
	e.At = e.At.UTC().Truncate(timePrecision)
	e.Hash = Hash(e)
	return e
}

// Hash is the plain SHA-256 (hex) of e's canonical encoding, which covers
// every field but Hash itself, including PrevHash. Anyone can compute it, so
// on its own it only detects accidents; Key.Sum is the keyed form.
func Hash(e Entry) string {
	sum := sha256.Sum256(encode(e))
	return hex.EncodeToString(sum[:])
}

// encode is e's canonical encoding: every field but Hash, each length-prefixed
// so that the encoding is unambiguous.
func encode(e Entry) []byte {
	var b bytes.Buffer
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Truncate(timePrecision).Format(timeLayout),
		e.Actor, e.Action, e.Subject, e.Classification,
		canonical(e.Detail),
		e.PrevHash,
	} {
		fmt.Fprintf(&b, "%d:%s;", len(f), f)
	}
	return b.Bytes()
}

// canonical re-encodes JSON with sorted keys and numbers as written, so that
// a database that reorders or re-spaces JSON does not break the chain.
func canonical(raw json.RawMessage) string {
	if len(bytes.TrimSpace(raw)) == 0 {
		return ""
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return string(raw) // not JSON: hash the bytes as they are
	}
	out, err := json.Marshal(v)
	if err != nil {
		return string(raw)
	}
	return string(out)
}

// BrokenError reports the first entry at which a chain fails verification.
type BrokenError struct {
	Seq    int64
	Reason string
}

// Error names the broken entry and why.
func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit: chain broken at entry %d: %s", e.Seq, e.Reason)
}

// Verify checks a chain read in seq order, from the first entry, with key k
// (nil checks plain hashes only). next returns the entries one by one and
// ok=false at the end, or an error reading them. It returns a *BrokenError
// naming the first entry that is missing, altered, out of place or not keyed
// where it must be, or nil when the chain is whole. Verifier gives the full
// report, with checkpoints.
func Verify(k *Key, next func() (Entry, bool, error)) error {
	v := &Verifier{Key: k}
	for {
		e, ok, err := next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		v.Add(e)
		if len(v.problems) > 0 {
			p := v.problems[0]
			return &BrokenError{Seq: p.Seq, Reason: p.Reason}
		}
	}
}

// Slice adapts a slice for Verify.
func Slice(entries []Entry) func() (Entry, bool, error) {
	i := 0
	return func() (Entry, bool, error) {
		if i >= len(entries) {
			return Entry{}, false, nil
		}
		i++
		return entries[i-1], true, nil
	}
}
