// Package crash kills a real guildhall serve with SIGKILL at random moments
// while clients submit cases and apply transitions through the JSON API, and
// then checks that nothing promised was lost or doubled.
//
//	go test ./test/crash                      # 5 cycles per database
//	CRASH_CYCLES=50 go test -timeout 30m ./test/crash   # make crash
package crash

import (
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const clients = 6

// cycles is CRASH_CYCLES, default 5 (the normal suite).
func cycles(t *testing.T) int {
	if n, err := strconv.Atoi(os.Getenv("CRASH_CYCLES")); err == nil && n > 0 {
		return n
	}
	return 5
}

func TestKillNineLosesNothing(t *testing.T) {
	server.EachDatabase(t, func(t *testing.T, url string) {
		runCrash(t, server.StoreFlags(t.TempDir(), url), url)
	})
}

// rig is one crash run: the server, the Notify it sends through, the clients.
type rig struct {
	srv    *server.Server
	notify *notifytest.Server
	book   *ledger
	dbURL  string
}

func newRig(t *testing.T, store []string, dbURL string) *rig {
	n := notifytest.NewServer(t)
	srv := server.New(t, store, server.NotifyFlags(n,
		// A killed server's claimed messages come back after the lease:
		// short here so the test need not wait five minutes.
		"--outbox-lease", "2s", "--api-rate", "100000")...)
	return &rig{srv: srv, notify: n, book: newLedger(), dbURL: dbURL}
}

func runCrash(t *testing.T, store []string, dbURL string) {
	r := newRig(t, store, dbURL)
	tokens := make([]string, clients)
	for i := range tokens {
		tokens[i] = r.srv.Token(t, "crash client "+strconv.Itoa(i), "officer@highways")
	}
	r.srv.Start(t)
	stop := make(chan struct{})
	hard, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for i, tok := range tokens {
		c := &client{id: i, base: r.srv.URL, token: tok, book: r.book,
			http: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
		wg.Add(1)
		go func() { defer wg.Done(); c.run(stop, hard) }()
	}
	n := cycles(t)
	for i := range n {
		time.Sleep(time.Duration(100+rand.IntN(700)) * time.Millisecond)
		r.srv.Kill()
		r.srv.Start(t)
		if i == n/2 && dbURL == "" {
			r.backupWhileRunning(t)
		}
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	r.waitOutboxDrained(t)
	r.srv.Stop()
	r.check(t)
	t.Logf("%d cycles: %d cases acknowledged, %d transitions, retried requests by cause %v, %d notifications",
		n, len(r.book.refs), len(r.book.transitions), r.book.retries, len(r.notify.Notifications()))
}
