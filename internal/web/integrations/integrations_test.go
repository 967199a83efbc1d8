package integrations_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// newSite is the platform as serve wires it, on st.
func newSite(t *testing.T, st *store.Store) *platformtest.Platform {
	t.Helper()
	return platformtest.New(t, platformtest.OnStore(st))
}

var (
	secretRE = regexp.MustCompile(`id="secret">(whsec_[^<]+)<`)
)

func must(t *testing.T, res *http.Response, body string, status int) {
	t.Helper()
	if res.StatusCode != status {
		if i := strings.Index(body, "<main"); i >= 0 {
			body = body[i:min(len(body), i+1500)]
		}
		t.Fatalf("%s %s: %d, want %d\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, status, body)
	}
}

func TestWebhookAndDeadLetterPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ts := newSite(t, st)
		ctx := context.Background()
		anon := webtest.NewClient(t, ts.URL)
		if res, _ := anon.Get("/admin/webhooks"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("signed out: %d, want a redirect to sign in", res.StatusCode)
		}
		c := webtest.NewClient(t, ts.URL)
		email, secret := ts.Bootstrap()
		ts.FirstSignIn(c, email, secret, "/admin/webhooks")

		res, body := c.Get("/admin/webhooks")
		must(t, res, body, http.StatusOK)
		res, body = c.PostForm("/admin/webhooks", url.Values{"url": {"ftp://files.example.org/in"}})
		must(t, res, body, http.StatusUnprocessableEntity)
		if !strings.Contains(body, "https://") || !strings.Contains(body, "Choose at least one event type") {
			t.Errorf("errors not shown:\n%s", body)
		}
		// Leaving the services empty no longer means every service.
		res, body = c.PostForm("/admin/webhooks", url.Values{"url": {"https://crm.example.org/in"}, "events": {"case.submitted"}})
		must(t, res, body, http.StatusUnprocessableEntity)
		if !strings.Contains(body, "or * for every service") {
			t.Errorf("no services: error not shown:\n%s", body)
		}
		if es, _ := st.WebhookEndpoints(ctx); len(es) != 0 {
			t.Fatalf("an endpoint without services was stored: %+v", es)
		}
		res, body = c.PostForm("/admin/webhooks", url.Values{"url": {"https://crm.example.org/in"}, "description": {"CRM"},
			"events": {"case.submitted", "case.transitioned"}, "services": {"report-a-pothole"}})
		must(t, res, body, http.StatusOK)
		m := secretRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("secret not shown once:\n%s", body)
		}
		_, list := c.Get("/admin/webhooks")
		if !strings.Contains(list, "https://crm.example.org/in") || strings.Contains(list, m[1]) {
			t.Errorf("the list must show the endpoint and never its secret")
		}
		es, _ := st.WebhookEndpoints(ctx)
		if len(es) != 1 || es[0].Secret != m[1] || es[0].Services[0] != "report-a-pothole" {
			t.Fatalf("stored %+v", es)
		}
		id := "/admin/webhooks/" + itoa(es[0].ID)
		res, body = c.PostForm(id+"/pause", url.Values{})
		must(t, res, body, http.StatusSeeOther)
		if _, list = c.Get("/admin/webhooks"); !strings.Contains(list, "Paused") {
			t.Error("pause not shown")
		}
		res, body = c.PostForm(id+"/delete", url.Values{})
		must(t, res, body, http.StatusSeeOther)
		if es, _ := st.WebhookEndpoints(ctx); len(es) != 0 {
			t.Errorf("not deleted: %+v", es)
		}

		// A message that died is listed and replayed.
		if err := st.Enqueue(ctx, jobs.Message{ID: "m-dead", Topic: webhooks.TopicDelivery, Key: "endpoint:9", Payload: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		if err := st.MarkDead(ctx, "m-dead", "receiver answered 503 Service Unavailable", time.Now()); err != nil {
			t.Fatal(err)
		}
		res, body = c.Get("/admin/dead-letters")
		must(t, res, body, http.StatusOK)
		if !strings.Contains(body, "receiver answered 503") || !strings.Contains(body, "endpoint:9") {
			t.Errorf("dead letter not listed:\n%s", body)
		}
		res, body = c.PostForm("/admin/dead-letters/m-dead/replay", url.Values{})
		must(t, res, body, http.StatusSeeOther)
		if dead, _ := st.DeadLetters(ctx, 10); len(dead) != 0 {
			t.Errorf("still dead after replay: %d", len(dead))
		}
		for _, action := range []string{"webhook.registered", "webhook.paused", "webhook.deleted", "outbox.replayed"} {
			if es, err := st.AuditEntries(ctx, audit.Filter{Action: action}); err != nil || len(es) != 1 {
				t.Errorf("audit %s: %d entries (%v)", action, len(es), err)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
