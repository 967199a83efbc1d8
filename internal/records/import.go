package records

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// ManifestColumns are the columns a bulk import's manifest may have, in any
// order; the first four are required. related_cases holds case references
// separated by semicolons; date is YYYY-MM-DD.
var ManifestColumns = []string{"file", "title", "class", "classification", "date", "author", "description", "team", "related_cases"}

// Import is one bulk import: a CSV manifest naming files in a folder.
type Import struct {
	// Manifest names the manifest in reject messages (manifest.csv:LINE).
	Manifest string
	// Files is the folder the manifest's file column is relative to.
	Files fs.FS
	// Team owns documents whose row gives no team.
	Team string
	// Upload checks and keeps one file: the platform's one upload path
	// (names, content sniffing, malware scan). A *service.ValidationError
	// refuses the file; any other error stops the import.
	Upload func(ctx context.Context, name string, size int64, body io.ReadSeeker) (service.FileRef, error)
	// Rejected is told of each rejected row as it is found, and Progress
	// of the counts every ProgressEvery rows: nothing of the rows is kept,
	// so memory does not grow with the manifest.
	Rejected func(ImportReject)
	Progress func(ImportCounts)
}

// ProgressEvery is how many rows pass between progress reports.
const ProgressEvery = 100

// ImportReject is a manifest row that was not imported, and why.
type ImportReject struct {
	Manifest string
	Line     int
	Message  string
}

func (r ImportReject) String() string { return fmt.Sprintf("%s:%d: %s", r.Manifest, r.Line, r.Message) }

// ImportCounts is how far an import has gone.
type ImportCounts struct{ Rows, Imported, Rejected int }

// Import files every document the manifest names, as p, row by row: each
// row is checked, its file uploaded through im.Upload and the document
// filed (with its text extracted for search) before the next row is read.
// A bad row is rejected with its line and the rest go on. Errors: a
// manifest whose header is wrong (fault.Invalid), or trouble storing (the
// import stops; the rows before it are filed).
func (s *Documents) Import(ctx context.Context, p access.Principal, manifest io.Reader, im Import) (ImportCounts, error) {
	r := csv.NewReader(manifest)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return ImportCounts{}, fault.Wrap(fault.Invalid, err, im.Manifest+":1: the manifest has no header row")
	}
	cols, err := manifestHeader(im.Manifest, header)
	if err != nil {
		return ImportCounts{}, err
	}
	var n ImportCounts
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		n.Rows++
		msg := ""
		if err != nil {
			msg = "the row is not valid CSV: " + err.Error()
		} else if msg, err = s.importRow(ctx, p, im, cols.values(row)); err != nil {
			return n, fmt.Errorf("%s:%d: %w", im.Manifest, line, err)
		}
		if msg != "" {
			n.Rejected++
			if im.Rejected != nil {
				im.Rejected(ImportReject{Manifest: im.Manifest, Line: line, Message: msg})
			}
		} else {
			n.Imported++
		}
		if im.Progress != nil && n.Rows%ProgressEvery == 0 {
			im.Progress(n)
		}
	}
	if im.Progress != nil && n.Rows%ProgressEvery != 0 {
		im.Progress(n)
	}
	return n, nil
}

// manifestColumns maps a column name to its index in a row.
type manifestColumns map[string]int

func manifestHeader(manifest string, header []string) (manifestColumns, error) {
	cols := manifestColumns{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if !slices.Contains(ManifestColumns, h) {
			return nil, fault.New(fault.Invalid, "%s:1: column %q is not known: the columns are %s", manifest, h, strings.Join(ManifestColumns, ", "))
		}
		cols[h] = i
	}
	for _, need := range ManifestColumns[:4] {
		if _, ok := cols[need]; !ok {
			return nil, fault.New(fault.Invalid, "%s:1: the manifest needs a %q column", manifest, need)
		}
	}
	return cols, nil
}

// values is a row's cells by column name (copied: the reader reuses row).
func (c manifestColumns) values(row []string) map[string]string {
	out := make(map[string]string, len(c))
	for name, i := range c {
		if i < len(row) {
			out[name] = strings.TrimSpace(row[i])
		}
	}
	return out
}

// importRow files one row. It returns the reason a row is rejected, or an
// error that must stop the import.
func (s *Documents) importRow(ctx context.Context, p access.Principal, im Import, v map[string]string) (string, error) {
	nd := NewDocument{Title: v["title"], ClassID: v["class"], Classification: service.Classification(strings.ToUpper(v["classification"])),
		Date: v["date"], Author: v["author"], Description: v["description"], Team: cmp.Or(v["team"], im.Team),
		RelatedCases: splitRefs(v["related_cases"]), Note: "imported from " + im.Manifest}
	// Check the details before the file is stored, so that a rejected row
	// leaves no file behind.
	check := nd
	check.File.Key = "unchecked"
	if err := s.checkNew(check); err != nil {
		return rejection(err), nil
	}
	name := v["file"]
	if !fs.ValidPath(name) || name == "." {
		return fmt.Sprintf("file %q must be a path inside the folder, like minutes/2024-05.pdf", name), nil
	}
	f, err := im.Files.Open(name)
	if err != nil {
		return fmt.Sprintf("file %q is not in the folder", name), nil
	}
	defer f.Close()
	info, err := f.Stat()
	body, seeks := f.(io.ReadSeeker)
	if err != nil || info.IsDir() || !seeks {
		return fmt.Sprintf("file %q is not a file that can be read", name), nil
	}
	ref, err := im.Upload(ctx, name, info.Size(), body)
	if err != nil {
		if errors.Is(err, fault.Invalid) {
			return fmt.Sprintf("file %q: %s", name, rejection(err)), nil
		}
		return "", err
	}
	nd.File = ref
	if _, err := s.Create(ctx, p, nd); err != nil {
		if errors.Is(err, fault.Invalid) || errors.Is(err, fault.Forbidden) || errors.Is(err, fault.NotFound) {
			return rejection(err), nil
		}
		return "", err
	}
	return "", nil
}

// rejection is the message for a refused row: field by field when the
// refusal names fields.
func rejection(err error) string {
	var ve *service.ValidationError
	if errors.As(err, &ve) {
		msgs := make([]string, len(ve.Errors))
		for i, e := range ve.Errors {
			msgs[i] = e.Message
		}
		return strings.Join(msgs, "; ")
	}
	return fault.Public(err)
}

func splitRefs(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ";") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}
