package web

import (
	"container/list"
	"net/http"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Limiter is a token bucket per key (client IP, API token) with bounded
// memory: it remembers at most MaxKeys keys, forgetting the least recently
// seen first. A forgotten key starts again with a full bucket, so under a
// flood of distinct keys the limit weakens rather than memory growing.
type Limiter struct {
	rate  float64 // tokens per second
	burst float64
	max   int
	now   func() time.Time

	mu    sync.Mutex
	keys  map[string]*list.Element
	order *list.List // front: most recently used
}

type bucket struct {
	key    string
	tokens float64
	last   time.Time
}

// NewLimiter allows each key burst requests at once and perSecond on average,
// remembering up to maxKeys keys (default 100,000: a few MB).
func NewLimiter(perSecond float64, burst, maxKeys int) *Limiter {
	if maxKeys <= 0 {
		maxKeys = 100_000
	}
	return &Limiter{rate: perSecond, burst: float64(burst), max: maxKeys, now: time.Now,
		keys: map[string]*list.Element{}, order: list.New()}
}

// Allow takes a token for key. If none is left it returns false and how long
// until one will be.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(key, now)
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

func (l *Limiter) bucket(key string, now time.Time) *bucket {
	if e, ok := l.keys[key]; ok {
		l.order.MoveToFront(e)
		return e.Value.(*bucket)
	}
	if l.order.Len() >= l.max {
		oldest := l.order.Back()
		l.order.Remove(oldest)
		delete(l.keys, oldest.Value.(*bucket).key)
	}
	b := &bucket{key: key, tokens: l.burst, last: now}
	l.keys[key] = l.order.PushFront(b)
	return b
}

// Len is how many keys the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

// Check takes a token for key, returning a fault.TooMany *RetryError when there is none.
func (l *Limiter) Check(key string) error {
	if ok, wait := l.Allow(key); !ok {
		return &RetryError{Kind: fault.TooMany, After: wait}
	}
	return nil
}

// RateLimit is middleware that limits requests by key(r); requests with an
// empty key, and safe methods when onlyUnsafe is true, pass unlimited.
// Refused requests get the 429 page (or problem JSON) with Retry-After.
func RateLimit(l *Limiter, key func(*http.Request) string, onlyUnsafe bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if onlyUnsafe && safeMethod(r.Method) {
				next.ServeHTTP(w, r)
				return
			}
			if k := key(r); k != "" {
				if err := l.Check(k); err != nil {
					Error(w, r, err)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ClientIP is the caller's address: the peer, or, when the peer is one of
// Config.TrustedProxies, the nearest address in Config.ProxyHeader that is
// not (see clientAddr). Rate limits, logs and the audit log all use it.
func ClientIP(r *http.Request) string {
	if ri := infoFrom(r.Context()); ri.client != "" {
		return ri.client
	}
	return hostOf(r.RemoteAddr)
}
