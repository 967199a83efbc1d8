package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestRecordsWalk is the records walk as a new council would try it, on
// the platform as serve wires it, on SQLite and PostgreSQL, with the clock
// moved: the records manager checks the bundled default file plan, which
// the platform runs on; officers upload three documents through the JSON
// API and declare them records; two years and a day later all three are
// due, a legal hold blocks one, the other two are approved and disposed of.
// Afterwards nothing of those two is found by the documents search, the
// API, the blob store or (SQLite, whose data folder `guildhall backup`
// copies) a backup taken after disposal, while the held one is; the two
// certificates verify against the audit log. An external partner from an
// unapproved domain cannot be added, and one on an approved domain gets no
// session off the trusted network without a second factor.
func TestRecordsWalk(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		clock, dir := platformtest.NewClock(platformtest.Start), t.TempDir()
		st := dataFolderWith(t, dir, store.Config{Now: clock.Now})
		walkRecords(t, platformtest.New(t, append(walkOptions(clock), platformtest.OnStore(st),
			platformtest.Configure(func(c *platform.Config) { c.DataDir = dir }))...), "")
	})
	t.Run("postgres", func(t *testing.T) {
		clock := platformtest.NewClock(platformtest.Start)
		st, dbURL := storetest.OpenPostgresURL(t, store.Config{Now: clock.Now})
		walkRecords(t, platformtest.New(t, append(walkOptions(clock), platformtest.OnStore(st))...), dbURL)
	})
}

// walkOptions: the records manager, the approved partner domain and the
// council's network, and the clock the store reads too.
func walkOptions(clock *platformtest.Clock) []platformtest.Option {
	return []platformtest.Option{platformtest.OnClock(clock), platformtest.Staff(walkManager), platformtest.Configure(func(c *platform.Config) {
		c.PartnerDomains, c.TrustedNetworks = "police.example", "10.20.0.0/16"
	})}
}

var walkManager = access.Principal{Kind: access.KindStaff, UserID: "u-rm", Name: "Rhys Records", MFA: true, Teams: []string{"information-governance"},
	Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "*"}}}

// walkRecords walks p; databaseURL is its PostgreSQL database, empty on
// SQLite, for the backup.
func walkRecords(t *testing.T, p *platformtest.Platform, databaseURL string) {
	ctx := context.Background()

	// The records manager checks the default plan the platform runs on.
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"fileplan", "check"}, func(string) string { return "" }, &stdout, &stderr); err != nil ||
		!strings.HasSuffix(stderr.String(), " services filed under one transaction, its retention agreeing with its class's; no problems\n") {
		t.Fatalf("fileplan check: %v\n%s%s", err, stdout.String(), stderr.String())
	}

	// Officers upload three minutes and declare them records.
	api := walkAPI{p: p, t: t, token: p.Token(auth.TokenRequest{Name: "planning uploads", Write: true, Grants: []access.Grant{{Role: "officer", Team: "highways"}}})}
	words := []string{"Hedgerow appeal at Quillon Farm", "Tree preservation at Marsh Lane", "Enforcement at Wicket Yard"}
	ids := make([]string, len(words))
	keys := make([]string, len(words))
	for i, w := range words {
		ids[i], keys[i] = api.upload(w)
		api.expect("POST", "/api/v1/records/documents/"+ids[i]+"/declare", http.StatusOK)
	}
	gone, held := ids[:2], ids[2]

	// Past retention, a hold on one, the rest approved.
	p.Clock.Add(2*365*24*time.Hour + 48*time.Hour) // class 5.3.1: two years from the last action
	if r, err := p.Records.RunRetention(ctx); err != nil || r.Listed != 3 {
		t.Fatalf("listing: %+v %v", r, err)
	}
	if _, err := p.Records.PlaceHold(ctx, walkManager, records.HoldTarget{Kind: records.HoldDocument, Target: held}, "Claim by the owner of Wicket Yard"); err != nil {
		t.Fatal(err)
	}
	due, err := p.Records.DispositionList(ctx, walkManager, 0, 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("the disposition list: %+v %v", due, err)
	}
	for _, d := range due {
		err := p.Records.Approve(ctx, walkManager, d.ID)
		if d.Subject == held {
			if !errors.Is(err, fault.Conflict) || len(d.Holds) != 1 {
				t.Errorf("the held document: approval %v, holds %+v", err, d.Holds)
			}
		} else if err != nil {
			t.Fatalf("approving %s: %v", d.Subject, err)
		}
	}
	if r, err := p.Records.RunRetention(ctx); err != nil || r.Disposed != 2 || r.BlobsDeleted != 2 {
		t.Fatalf("disposal: %+v %v", r, err)
	}

	// Nothing of the two is found; the held one is.
	for i, id := range ids {
		status, found := http.StatusNotFound, 0
		if id == held {
			status, found = http.StatusOK, 1
		}
		api.expect("GET", "/api/v1/records/documents/"+id, status)
		if n := api.search(strings.Fields(words[i])[0]); n != found {
			t.Errorf("the API's search for %q finds %d, want %d", words[i], n, found)
		}
		if hits, err := p.Documents.Search(ctx, walkManager, strings.Fields(words[i])[0], 10); err != nil || len(hits) != found {
			t.Errorf("the documents search for %q: %d hits, want %d (%v)", words[i], len(hits), found, err)
		}
		if f, err := p.Blobs.Open(ctx, keys[i]); (err == nil) != (found == 1) {
			t.Errorf("the blob of %s opens: %v, want %v", id, err == nil, found == 1)
		} else if err == nil {
			f.Close()
		}
	}
	{
		file := filepath.Join(t.TempDir(), "backup.tar.gz")
		if _, err := writeBackup(ctx, p.Config.DataDir, databaseURL, file); err != nil {
			t.Fatal(err)
		}
		archive := archiveBytes(t, file)
		for _, w := range words[:2] {
			if bytes.Contains(archive, []byte(w)) {
				t.Errorf("the backup taken after disposal holds %q", w)
			}
		}
		if !bytes.Contains(archive, []byte(words[2])) {
			t.Errorf("the backup does not hold the held document either: the check proves nothing")
		}
	}
	certs, err := p.Store.Certificates(ctx, 10)
	if err != nil || len(certs) != 2 {
		t.Fatalf("certificates: %+v %v", certs, err)
	}
	for _, c := range certs {
		if c.Subject != gone[0] && c.Subject != gone[1] {
			t.Errorf("a certificate for %s", c.Subject)
		}
		certificateVerifies(t, p.Store, c)
	}

	// Partners: an unapproved domain cannot be added; an approved one gets
	// no session off the trusted network without a second factor.
	if _, _, err := p.Auth.CreateUser(ctx, platformtest.Admin, auth.NewUser{Email: "pc@gmail.example", Name: "Pat Constable", Kind: access.KindPartner}); !errors.Is(err, fault.Invalid) ||
		fault.Public(err) != "Enter an email address on an approved partner domain (police.example)" {
		t.Errorf("a partner on an unapproved domain: %v", err)
	}
	_, secret, err := p.Auth.CreateUser(ctx, platformtest.Admin, auth.NewUser{Email: "sgt@police.example", Name: "Sam Sergeant", Kind: access.KindPartner})
	if err != nil {
		t.Fatal(err)
	}
	const offNetwork = "198.51.100.7"
	tok, next, err := p.Auth.SignIn(ctx, "sgt@police.example", secret, offNetwork, "")
	if err == nil && next == auth.StepChangePassword {
		next, err = p.Auth.ChangePassword(ctx, tok, "", "a long walk past the records office")
	}
	if err != nil || next != auth.StepEnrolTOTP {
		t.Fatalf("the partner's first sign-in: %v %v, want the second factor to be set up", next, err)
	}
	if _, err := p.Auth.PrincipalAt(ctx, tok, offNetwork); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("a partner off the trusted network without a second factor has a session: %v", err)
	}
}

// certificateVerifies: c verifies against the audit entry it names.
func certificateVerifies(t *testing.T, st *store.Store, c records.StoredCertificate) {
	t.Helper()
	entries, err := st.AuditEntries(context.Background(), audit.Filter{AfterSeq: c.AuditSeq - 1, Limit: 1})
	if err != nil || len(entries) != 1 {
		t.Fatalf("the certificate's audit entry: %v %v", entries, err)
	}
	if _, err := records.VerifyCertificate(c, entries[0]); err != nil {
		t.Errorf("the certificate of %s does not verify: %v", c.Subject, err)
	}
}

// walkAPI is an officer's client of the records JSON API.
type walkAPI struct {
	p     *platformtest.Platform
	t     *testing.T
	token string
}

func (a walkAPI) do(req *http.Request) (*http.Response, string) {
	a.t.Helper()
	req.Header.Set("Authorization", "Bearer "+a.token)
	return webtest.NewClient(a.t, a.p.URL).Do(req)
}

// upload posts a text document of words in class 5.3.1 and returns its id
// and its file's key.
func (a walkAPI) upload(words string) (id, key string) {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	meta := fmt.Sprintf(`{"title":%q,"file_plan_class":"5.3.1","classification":"OFFICIAL","team":"highways"}`, "Minutes: "+words)
	if err := mw.WriteField("metadata", meta); err != nil {
		a.t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("file", "minutes.txt")
	if err == nil {
		_, err = io.WriteString(fw, "Minutes of the planning committee. "+words+".\n")
	}
	if err != nil || mw.Close() != nil {
		a.t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", a.p.URL+"/api/v1/records/documents", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, text := a.do(req)
	var d struct {
		ID       int64
		Versions []struct{ SHA256 string }
	}
	if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(text), &d) != nil || len(d.Versions) != 1 {
		a.t.Fatalf("upload %q: %d\n%s", words, res.StatusCode, text)
	}
	return strconv.FormatInt(d.ID, 10), d.Versions[0].SHA256
}

func (a walkAPI) expect(method, path string, status int) {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.p.URL+path, nil)
	if res, body := a.do(req); res.StatusCode != status {
		a.t.Errorf("%s %s: %d, want %d\n%s", method, path, res.StatusCode, status, body)
	}
}

// search is how many documents the API's search finds for word.
func (a walkAPI) search(word string) int {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.p.URL+"/api/v1/records/documents?q="+word, nil)
	res, body := a.do(req)
	var out struct{ Documents []json.RawMessage }
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil {
		a.t.Fatalf("search %q: %d\n%s", word, res.StatusCode, body)
	}
	return len(out.Documents)
}
