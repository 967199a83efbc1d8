package opendata

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// The Local Government Transparency Code 2015 datasets: one Frictionless
// Table Schema each, written from the fields the Code requires. The file
// name is the dataset's id and the last part of its URLs.
//
//go:embed transparency/*.json
var transparencyFS embed.FS

// AuditTransparencyPublished is the audit action of a published upload.
const AuditTransparencyPublished = "opendata.transparency.published"

// transparencySchemas parses the shipped schemas once. A schema that does
// not parse is a fault of the build, which TestTransparencySchemasParse
// catches before it ships.
var transparencySchemas = sync.OnceValue(func() map[string]*TableSchema {
	out := map[string]*TableSchema{}
	files, _ := transparencyFS.ReadDir("transparency")
	for _, f := range files {
		b, err := transparencyFS.ReadFile("transparency/" + f.Name())
		if err != nil {
			panic(err)
		}
		s, err := ParseTableSchema(b)
		if err != nil {
			panic(fmt.Sprintf("transparency/%s: %v", f.Name(), err))
		}
		out[strings.TrimSuffix(f.Name(), path.Ext(f.Name()))] = s
	}
	return out
})

// TransparencySchema returns the schema of one Code dataset, or
// fault.NotFound.
func TransparencySchema(id string) (*TableSchema, error) {
	if s, ok := transparencySchemas()[id]; ok {
		return s, nil
	}
	return nil, fault.New(fault.NotFound, "no Transparency Code dataset %q", id)
}

// TransparencyIDs lists the Code datasets, sorted.
func TransparencyIDs() []string {
	var ids []string
	for id := range transparencySchemas() {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Publication is one published upload of a Code dataset; the newest of
// each dataset is the one served.
type Publication struct {
	ID          int64
	Dataset     string
	BlobKey     string // the published (normalised) file in the blob store
	FileName    string // the name it was uploaded with
	Rows        int
	Bytes       int64
	PublishedBy string
	PublishedAt time.Time
}

// TransparencyStore records publications; internal/store implements it.
type TransparencyStore interface {
	// PublishTransparency records p and its audit entry in one transaction.
	PublishTransparency(ctx context.Context, p Publication, e audit.Entry) (int64, error)
	// TransparencyPublications returns the newest publication of each dataset.
	TransparencyPublications(ctx context.Context) ([]Publication, error)
}

// Transparency publishes the Code datasets an administrator uploads.
type Transparency struct {
	Store TransparencyStore
	Blobs blob.Store
	// SpoolDir holds an upload while it is checked; "" is os.TempDir.
	SpoolDir string
	Now      func() time.Time
}

// Upload checks the CSV in r against the dataset's schema and, only when
// every row is valid, stores the file and publishes it. The file is read
// once, a row at a time, into a spool file, so memory stays flat whatever
// its size. A report with problems means nothing was published.
// fault.Forbidden for anyone but an administrator or the platform itself
// (the server's operator, at the command line).
func (t *Transparency) Upload(ctx context.Context, p access.Principal, dataset, fileName string, r io.Reader) (*Report, Publication, error) {
	if !p.HasRole(access.RoleAdministrator, "*") && p.Kind != access.KindSystem {
		return nil, Publication{}, fault.New(fault.Forbidden, "only an administrator may publish Transparency Code data")
	}
	s, err := TransparencySchema(dataset)
	if err != nil {
		return nil, Publication{}, err
	}
	spool, err := os.CreateTemp(t.SpoolDir, "transparency-*.csv")
	if err != nil {
		return nil, Publication{}, err
	}
	defer os.Remove(spool.Name())
	defer spool.Close()
	sum := sha256.New()
	counter := &countWriter{w: io.MultiWriter(spool, sum)}
	rep, err := ValidateCSV(s, r, counter)
	if err != nil || !rep.Valid() {
		return rep, Publication{}, err
	}
	key := hexSum(sum)
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return nil, Publication{}, err
	}
	if err := t.Blobs.Put(ctx, key, spool); err != nil {
		return nil, Publication{}, err
	}
	now := time.Now()
	if t.Now != nil {
		now = t.Now()
	}
	pub := Publication{Dataset: dataset, BlobKey: key, FileName: fileName, Rows: rep.Rows, Bytes: counter.n,
		PublishedBy: p.UserID, PublishedAt: now}
	e := audit.Entry{At: now, Actor: p.UserID, Action: AuditTransparencyPublished, Subject: "dataset:" + dataset,
		Detail: audit.Detail(map[string]any{"rows": rep.Rows, "bytes": counter.n, "blob": key, "file": fileName})}
	pub.ID, err = t.Store.PublishTransparency(ctx, pub, e)
	return rep, pub, err
}

// Published returns the newest publication of each dataset, by dataset id.
func (t *Transparency) Published(ctx context.Context) (map[string]Publication, error) {
	list, err := t.Store.TransparencyPublications(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Publication, len(list))
	for _, p := range list {
		out[p.Dataset] = p
	}
	return out, nil
}

// transparencyDataset is the catalogue entry of a published Code dataset.
func transparencyDataset(id string, s *TableSchema, p Publication) Dataset {
	return Dataset{ID: id, Title: s.Title, Description: s.Description, Category: "Transparency",
		Keywords: []string{"transparency code", "local government"}, Licence: "OGL-UK-3.0", Decimals: -1,
		Columns: s.Columns(), Schema: s, Upload: &p}
}

// eachUploadedRow reads a published file back as rows of values (for the
// CKAN datastore and the JSON file), a row at a time.
func (t *Transparency) eachUploadedRow(ctx context.Context, d Dataset, fn func([]Value) error) error {
	rc, err := t.Blobs.Open(ctx, d.Upload.BlobKey)
	if err != nil {
		return err
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // the header
		return err
	}
	vals := make([]Value, len(d.Columns))
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		for i, c := range d.Columns {
			v := rec[i]
			switch {
			case v == "":
				vals[i] = Value{Null: true}
			case c.Datatype == TypeDecimal || c.Datatype == TypeInteger:
				vals[i] = Value{Text: v, Number: true}
			default:
				vals[i] = Value{Text: v}
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteFile copies the published file of an uploaded dataset to w.
func (t *Transparency) WriteFile(ctx context.Context, d Dataset, w io.Writer) error {
	rc, err := t.Blobs.Open(ctx, d.Upload.BlobKey)
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(w, rc)
	return err
}
