package opendata_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// Every file and page published carries no personal detail.
func TestNothingPersonalIsPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, platformtest.OnStore(s))
		for _, path := range []string{
			"/open-data/pothole-reports.csv", "/open-data/pothole-reports.json", "/open-data/pothole-reports.geojson",
			"/open-data/pothole-reports/2026-03-05.csv", "/open-data/foi-requests.csv", "/open-data/catalog.ttl",
			"/open-data/catalog.jsonld", "/open-data/data.json", "/disclosure-log", "/disclosure-log/" + e.foi,
			"/open-data/search?q=pothole", "/statistics/pothole-reports", "/statistics/pothole-reports.csv",
			"/api/3/action/datastore_search?resource_id=pothole-reports",
			"/api/3/action/package_search?q=pothole",
		} {
			res, body := e.get(path)
			if res.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %d", path, res.StatusCode)
			}
			noPersonal(t, path, body)
		}
	})
}

// The CSV is exactly what a person downloads: rounded places, redacted
// text, and a CSVW description whose column titles are its header.
func TestCSVAndItsMetadata(t *testing.T) {
	e := newEnv(t)
	res, body := e.get("/open-data/pothole-reports.csv")
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 7 {
		t.Fatalf("rows %d, err %v:\n%s", len(rows), err, body)
	}
	wantFirst := []string{e.refs[0], "received", "Received", "2026-03-02T10:00:00Z", "", "road", "large", "52.205", "0.122",
		"Outside 14 Mill Road CB1. [name removed] ([email removed], [phone number removed], NI [National Insurance number removed], DOB [date of birth removed]) fell here"}
	if strings.Join(rows[1], "|") != strings.Join(wantFirst, "|") {
		t.Errorf("first row\n got %q\nwant %q", rows[1], wantFirst)
	}
	if !strings.Contains(res.Header.Get("Link"), `/open-data/pothole-reports.csv-metadata.json>; rel="describedby"`) {
		t.Errorf("Link %q", res.Header.Get("Link"))
	}
	_, meta := e.get("/open-data/pothole-reports.csv-metadata.json")
	var m struct {
		URL         string `json:"url"`
		TableSchema struct {
			Columns []struct{ Name, Titles, Datatype string }
		} `json:"tableSchema"`
	}
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		t.Fatal(err)
	}
	if m.URL != e.URL+"/open-data/pothole-reports.csv" || len(m.TableSchema.Columns) != len(rows[0]) {
		t.Fatalf("metadata %s", meta)
	}
	for i, c := range m.TableSchema.Columns {
		if c.Titles != rows[0][i] {
			t.Errorf("column %d: metadata title %q, header %q", i, c.Titles, rows[0][i])
		}
	}
}

// A client that has the file gets 304; a change to a case changes the ETag.
func TestConditionalRequests(t *testing.T) {
	e := newEnv(t)
	res, _ := e.get("/open-data/pothole-reports.csv")
	etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q Last-Modified %q", etag, modified)
	}
	if res, body := e.get("/open-data/pothole-reports.csv", "If-None-Match", etag); res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match: %d %q", res.StatusCode, body)
	}
	if res, _ := e.get("/open-data/pothole-reports.csv", "If-Modified-Since", modified); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", res.StatusCode)
	}
	if res, _ := e.get("/open-data/pothole-reports.csv", "If-None-Match", `"stale"`); res.StatusCode != http.StatusOK {
		t.Errorf("a stale ETag got %d", res.StatusCode)
	}
	e.Clock.Add(24 * time.Hour)
	c, err := e.Cases.Get(t.Context(), officer(), e.refs[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Cases.Transition(t.Context(), officer(), c.Ref, "send_for_inspection", nil, c.Version); err != nil {
		t.Fatal(err)
	}
	res, body := e.get("/open-data/pothole-reports.csv", "If-None-Match", etag)
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == etag || !strings.Contains(body, "awaiting_inspection") {
		t.Errorf("after a transition: %d, ETag %q (was %q)", res.StatusCode, res.Header.Get("ETag"), etag)
	}
	// The snapshot of the day before still shows the case received.
	if _, body := e.get("/open-data/pothole-reports/2026-03-02.csv"); strings.Contains(body, "awaiting_inspection") || !strings.Contains(body, e.refs[0]+",received") {
		t.Errorf("snapshot of 2 March:\n%s", body)
	}
	if res, _ := e.get("/open-data/pothole-reports/2030-01-01.csv"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a future snapshot: %d", res.StatusCode)
	}
}

func TestGeoJSON(t *testing.T) {
	e := newEnv(t)
	res, body := e.get("/open-data/pothole-reports.geojson")
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(body), &fc); err != nil {
		t.Fatalf("%v:\n%s", err, body)
	}
	if res.Header.Get("Content-Type") != "application/geo+json" || fc.Type != "FeatureCollection" || len(fc.Features) != 6 {
		t.Fatalf("%s %s %d", res.Header.Get("Content-Type"), fc.Type, len(fc.Features))
	}
	f := fc.Features[0]
	if f.Geometry.Type != "Point" || f.Geometry.Coordinates[0] != 0.122 || f.Geometry.Coordinates[1] != 52.205 || f.Properties["reference"] != e.refs[0] {
		t.Errorf("first feature %+v", f)
	}
	if res, _ := e.get("/open-data/foi-requests.geojson"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a dataset without places offered GeoJSON: %d", res.StatusCode)
	}
}

// One client asking for whole files faster than the limit gets 429; one
// that already has the file (304) is never refused.
func TestDownloadsAreRateLimited(t *testing.T) {
	e := newEnv(t)
	var etag string
	limited := false
	for range 30 {
		res, _ := e.get("/open-data/pothole-reports.csv")
		if res.StatusCode == http.StatusTooManyRequests {
			limited = true
			break
		}
		etag = res.Header.Get("ETag")
	}
	if !limited {
		t.Fatal("30 downloads at once were all served")
	}
	if res, _ := e.get("/open-data/pothole-reports.csv", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("a client with the file got %d", res.StatusCode)
	}
}

// Every cell of every published CSV holds a value of the datatype its CSVW
// metadata declares (an empty cell is CSVW's null).
func TestEveryCSVCellMatchesItsDeclaredDatatype(t *testing.T) {
	e := newEnv(t)
	for _, ds := range []string{"pothole-reports", "foi-requests", "fly-tipping-reports", "missed-bin-collections"} {
		_, meta := e.get("/open-data/" + ds + ".csv-metadata.json")
		var m struct {
			TableSchema struct {
				Columns []struct{ Titles, Datatype string }
			} `json:"tableSchema"`
		}
		if err := json.Unmarshal([]byte(meta), &m); err != nil {
			t.Fatal(err)
		}
		_, body := e.get("/open-data/" + ds + ".csv")
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[1:] {
			for i, cell := range row {
				if cell == "" {
					continue
				}
				if err := checkDatatype(m.TableSchema.Columns[i].Datatype, cell); err != nil {
					t.Errorf("%s row %d column %s: %q is not a %s: %v", ds, r+1, m.TableSchema.Columns[i].Titles, cell, m.TableSchema.Columns[i].Datatype, err)
				}
			}
		}
	}
}

func checkDatatype(dt, v string) error {
	var err error
	switch dt {
	case "decimal":
		_, err = strconv.ParseFloat(v, 64)
	case "dateTime":
		_, err = time.Parse(time.RFC3339, v)
	case "date":
		_, err = time.Parse("2006-01-02", v)
	case "string":
	default:
		err = fmt.Errorf("unknown datatype")
	}
	return err
}
