package frontdoor_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

// tileServer is a local map tile server: it answers /{z}/{x}/{y}.png with a
// real 256px PNG, as OpenStreetMap's and the OS Maps API's servers do, and
// records which tiles were asked for.
type tileServer struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string
}

var tilePath = regexp.MustCompile(`^/(\d+)/(\d+)/(\d+)\.png$`)

func newTileServer(t testing.TB) *tileServer {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for x := range 256 {
		for y := range 256 {
			img.Set(x, y, color.RGBA{R: 0xdd, G: 0xe8, B: uint8(x), A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	ts := &tileServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !tilePath.MatchString(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		ts.mu.Lock()
		ts.asked = append(ts.asked, r.URL.Path)
		ts.mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(buf.Bytes())
	}))
	t.Cleanup(ts.Close)
	return ts
}

// served is how many tiles were asked for.
func (ts *tileServer) served() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.asked)
}

// withMap configures the map's tiles (from ts, unless nil) and the
// council's boundary from testdata/boundary.geojson: Guildhall Borough
// Council's square, with Otherton Borough Council's to the east.
func withMap(t testing.TB, ts *tileServer) platformtest.Option {
	t.Helper()
	m := platform.MapConfig{Boundary: "testdata/boundary.geojson"}
	if ts != nil {
		m.Tiles, m.Attribution = ts.URL+"/{z}/{x}/{y}.png", "© Test Tiles contributors"
	}
	if err := m.ReadBoundary(); err != nil {
		t.Fatal(err)
	}
	return platformtest.Configure(func(c *platform.Config) { c.Map = m })
}

// millLane puts Mill Lane (USRN 99000011), Wyvernbury, in the gazetteer:
// numbers 1, 3 and 5 (WV1 2AB), about 10 m apart, inside the council's area.
func millLane(t testing.TB, e *env) {
	t.Helper()
	var props []people.Property
	for i, n := range []int{1, 3, 5} {
		props = append(props, people.Property{UPRN: "99000000010" + string(rune('1'+i)), USRN: "99000011",
			PAO: people.Object{StartNumber: n}, Street: "Mill Lane", Town: "Wyvernbury", Postcode: "WV1 2AB",
			Lat: 52.5201 + 0.0001*float64(i), Lon: -1.8231 + 0.0001*float64(i), Status: people.StatusApproved})
	}
	if err := e.Store.SaveProperties(context.Background(), props); err != nil {
		t.Fatal(err)
	}
}
