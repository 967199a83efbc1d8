package platformtest

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/guildhall-platform/guildhall/internal/geo"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// OnStore runs the platform on s (from storetest.Each, say) instead of a
// fresh database.
func OnStore(s *store.Store) Option { return func(o *options) { o.store = s } }

// Fixtures loads the named definitions of testdata/services (file names
// without .yaml). Without Fixtures or Bundled the bundled services load,
// as in serve.
func Fixtures(names ...string) Option {
	return func(o *options) { o.fixtures = append(o.fixtures, names...) }
}

// BundledServices adds the named bundled definitions (services/<id>.yaml)
// to the fixtures, for a test that needs one bundled service beside them.
func BundledServices(ids ...string) Option {
	return func(o *options) { o.bundledIDs = append(o.bundledIDs, ids...) }
}

// Bundled loads the bundled services too (with Fixtures: both).
func Bundled() Option { return func(o *options) { o.bundled = true } }

// Configure changes the configuration before the platform is built: a
// team mailbox, an Open311 jurisdiction, a rate limit.
func Configure(f func(*platform.Config)) Option { return func(o *options) { f(&o.cfg) } }

// Wards configures the two test wards of internal/geo/testdata/wards.geojson,
// as --wards does: Abbey (E05000001) around 52.52,-1.84 and Castle
// (E05000002) around 52.52,-1.79; north of 52.55 is in neither.
func Wards() Option {
	return Configure(func(c *platform.Config) {
		_, here, _, _ := runtime.Caller(0)
		f, err := os.Open(filepath.Join(filepath.Dir(here), "..", "..", "geo", "testdata", "wards.geojson"))
		if err == nil {
			defer f.Close()
			c.Map.Wards, err = geo.ReadWards(f)
		}
		if err != nil {
			panic("platformtest.Wards: " + err.Error())
		}
	})
}

// Logs sends the platform's logs to w (default: discarded).
func Logs(w io.Writer) Option { return func(o *options) { o.logs = w } }

// OnClock runs the platform on c, the clock a store opened by the test
// (OnStore) reads too, as Each does for its stores.
func OnClock(c *Clock) Option { return func(o *options) { o.clock = c } }

// At starts the platform's clock at t instead of Start.
func At(t time.Time) Option { return func(o *options) { o.start = t } }

// Running starts the clock at the time the test runs and lets it run, for
// tests whose inputs are relative to the real day (a date "today or in the
// past", the last 90 days of Open311) or that need submissions to follow
// each other in time. Set and Add still move it.
func Running() Option { return func(o *options) { o.start, o.running = time.Now(), true } }

// AtServerURL makes the test server's own address the platform's base URL
// (instead of http://127.0.0.1), for tests that follow the absolute links
// the platform publishes: DCAT, CKAN and Table Schema URLs.
func AtServerURL() Option { return func(o *options) { o.serverURL = true } }

// Notify sends the platform's notifications to n, a local GOV.UK Notify,
// as serve does when given its API key, address and templates.
func Notify(n *notifytest.Server) Option {
	return Configure(func(c *platform.Config) {
		c.NotifyAPIKey, c.NotifyBaseURL = n.APIKey, n.URL
		c.NotifyEmailTemplate, c.NotifySMSTemplate = n.EmailTemplate, n.SMSTemplate
	})
}
