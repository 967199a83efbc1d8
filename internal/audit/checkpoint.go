package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Checkpoint records, outside the database, how far the chain reached at a
// moment: its last entry's seq and hash and how many entries it held, signed
// with the audit key (Ed25519). One JSON object a line in the checkpoint
// file, and the same line to syslog when configured.
type Checkpoint struct {
	Seq   int64     `json:"seq"`
	Hash  string    `json:"hash"`
	Count int64     `json:"count"`
	At    time.Time `json:"at"`
	KeyID string    `json:"key"`
	Sig   string    `json:"sig"`
}

// Checkpointer writes signed checkpoints of the chain's head: to a file
// opened for appending only (O_APPEND, fsynced before Run returns) and, when
// Extra is set, to it as well (syslog).
type Checkpointer struct {
	Store Store
	Key   *Key
	Path  string
	Extra io.Writer
	// Now is the clock; time.Now when nil.
	Now func() time.Time

	mu   sync.Mutex
	last int64 // seq of the last checkpoint written by this process (0: none yet)
	done bool
}

// Run writes a checkpoint when the chain has grown since the last one this
// process wrote, and always the first time (so a restarted platform anchors
// its head at once). It returns the checkpoint, or the zero one when there
// was nothing new.
func (c *Checkpointer) Run(ctx context.Context) (Checkpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	head, err := c.Store.AuditEntries(ctx, Filter{Newest: true, Limit: 1})
	if err != nil {
		return Checkpoint{}, err
	}
	cp := Checkpoint{At: c.now().UTC().Truncate(time.Millisecond)}
	if len(head) > 0 {
		cp.Seq, cp.Hash = head[0].Seq, head[0].Hash
	}
	if c.done && cp.Seq == c.last {
		return Checkpoint{}, nil
	}
	if cp.Count, err = c.Store.AuditCount(ctx, cp.Seq); err != nil {
		return Checkpoint{}, err
	}
	cp = c.Key.Sign(cp)
	line, err := json.Marshal(cp)
	if err != nil {
		return Checkpoint{}, err
	}
	line = append(line, '\n')
	if err := appendLine(c.Path, line); err != nil {
		return Checkpoint{}, fmt.Errorf("audit checkpoint: %w", err)
	}
	c.last, c.done = cp.Seq, true
	if c.Extra != nil {
		if _, err := c.Extra.Write(line); err != nil {
			return cp, fmt.Errorf("audit checkpoint to syslog: %w", err)
		}
	}
	return cp, nil
}

// Task is Run in the shape a periodic job takes.
func (c *Checkpointer) Task(ctx context.Context) error {
	_, err := c.Run(ctx)
	return err
}

// appendLine writes line at the end of the file at path with one write (so
// concurrent writers never interleave within a line) and fsyncs it.
func appendLine(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (c *Checkpointer) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// ReadCheckpoints reads a checkpoint file and checks each line's signature
// with k. It returns the good checkpoints by seq (the newest line for a seq
// wins), and a Problem for each line that is not one, or not signed by k.
// Errors: os.ErrNotExist when there is no file.
func ReadCheckpoints(path string, k *Key) (map[int64]Checkpoint, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	good := map[int64]Checkpoint{}
	var bad []Problem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4096), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var cp Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &cp); err != nil {
			bad = append(bad, Problem{Reason: fmt.Sprintf("checkpoint file line %d is not a checkpoint", n)})
			continue
		}
		if !k.VerifyCheckpoint(cp) {
			bad = append(bad, Problem{Seq: cp.Seq, Reason: fmt.Sprintf("checkpoint file line %d: the signature does not verify with this audit key (forged, or signed by key %s)", n, cp.KeyID)})
			continue
		}
		if old, ok := good[cp.Seq]; ok && old.Hash != cp.Hash {
			bad = append(bad, Problem{Seq: cp.Seq, Reason: fmt.Sprintf("checkpoints of %s and %s disagree about this entry's hash: the log was rolled back (a restored backup?) or rewritten",
				old.At.UTC().Format(time.RFC3339), cp.At.UTC().Format(time.RFC3339))})
		}
		good[cp.Seq] = cp
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		return good, bad, err
	}
	return good, bad, nil
}
