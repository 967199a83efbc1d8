package audit

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
)

// Format is an export format.
type Format string

// Export formats.
const (
	CSV       Format = "csv"
	JSONLines Format = "jsonl"
)

// Export writes every entry matching f (ignoring its Limit and paging) to w,
// oldest first, and returns how many it wrote.
func (s *Service) Export(ctx context.Context, w io.Writer, f Filter, format Format) (int, error) {
	write, flush := jsonLinesWriter(w)
	if format == CSV {
		write, flush = csvWriter(w)
	}
	f.Newest, f.Limit = false, 1000
	n := 0
	for {
		page, err := s.Store.AuditEntries(ctx, f)
		if err != nil {
			return n, err
		}
		for _, e := range page {
			if err := write(e); err != nil {
				return n, err
			}
			n++
		}
		if len(page) < f.Limit {
			return n, flush()
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
}

func jsonLinesWriter(w io.Writer) (func(Entry) error, func() error) {
	enc := json.NewEncoder(w)
	return func(e Entry) error { return enc.Encode(e) }, func() error { return nil }
}

// csvHeader names the CSV columns.
var csvHeader = []string{"seq", "at", "actor", "action", "subject", "classification", "detail", "prev_hash", "hash"}

func csvWriter(w io.Writer) (func(Entry) error, func() error) {
	cw := csvsafe.NewWriter(w)
	header := false
	write := func(e Entry) error {
		if !header {
			header = true
			if err := cw.Write(csvHeader); err != nil {
				return err
			}
		}
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor,
			e.Action, e.Subject, e.Classification, string(e.Detail), e.PrevHash, e.Hash})
	}
	flush := func() error {
		if !header {
			if err := cw.Write(csvHeader); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	return write, flush
}
