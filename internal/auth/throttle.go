package auth

import (
	"sync"
	"time"
)

// throttle counts sign-in failures per client address in memory. It slows a
// password-spraying address that spreads its guesses over many accounts, which
// per-account lockout alone would not notice. Each node keeps its own counts.
type throttle struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	seen   map[string][]time.Time
}

func newThrottle(limit int, window time.Duration) *throttle {
	return &throttle{limit: limit, window: window, seen: map[string][]time.Time{}}
}

// blocked reports whether ip has reached the limit within the window.
func (t *throttle) blocked(ip string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(ip, now)) >= t.limit
}

// fail records a failure from ip.
func (t *throttle) fail(ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seen[ip] = append(t.recent(ip, now), now)
	if len(t.seen) > 100_000 { // bound memory under a distributed attack
		clear(t.seen)
	}
}

func (t *throttle) recent(ip string, now time.Time) []time.Time {
	times := t.seen[ip]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= t.window {
		i++
	}
	if i == len(times) {
		delete(t.seen, ip)
		return nil
	}
	return times[i:]
}
