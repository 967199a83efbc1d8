package platformtest

import (
	"sync"
	"time"
)

// Clock is the platform's clock, moved only by the test, so that no
// assertion depends on the day the test runs. A running clock (see
// Running) also moves with the wall clock from where it was last set.
type Clock struct {
	mu      sync.Mutex
	t       time.Time
	running bool
	// since is when t was set, on the monotonic clock, for a running clock.
	since time.Time
}

// NewClock is a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t, since: time.Now()} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return c.t.Add(time.Since(c.since))
	}
	return c.t
}

// start stops or runs the clock from t.
func (c *Clock) start(t time.Time, running bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.since, c.running = t, time.Now(), running
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.since = t, time.Now()
}
