package opendata

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Store reads what publishing needs; internal/store implements it. Every
// method reads OFFICIAL cases only, so a case classified up after its
// service published nothing of it.
type Store interface {
	// EachRecord calls fn with each case of the service, in id order,
	// reading a chunk at a time so that no dataset is held in memory. A
	// non-zero asOf gives the cases as they stood then: received before it,
	// in the state they were in, closed only if they had closed.
	EachRecord(ctx context.Context, serviceID string, asOf time.Time, fn func(Record) error) error
	// DatasetStamp counts those cases and says when the last of them changed.
	DatasetStamp(ctx context.Context, serviceID string, asOf time.Time) (Stamp, error)
	// CaseBuckets counts the service's cases by the hour they arrived (hours
	// since 1970, UTC) and whole days they took to close (-1: still open).
	CaseBuckets(ctx context.Context, serviceID string) ([]Bucket, error)
	// Timeliness counts the service's completed response clocks by month
	// answered (YYYY-MM, Europe/London) and whether they were in time.
	Timeliness(ctx context.Context, serviceID string) ([]MonthOutcome, error)
	// Satisfaction counts the service's "How did we do?" answers by month
	// given (YYYY-MM, Europe/London) and rating.
	Satisfaction(ctx context.Context, serviceID string) ([]MonthRating, error)
	// EachResponse calls fn with each response sent by the transition, newest first.
	EachResponse(ctx context.Context, serviceID, transition string, fn func(Response) error) error
}

// Stamp identifies a version of a dataset: it changes whenever a row does.
type Stamp struct {
	Rows     int
	Modified time.Time // zero when there are no rows
	MaxID    int64
}

// Bucket is a count of cases by arrival hour and days to close.
type Bucket struct {
	Hour  int64
	Days  int // -1 while open
	Count int
}

// MonthOutcome counts clocks answered in a month, in time or late.
type MonthOutcome struct {
	Month string
	Met   bool
	Count int
}

// MonthRating counts one rating given in a month.
type MonthRating struct {
	Month  string
	Rating string // cases.Ratings' values: very-satisfied … very-dissatisfied
	Count  int
}

// Service publishes the datasets of the current service definitions.
type Service struct {
	Store    Store
	Services *service.Registry
	// SuppressBelow hides counts from 1 to SuppressBelow-1 in aggregates, so
	// that a rare case cannot be picked out; 0 means the default, 5.
	SuppressBelow int
	// Publisher names the council in catalogues; BaseURL is the site's address.
	Publisher string
	BaseURL   string
	// Contact is the email address catalogues give for questions.
	Contact string
	// Transparency publishes the Transparency Code datasets; nil publishes none.
	Transparency *Transparency
	// Published is what the public performance page shows.
	Published Performance
	Now       func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Threshold is the smallest count published in aggregates.
func (s *Service) Threshold() int {
	if s.SuppressBelow > 0 {
		return s.SuppressBelow
	}
	return 5
}

// serviceDatasets are the datasets the service definitions publish, by id.
func (s *Service) serviceDatasets() []Dataset {
	if c := s.Services.Load(); c != nil {
		return DatasetsOf(c.All())
	}
	return nil
}

// Datasets returns every published dataset, by id: those the services
// publish and the Transparency Code datasets that have a valid upload.
func (s *Service) Datasets(ctx context.Context) ([]Dataset, error) {
	out := s.serviceDatasets()
	if s.Transparency == nil {
		return out, nil
	}
	pubs, err := s.Transparency.Published(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range TransparencyIDs() {
		if p, ok := pubs[id]; ok && !slices.ContainsFunc(out, func(d Dataset) bool { return d.ID == id }) {
			sch, _ := TransparencySchema(id)
			out = append(out, transparencyDataset(id, sch, p))
		}
	}
	slices.SortFunc(out, func(a, b Dataset) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Dataset returns one dataset by id; fault.NotFound when none publishes it.
func (s *Service) Dataset(ctx context.Context, id string) (Dataset, error) {
	all, err := s.Datasets(ctx)
	if err != nil {
		return Dataset{}, err
	}
	for _, d := range all {
		if d.ID == id {
			return d, nil
		}
	}
	return Dataset{}, fault.New(fault.NotFound, "no dataset %q", id)
}

// Version is what a client caches a file by.
type Version struct {
	Stamp
	ETag string
}

// Version returns the dataset's current version, or its version at the end
// of the day asOf (zero asOf: now).
func (s *Service) Version(ctx context.Context, d Dataset, asOf time.Time) (Version, error) {
	if d.Uploaded() {
		// An upload is immutable: the publication (its id and content address) is the version.
		u := d.Upload
		return Version{Stamp: Stamp{Rows: u.Rows, Modified: u.PublishedAt, MaxID: u.ID}, ETag: `"` + u.BlobKey[:24] + `"`}, nil
	}
	st, err := s.Store.DatasetStamp(ctx, d.ServiceID, asOf)
	if err != nil {
		return Version{}, err
	}
	h := sha256.New()
	// The definition's version is in it: a change of columns changes every file.
	fmt.Fprintf(h, "%s|%d|%d|%d|%d|%d|%s", d.ID, d.Version, len(d.Columns), st.Rows, st.Modified.UnixMicro(), st.MaxID, asOf.Format(time.RFC3339))
	for _, c := range d.Columns {
		h.Write([]byte(c.Name))
	}
	return Version{Stamp: st, ETag: `"` + hex.EncodeToString(h.Sum(nil))[:24] + `"`}, nil
}

// Write streams the dataset to w, a row at a time. A non-zero asOf writes
// the dated snapshot: the cases as they stood at that instant.
func (s *Service) Write(ctx context.Context, d Dataset, asOf time.Time, w RowWriter) error {
	if d.Uploaded() {
		if err := s.Transparency.eachUploadedRow(ctx, d, w.Row); err != nil {
			return err
		}
		return w.Close()
	}
	err := s.Store.EachRecord(ctx, d.ServiceID, asOf, func(r Record) error { return w.Row(d.Row(r)) })
	if err != nil {
		return err
	}
	return w.Close()
}

// SnapshotCutoff is the instant a dated snapshot stands at: the end of
// that day in Europe/London. Days after today are refused with fault.NotFound,
// as are days before Guildhall could have held data (2000).
func (s *Service) SnapshotCutoff(day string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", day, london)
	if err != nil || t.Year() < 2000 {
		return time.Time{}, fault.New(fault.NotFound, "no snapshot %q", day)
	}
	end := t.AddDate(0, 0, 1)
	if t.After(s.now()) {
		return time.Time{}, fault.New(fault.NotFound, "snapshot %s is in the future", day)
	}
	return end, nil
}

var london = workday.London

// Itoa formats counts for templates and CSV.
func Itoa(n int) string { return strconv.Itoa(n) }
