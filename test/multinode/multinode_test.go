package multinode

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/guildhall-platform/guildhall/internal/blob/blobtest"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// platform is two serve processes sharing one PostgreSQL database, one
// bucket, one Notify and one pair of key files, each with a data folder of
// its own (so that nothing can pass between them on local disk).
type platform struct {
	nodes [2]*server.Server
	// services is each node's own --services folder (copies of the bundled one).
	services [2]string
	dbURL    string
	s3       *blobtest.Server
	notify   *notifytest.Server
	token    string
}

func newPlatform(t *testing.T) *platform {
	p := &platform{dbURL: storetest.PostgresURL(t), s3: blobtest.Start(t), notify: notifytest.NewServer(t)}
	shared := t.TempDir()
	secret := filepath.Join(shared, "secret.key")
	key := make([]byte, 32)
	rand.Read(key)
	if err := os.WriteFile(secret, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range p.nodes {
		p.services[i] = copyServices(t)
		// The key files are store flags: every sub-command (token issue, too) needs them.
		store := append(server.StoreFlags(t.TempDir(), p.dbURL), "--secret-key-file", secret, "--audit-key", filepath.Join(shared, "audit.key"))
		n := server.New(t, store, server.NotifyFlags(p.notify,
			"--outbox-lease", "2s", "--api-rate", "100000", "--trusted-proxies", "127.0.0.1/32",
			"--services", p.services[i], "--definitions-poll", "500ms",
			// A checkpoint task every second, logged at debug, shows which
			// node ran each period (periodicOnce).
			"--audit-checkpoint-every", "1s", "--log-level", "debug")...)
		n.Env = []string{
			"GUILDHALL_BLOBS=" + p.s3.BlobURL("documents/"),
			"GUILDHALL_S3_ACCESS_KEY_ID=" + blobtest.AccessKey,
			"GUILDHALL_S3_SECRET_ACCESS_KEY=" + blobtest.SecretKey,
		}
		p.nodes[i] = n
	}
	p.nodes[0].Start(t) // the first start keys the audit log; the second reads the same key
	p.nodes[1].Start(t)
	p.token = p.nodes[0].Token(t, "multi-node client", "officer@highways")
	return p
}

// TestTwoNodesAreOnePlatform: a resident's journey begun on one node ends on
// the other, a document uploaded to one is read from the other, every
// notification is delivered exactly once though both nodes run the outbox,
// and a node killed under load loses no acknowledged case.
func TestTwoNodesAreOnePlatform(t *testing.T) {
	p := newPlatform(t)
	t.Run("journey across nodes", func(t *testing.T) {
		ref := p.journey(t, func(step int) string { return p.nodes[step%2].URL })
		t.Logf("journey alternating nodes made %s", ref)
	})
	t.Run("form opened before every node restarts", func(t *testing.T) {
		ref := p.journeyWith(t, func(step int) string { return p.nodes[step%2].URL }, func(step int) {
			if step == 3 { // mid-journey: both nodes stop and start again
				for _, n := range p.nodes {
					n.Stop()
					n.Start(t)
				}
			}
		})
		t.Logf("journey across a restart of every node made %s", ref)
	})
	t.Run("upload on one, read on the other", p.uploadAcross)
	t.Run("behind nginx", func(t *testing.T) { p.behindNginx(t) })
	t.Run("kill a node under load", p.killUnderLoad)
	t.Run("outbox delivers each message once", p.outboxOnce)
	t.Run("definitions published on one node are live on the other", p.publishAcross)
	t.Run("each periodic task runs once a period", p.periodicOnce)
}

var (
	csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	refRE  = regexp.MustCompile(`Your reference number<br><strong>([^<]+)</strong>`)
)

// journey completes "Report a pothole" as a browser without JavaScript
// would, sending step i to base(i): the form token of the first page is
// posted to whichever node base names.
func (p *platform) journey(t *testing.T, base func(step int) string) string {
	t.Helper()
	return p.journeyWith(t, base, func(int) {})
}

// journeyWith is journey with before(step) run before each POST.
func (p *platform) journeyWith(t *testing.T, base func(step int) string, before func(step int)) string {
	t.Helper()
	jar, _ := cookiejar.New(nil) // cookies ignore ports: both loopback nodes see them
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := "/services/report-a-pothole/questions/"
	resp, body := do(t, hc, http.MethodGet, base(0)+q+"where", nil)
	m := csrfRE.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("first page: %s", resp.Status)
	}
	pages := []struct {
		path string
		form url.Values
	}{
		{q + "where", url.Values{"location-description": {"Outside 12 Station Road"}}},
		{q + "surface", url.Values{"surface": {"road"}, "size": {"small"}}},
		{q + "danger", url.Values{"dangerous": {"no"}}},
		{q + "photo", url.Values{}},
		{q + "you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}}},
		{"/services/report-a-pothole/check-answers", url.Values{}},
	}
	for i, pg := range pages {
		before(i + 1)
		pg.form.Set("csrf_token", string(m[1]))
		resp, body := do(t, hc, http.MethodPost, base(i+1)+pg.path, strings.NewReader(pg.form.Encode()))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s on %s: %s\n%s", pg.path, base(i+1), resp.Status, body)
		}
	}
	resp, body = do(t, hc, http.MethodGet, base(len(pages)+1)+"/services/report-a-pothole/confirmation", nil)
	ref := refRE.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || ref == nil {
		t.Fatalf("confirmation: %s", resp.Status)
	}
	return string(ref[1])
}

func (p *platform) uploadAcross(t *testing.T) {
	ref := p.submit(t, p.nodes[0].URL, "upload-case")
	doc := []byte("A letter about the pothole outside number 12.\n")
	req, _ := http.NewRequest(http.MethodPost, p.nodes[0].URL+"/api/v1/cases/"+ref+"/attachments?name=letter.txt", bytes.NewReader(doc))
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	var up struct{ URL, Key string }
	if code := p.api(t, req, &up); code != http.StatusCreated {
		t.Fatalf("upload on node 0: %d", code)
	}
	req, _ = http.NewRequest(http.MethodGet, p.nodes[1].URL+up.URL, nil)
	req.Header.Set("Authorization", "Bearer "+p.token)
	resp, body := send(t, http.DefaultClient, req)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, doc) {
		t.Fatalf("download on node 1: %s %q", resp.Status, body)
	}
	if _, err := p.s3.Store("documents/").Open(context.Background(), up.Key); err != nil {
		t.Fatalf("the document is not in the bucket: %v", err)
	}
	for _, n := range p.nodes {
		if _, err := os.Stat(filepath.Join(n.Store[1], "documents")); err == nil {
			t.Errorf("node with data folder %s kept documents on local disk", n.Store[1])
		}
	}
}

// submit makes a case through the API on base and returns its reference.
func (p *platform) submit(t *testing.T, base, key string) string {
	t.Helper()
	ref, code := p.trySubmit(base, key)
	if code != http.StatusCreated {
		t.Fatalf("submit on %s: %d", base, code)
	}
	return ref
}

func (p *platform) trySubmit(base, key string) (string, int) {
	body := `{"service_id":"report-a-pothole","answers":{
		"location":{"location":{"description":"Outside ` + key + `, Station Road","lat":52.2053,"lng":0.1218}},
		"surface":{"text":"road"},"dangerous":{"text":"no"},
		"full_name":{"text":"Sam Resident"},"email":{"text":"sam@example.org"}}}`
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/cases", strings.NewReader(body))
	req.Header.Set("Idempotency-Key", key)
	var c struct{ Reference string }
	code, err := p.tryAPI(req, &c)
	if err != nil {
		return "", 0
	}
	return c.Reference, code
}

func (p *platform) api(t *testing.T, req *http.Request, out any) int {
	t.Helper()
	code, err := p.tryAPI(req, out)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func (p *platform) tryAPI(req *http.Request, out any) (int, error) {
	req.Header.Set("Authorization", "Bearer "+p.token)
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode < 300 {
		return resp.StatusCode, json.Unmarshal(b, out)
	}
	return resp.StatusCode, nil
}

// killUnderLoad: eight clients submit through both nodes; node 1 is killed
// with SIGKILL mid-run and its clients retry on node 0 with the same
// Idempotency-Key. Every acknowledged case must be stored exactly once.
func (p *platform) killUnderLoad(t *testing.T) {
	var mu sync.Mutex
	acked := map[string]string{} // key → ref
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("load-%d-%d", c, i)
				for attempt := 0; attempt < 100; attempt++ {
					node := p.nodes[(c+attempt)%2] // a failure moves to the other node
					if ref, code := p.trySubmit(node.URL, key); code == http.StatusCreated {
						mu.Lock()
						acked[key] = ref
						mu.Unlock()
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	time.Sleep(time.Second)
	p.nodes[1].Kill()
	time.Sleep(time.Second)
	p.nodes[1].Start(t)
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()
	db := p.open(t)
	for key, ref := range acked {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM cases WHERE ref = $1 AND idempotency_key LIKE '%:' || $2`, ref, key).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged case %s (key %s): %d stored (%v)", ref, key, n, err)
		}
	}
	if len(acked) < 8 {
		t.Fatalf("only %d cases acknowledged: the clients did not run", len(acked))
	}
	t.Logf("%d cases acknowledged across a kill -9 of one node, all stored once", len(acked))
}

// outboxOnce waits for the outbox to drain and checks each notification
// reached Notify exactly once, though both nodes were claiming messages.
func (p *platform) outboxOnce(t *testing.T) {
	db := p.open(t)
	p.nodes[0].WaitOutboxDrained(t, db)
	rows, err := db.Query(`SELECT id FROM outbox WHERE topic = 'notify'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids[id] = true
	}
	if len(ids) == 0 {
		t.Error("the outbox holds no notifications: nothing was sent to check")
	}
	server.SentOnce(t, ids, p.notify.Notifications())
	t.Logf("%d notifications, each delivered once by two nodes", len(ids))
}

func (p *platform) open(t *testing.T) *sql.DB { return server.OpenDatabase(t, "", p.dbURL) }

// do sends a request, a form when body is set, and reads the answer.
func do(t *testing.T, hc *http.Client, method, u string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	r, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return send(t, hc, r)
}

func send(t *testing.T, hc *http.Client, r *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := hc.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}
