package frontdoor_test

import (
	"context"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// TestMain stops any PostgreSQL cluster at the end. The shared browser dies
// with the test process (chromedp starts it with Pdeathsig).
func TestMain(m *testing.M) { storetest.Main(m) }

// env is Guildhall as serve wires it, with the bundled services: the front
// door is tested where it runs.
type env = platformtest.Platform

// newEnv starts a platform whose form and tracking limits no test reaches
// (a test of the limits passes servesLimits()), on the clock's start day
// unless an option moves it.
func newEnv(t testing.TB, opts ...platformtest.Option) *env {
	t.Helper()
	return platformtest.New(t, append([]platformtest.Option{payOption(t)}, opts...)...)
}

// payOption is newEnv's configuration, for platformtest.Each too: a local
// GOV.UK Pay for services that take a fee, and limits no test reaches.
func payOption(t testing.TB) platformtest.Option {
	pay := paytest.New("api_test_frontdoor")
	t.Cleanup(pay.Close)
	return payingWith(pay)
}

// payingWith is payOption with pay as the platform's GOV.UK Pay, for a
// test that stops it.
func payingWith(pay *paytest.Server) platformtest.Option {
	return platformtest.Configure(func(c *platform.Config) {
		c.Limits.Form, c.Limits.Track = unlimited(), unlimited()
		c.PayAPIKey, c.PayBaseURL = pay.APIKey, pay.URL
	})
}

// servesLimits keeps serve's form and tracking rate limits.
func servesLimits() platformtest.Option {
	return platformtest.Configure(func(c *platform.Config) { c.Limits.Form, c.Limits.Track = nil, nil })
}

// caseCount is how many cases of a service exist, read from the database.
func caseCount(e *env, serviceID string) int {
	e.T.Helper()
	found, err := e.Store.FindCases(context.Background(), cases.Query{ServiceIDs: []string{serviceID}, Limit: 200, Access: access.Scope{All: true}})
	if err != nil {
		e.T.Fatal(err)
	}
	return len(found)
}

var officer = access.Principal{Kind: access.KindStaff, UserID: "officer-7", Name: "Ola Officer", Teams: []string{"contact-centre"}, MFA: true}

var zeroPrincipal access.Principal

// unlimited is a rate limiter no test reaches.
func unlimited() *web.Limiter { return web.NewLimiter(1e6, 1e6, 0) }
