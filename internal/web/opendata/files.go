package opendata

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// openDataFile serves /open-data/{file}: the catalogues, a dataset's page,
// or one of its files.
func (h *handler) openDataFile(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	switch file {
	case "catalog.ttl":
		return h.dcatTurtle(w, r)
	case "catalog.jsonld":
		return h.dcatJSONLD(w, r)
	case "data.json":
		return h.dataJSON(w, r)
	}
	id, ext := splitExt(file)
	d, err := h.Data.Dataset(r.Context(), id)
	if s, serr := opendata.TransparencySchema(id); err != nil && serr == nil && ext == "schema.json" {
		// A Code dataset's schema is public before its first file, so a council can prepare one.
		return writeJSON(w, "application/json", s)
	}
	if err != nil {
		return err
	}
	switch ext {
	case "":
		return h.datasetPage(w, r, d)
	case "csv-metadata.json":
		return h.csvwMetadata(w, r, d, h.fileURL(r, d, "", "csv"), time.Time{})
	case "schema.json":
		return writeJSON(w, "application/json", d.TableSchema())
	}
	return h.download(w, r, d, ext, time.Time{}, "")
}

// snapshot serves /open-data/{id}/{YYYY-MM-DD}.{csv,json,geojson}: the
// dataset as it stood at the end of that day.
func (h *handler) snapshot(w http.ResponseWriter, r *http.Request) error {
	d, err := h.Data.Dataset(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if d.Uploaded() {
		// An upload has one version; earlier ones stay in the blob store and audit log.
		return fault.New(fault.NotFound, "%s has no dated snapshots", d.ID)
	}
	day, ext := splitExt(r.PathValue("file"))
	asOf, err := h.Data.SnapshotCutoff(day)
	if err != nil {
		return err
	}
	if ext == "csv-metadata.json" {
		return h.csvwMetadata(w, r, d, h.fileURL(r, d, day, "csv"), asOf)
	}
	return h.download(w, r, d, ext, asOf, day)
}

func formatOf(ext string, d opendata.Dataset) (opendata.Format, error) {
	switch f := opendata.Format(ext); f {
	case opendata.CSV, opendata.JSON:
		return f, nil
	case opendata.GeoJSON:
		if d.HasLocation() {
			return f, nil
		}
	}
	return "", fault.New(fault.NotFound, "no %q file of %s", ext, d.ID)
}

// download streams a dataset file with the validators a cache needs: the
// ETag and Last-Modified of the version, answering 304 when the client has
// it. A dated snapshot only changes if retention deletes a case in it.
func (h *handler) download(w http.ResponseWriter, r *http.Request, d opendata.Dataset, ext string, asOf time.Time, day string) error {
	f, err := formatOf(ext, d)
	if err != nil {
		return err
	}
	v, err := h.Data.Version(r.Context(), d, asOf)
	if err != nil {
		return err
	}
	if !notModified(r, v.ETag, lastModified(v, asOf)) && r.Method != http.MethodHead {
		// A 304 costs a query; a whole file reads every row, so only that is limited.
		if err := h.Limiter.Check(web.ClientIP(r)); err != nil {
			return err
		}
	}
	hd := w.Header()
	hd.Set("ETag", v.ETag)
	hd.Set("Last-Modified", lastModified(v, asOf).Format(http.TimeFormat))
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("Access-Control-Allow-Origin", "*") // open data: any site may fetch it
	if notModified(r, v.ETag, lastModified(v, asOf)) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hd.Set("Content-Type", f.MediaType())
	name := d.ID
	if day != "" {
		name += "-" + day
	}
	hd.Set("Content-Disposition", `inline; filename="`+name+"."+ext+`"`)
	if f == opendata.CSV {
		hd.Set("Link", "<"+h.fileURL(r, d, day, "csv-metadata.json")+`>; rel="describedby"; type="application/csvm+json"`)
	}
	if r.Method == http.MethodHead {
		return nil
	}
	cw := &countingWriter{w: w}
	if d.Uploaded() && f == opendata.CSV {
		// The published file is the checked upload, already normalised: sent as stored.
		err = h.Data.Transparency.WriteFile(r.Context(), d, cw)
		if err != nil && cw.n > 0 {
			h.log().Error("open data download cut short", "dataset", d.ID, "err", err)
			return nil
		}
		return err
	}
	rw, err := opendata.NewRowWriter(f, cw, d)
	if err == nil {
		err = h.Data.Write(r.Context(), d, asOf, rw)
	}
	if err != nil && cw.n > 0 {
		// The status has gone; the client sees a cut file (no closing
		// bracket, a short CSV) rather than a second response.
		h.log().Error("open data download cut short", "dataset", d.ID, "err", err)
		return nil
	}
	return err
}

// lastModified is the version's time to the second (as HTTP dates carry);
// an empty dataset was last modified when it could first have had rows.
func lastModified(v opendata.Version, asOf time.Time) time.Time {
	if v.Modified.IsZero() {
		if !asOf.IsZero() {
			return asOf.Add(-time.Second).UTC().Truncate(time.Second)
		}
		return time.Unix(0, 0).UTC()
	}
	return v.Modified.UTC().Truncate(time.Second)
}

// notModified applies RFC 9110's rule: If-None-Match when sent, else
// If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.After(ims)
}

func (h *handler) csvwMetadata(w http.ResponseWriter, r *http.Request, d opendata.Dataset, csvURL string, asOf time.Time) error {
	v, err := h.Data.Version(r.Context(), d, asOf)
	if err != nil {
		return err
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	return writeJSON(w, "application/csvm+json", d.CSVWMetadata(csvURL, h.Data.Publisher, v.Modified))
}

// fileURL is the absolute address of one of a dataset's files (of a dated
// snapshot when day is set).
func (h *handler) fileURL(r *http.Request, d opendata.Dataset, day, ext string) string {
	if day != "" {
		return h.base(r) + "/open-data/" + d.ID + "/" + day + "." + ext
	}
	return h.base(r) + "/open-data/" + d.ID + "." + ext
}

// base is the site's public address: the configured one, else the request's.
func (h *handler) base(r *http.Request) string {
	if h.Data.BaseURL != "" {
		return strings.TrimRight(h.Data.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func writeJSON(w http.ResponseWriter, contentType string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	_, err = w.Write(append(b, '\n'))
	return err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
