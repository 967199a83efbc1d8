package webhooks_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// receiver is a real HTTP endpoint that refuses until downUntil, then
// verifies each delivery's signature and records its event id.
type receiver struct {
	t         *testing.T
	clk       *platformtest.Clock
	secret    string
	mu        sync.Mutex
	downUntil time.Time
	refused   int
	got       map[string]int // event id → times received
	types     map[string]string
	due       map[string]string // event id → "due_date due_at"
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.clk.Now().Before(rc.downUntil) {
		rc.refused++
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	if err := webhooks.Verify(rc.secret, r.Header.Get(webhooks.HeaderSignature), body, rc.clk.Now(), webhooks.DefaultTolerance); err != nil {
		rc.t.Errorf("bad signature: %v", err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev webhooks.Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID != r.Header.Get(webhooks.HeaderEventID) {
		rc.t.Errorf("body %s / header id %q: %v", body, r.Header.Get(webhooks.HeaderEventID), err)
	}
	rc.got[ev.ID]++
	rc.types[ev.ID] = ev.Type
	if rc.due == nil {
		rc.due = map[string]string{}
	}
	rc.due[ev.ID] = ev.Case.DueDate + " " + ev.Case.DueAt
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) received() (map[string]int, map[string]string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return copyMap(rc.got), copyMap(rc.types)
}

func copyMap[V any](m map[string]V) map[string]V {
	out := map[string]V{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// rig is the platform as serve wires it, on s, from Monday 23 November
// 2026, 09:00: its case service makes events, its worker (serve's back-off)
// drains the outbox, and its deliverer signs and sends them.
type rig struct {
	store  *store.Store
	clk    *platformtest.Clock
	cases  *cases.Service
	reg    *webhooks.Registry
	worker *jobs.Worker
}

// newRig starts the platform; with private set, its deliverer may reach the
// test's receivers on 127.0.0.1, which serve refuses by default.
func newRig(t *testing.T, s *store.Store, private bool) *rig {
	p := platformtest.New(t, platformtest.OnStore(s), platformtest.At(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)))
	p.Webhooks.AllowPrivate, p.Webhooks.Timeout = private, 2*time.Second
	return &rig{store: s, clk: p.Clock, cases: p.Cases, reg: &webhooks.Registry{Store: s, Now: p.Clock.Now}, worker: p.Worker}
}

func (r *rig) endpoint(t *testing.T, rc *receiver, url string, events, svcs []string) {
	e, err := r.reg.Register(context.Background(), webhooks.Endpoint{URL: url, Events: events, Services: svcs}, "u-admin")
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = e.Secret
}

// drain runs the worker, one fake minute at a time, for span.
func (r *rig) drain(t *testing.T, span time.Duration) {
	for end := r.clk.Now().Add(span); r.clk.Now().Before(end); r.clk.Add(time.Minute) {
		for {
			n, err := r.worker.RunOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
	}
}

func potholeAnswers(where string) service.Answers {
	return service.Answers{
		"location": {Location: &service.Location{Description: where}}, "surface": {Text: "road"},
		"dangerous": {Text: "no"}, "full_name": {Text: "Jane Doe"}, "email": {Text: "jane@example.org"},
	}
}

// TestReceiverDownForAnHourLosesNothing: events made while a receiver refuses
// every call for an hour all arrive once it is back, each endpoint gets only
// the events it asked for, and every delivery is signed.
func TestReceiverDownForAnHourLosesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		r := newRig(t, s, true)
		down := &receiver{t: t, clk: r.clk, got: map[string]int{}, types: map[string]string{}, downUntil: r.clk.Now().Add(time.Hour)}
		up := &receiver{t: t, clk: r.clk, got: map[string]int{}, types: map[string]string{}}
		downSrv, upSrv := httptest.NewServer(down), httptest.NewServer(up)
		t.Cleanup(downSrv.Close)
		t.Cleanup(upSrv.Close)
		r.endpoint(t, down, downSrv.URL, webhooks.EventTypes, []string{webhooks.AllServices})
		r.endpoint(t, up, upSrv.URL, []string{"case.submitted"}, []string{"report-a-pothole"})

		ctx := context.Background()
		officer := access.Principal{Kind: access.KindStaff, UserID: "u-o", Teams: []string{"highways"},
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}, MFA: true}
		var refs []string
		for _, where := range []string{"Mill Road", "Station Road", "High Street"} {
			c, err := r.cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Answers: potholeAnswers(where)})
			if err != nil {
				t.Fatal(err)
			}
			refs = append(refs, c.Ref)
			r.clk.Add(5 * time.Minute)
		}
		if _, err := r.cases.Transition(ctx, officer, refs[0], "send_for_inspection", nil, 0); err != nil {
			t.Fatal(err)
		}
		r.drain(t, 3*time.Hour)

		gotDown, typesDown := down.received()
		gotUp, typesUp := up.received()
		if down.refused == 0 {
			t.Fatal("the receiver was never refused: the test did not test an outage")
		}
		if len(gotDown) != 4 || countType(typesDown, "case.submitted") != 3 || countType(typesDown, "case.transitioned") != 1 {
			t.Errorf("receiver that was down got %v (%v), want 3 submitted + 1 transitioned", gotDown, typesDown)
		}
		if len(gotUp) != 3 || countType(typesUp, "case.submitted") != 3 {
			t.Errorf("filtered receiver got %v, want the 3 submissions only", typesUp)
		}
		up.mu.Lock()
		for id, due := range up.due {
			// Sent on Monday 23 November 2026 (GMT): 5 working days.
			if due != "2026-11-30 2026-11-30T23:59:59+00:00" {
				t.Errorf("event %s carries due %q", id, due)
			}
		}
		up.mu.Unlock()
		for id := range gotUp {
			if _, ok := gotDown[id]; !ok {
				t.Errorf("event %s reached one endpoint under an id the other did not see", id)
			}
		}
		if dead := webhookDeadLetters(t, s); len(dead) != 0 {
			t.Errorf("dead webhook deliveries %v, want none", dead)
		}
	})
}

// webhookDeadLetters lists dead webhook messages (the case service also
// queues notifications, which these tests give no handler).
func webhookDeadLetters(t *testing.T, s *store.Store) []jobs.Message {
	t.Helper()
	all, err := s.DeadLetters(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []jobs.Message
	for _, m := range all {
		if m.Topic == jobs.TopicWebhook || m.Topic == webhooks.TopicDelivery {
			out = append(out, m)
		}
	}
	return out
}

func countType(types map[string]string, typ string) int {
	n := 0
	for _, t := range types {
		if t == typ {
			n++
		}
	}
	return n
}

// TestDeadLetterReplay: a receiver down longer than the retries lasts ends in
// the dead-letter list; replaying it after the receiver is back delivers it.
func TestDeadLetterReplay(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	r := newRig(t, s, true)
	r.worker.MaxAttempts = 3
	rc := &receiver{t: t, clk: r.clk, got: map[string]int{}, types: map[string]string{}, downUntil: r.clk.Now().Add(48 * time.Hour)}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	r.endpoint(t, rc, srv.URL, []string{"case.submitted"}, []string{webhooks.AllServices})
	ctx := context.Background()
	if _, err := r.cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Answers: potholeAnswers("Mill Road")}); err != nil {
		t.Fatal(err)
	}
	r.drain(t, time.Hour)
	dead := webhookDeadLetters(t, s)
	if len(dead) != 1 || dead[0].Topic != webhooks.TopicDelivery || dead[0].Attempts != 3 {
		t.Fatalf("%d dead webhook messages, want the one delivery after 3 attempts", len(dead))
	}
	rc.mu.Lock()
	rc.downUntil = time.Time{}
	rc.mu.Unlock()
	if err := s.Replay(ctx, dead[0].ID, r.clk.Now()); err != nil {
		t.Fatal(err)
	}
	r.drain(t, 5*time.Minute)
	if got, _ := rc.received(); len(got) != 1 {
		t.Errorf("after replay the receiver has %v, want the event", got)
	}
}

// TestPrivateAddressesRefusedByDefault: without AllowPrivate the dialler
// refuses loopback, and the failure is permanent (dead-lettered at once).
func TestPrivateAddressesRefusedByDefault(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	r := newRig(t, s, false)
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	t.Cleanup(srv.Close)
	rc := &receiver{}
	r.endpoint(t, rc, srv.URL, []string{"case.submitted"}, []string{webhooks.AllServices})
	ctx := context.Background()
	if _, err := r.cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Answers: potholeAnswers("Mill Road")}); err != nil {
		t.Fatal(err)
	}
	r.drain(t, 2*time.Minute)
	dead := webhookDeadLetters(t, s)
	if hit || len(dead) != 1 || dead[0].Attempts != 1 || !strings.Contains(dead[0].LastError, "private") {
		t.Errorf("hit=%v, %d dead: a loopback URL must be refused, permanently, without a request", hit, len(dead))
	}
}
