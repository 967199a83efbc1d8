package records_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestDraftsExpireAsThePrivacyPageSays: unsent answers go DraftRetentionDays
// after they last changed, and not a day before; the files they name go
// once records.BlobGrace has passed since they were stored.
func TestDraftsExpireAsThePrivacyPageSays(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		key, err := w.Blobs.PutBytes(ctx, []byte("a photo of a pothole"))
		if err != nil {
			t.Fatal(err)
		}
		old := service.Answers{"photo": {File: &service.FileRef{Key: key, Name: "p.jpg", ContentType: "image/jpeg", Size: 20}}}
		if err := w.Store.SaveDraft(ctx, "old", "sess-1", "anonymised-pothole", old); err != nil {
			t.Fatal(err)
		}
		w.move(0, 0, 2)
		if err := w.Store.SaveDraft(ctx, "recent", "sess-2", "anonymised-pothole", service.Answers{"location": {Text: "Mill Lane"}}); err != nil {
			t.Fatal(err)
		}
		w.move(0, 0, records.DraftRetentionDays-3) // the old draft is six days old
		if r, err := w.Records.RunRetention(ctx); err != nil || r.DraftsDeleted != 0 {
			t.Fatalf("a day early: %+v %v", r, err)
		}
		w.move(0, 0, 1)
		w.Clock.Add(time.Minute) // seven days and a minute
		r, err := w.Records.RunRetention(ctx)
		if err != nil || r.DraftsDeleted != 1 || r.BlobsDeleted != 0 {
			t.Fatalf("on the day: %+v %v, want one draft deleted and its photo kept", r, err)
		}
		// The photo's bytes were stored when the draft was (every put is
		// noted), so they wait out records.BlobGrace, which outlasts any
		// draft that could share them, and go on the next day's run.
		if _, err := os.Stat(w.blobPath(key)); err != nil {
			t.Errorf("the draft's photo went before its grace ran out: %v", err)
		}
		w.move(0, 0, 1)
		if r, err := w.Records.RunRetention(ctx); err != nil || r.BlobsDeleted != 1 {
			t.Fatalf("a day later: %+v %v, want its photo deleted", r, err)
		}
		if _, _, _, err := w.Store.LoadDraft(ctx, "sess-1", "anonymised-pothole"); !errors.Is(err, fault.NotFound) {
			t.Errorf("old draft still loads: %v", err)
		}
		if _, _, _, err := w.Store.LoadDraft(ctx, "sess-2", "anonymised-pothole"); err != nil {
			t.Errorf("recent draft gone: %v", err)
		}
		if _, err := os.Stat(w.blobPath(key)); !os.IsNotExist(err) {
			t.Errorf("the draft's photo is still on disk: %v", err)
		}
	})
}

// TestALiveDraftKeepsAnOldFile: two drafts hold the same photo, stored
// once, long ago. One is abandoned; the other is kept alive by later
// changes. When the abandoned one expires and queues the photo, the photo
// is older than records.BlobGrace, yet it stays, because a live draft still
// names it; it goes only once that draft expires too.
func TestALiveDraftKeepsAnOldFile(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		key, err := w.Blobs.PutBytes(ctx, []byte("a photo of a pothole on Mill Lane"))
		if err != nil {
			t.Fatal(err)
		}
		photo := service.Answers{"photo": {File: &service.FileRef{Key: key, Name: "p.jpg", ContentType: "image/jpeg", Size: 33}}}
		for _, d := range []struct{ id, session string }{{"abandoned", "sess-1"}, {"alive", "sess-2"}} {
			if err := w.Store.SaveDraft(ctx, d.id, d.session, "anonymised-pothole", photo); err != nil {
				t.Fatal(err)
			}
		}
		w.move(0, 0, records.DraftRetentionDays-1)
		photo["location"] = service.Answer{Text: "Mill Lane"} // the resident comes back to it
		if err := w.Store.SaveDraft(ctx, "alive", "sess-2", "anonymised-pothole", photo); err != nil {
			t.Fatal(err)
		}
		w.move(0, 0, 3) // the abandoned draft and the photo's bytes are nine days old
		r, err := w.Records.RunRetention(ctx)
		if err != nil || r.DraftsDeleted != 1 || r.BlobsDeleted != 0 {
			t.Fatalf("the abandoned draft expires: %+v %v, want it deleted and the photo kept", r, err)
		}
		if _, err := os.Stat(w.blobPath(key)); err != nil {
			t.Fatalf("the photo went from under the live draft: %v", err)
		}
		w.move(0, 0, records.DraftRetentionDays)
		if r, err := w.Records.RunRetention(ctx); err != nil || r.DraftsDeleted != 1 || r.BlobsDeleted != 1 {
			t.Fatalf("the live draft expires too: %+v %v, want it and the photo deleted", r, err)
		}
		if _, err := os.Stat(w.blobPath(key)); !os.IsNotExist(err) {
			t.Errorf("the photo is still on disk: %v", err)
		}
	})
}

// TestPrivacyPageStatesTheDraftPeriod: the page residents read and the job
// that deletes drafts agree.
func TestPrivacyPageStatesTheDraftPeriod(t *testing.T) {
	b, err := os.ReadFile("../web/frontdoor/templates/privacy.html")
	if err != nil {
		t.Fatal(err)
	}
	want := "deleted " + records.DraftRetentionText + " after"
	if !strings.Contains(string(b), want) {
		t.Fatalf("privacy page does not say %q", want)
	}
	if records.DraftRetentionText != "7 days" || records.DraftRetentionDays != 7 {
		t.Fatal("DraftRetentionText and DraftRetentionDays disagree")
	}
	// The files a draft names wait out BlobGrace, a day longer than the
	// draft (TestDraftsExpireAsThePrivacyPageSays), and the page says so.
	if !strings.Contains(string(b), "and any files you uploaded with them the day after that") ||
		records.BlobGrace != time.Duration(records.DraftRetentionDays+1)*24*time.Hour {
		t.Fatal("the privacy page does not say when a draft's files go, or BlobGrace is no longer a day after the draft")
	}
}

// TestRetentionLifecycle: cases are listed when their rule has run, a hold
// blocks approval, approved disposals delete or anonymise, and each leaves a
// certificate that verifies against the audit chain.
func TestRetentionLifecycle(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c1 := w.submit(t, "complaint", "The bin men were rude", "Alice Ambrose")
		c2 := w.submit(t, "complaint", "Street light out", "Bob Brown")
		p1 := w.submit(t, "anonymised-pothole", "Outside 4 Mill Lane", "Carol Cole")
		p2 := w.submit(t, "anonymised-pothole", "High Street by the bank", "Dan Dare")
		open := w.submit(t, "anonymised-pothole", "Church Road", "Eve Evans")
		key, _ := w.Blobs.PutBytes(ctx, []byte("letter from Alice"))
		if _, err := w.Cases.Attach(ctx, officer, c1, service.FileRef{Key: key, Name: "letter.txt", ContentType: "text/plain", Size: 17}); err != nil {
			t.Fatal(err)
		}
		for _, ref := range []string{c1, c2, p1, p2} {
			w.close(t, ref)
		}

		w.move(1, 0, 1) // complaints are due, potholes not yet
		mustRun(t, w, records.Report{Listed: 2})
		w.move(1, 0, 0)
		mustRun(t, w, records.Report{Listed: 2})
		due := dueBySubject(t, w)
		if _, listed := due[open]; listed || len(due) != 4 {
			t.Fatalf("listed %v; want the four closed cases and never the open one", keys(due))
		}

		hold, err := w.Records.PlaceHold(ctx, manager, records.HoldTarget{Kind: records.HoldCase, Target: c2}, "Ombudsman investigation 24-001")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Records.Approve(ctx, officer, due[c1].ID); !errors.Is(err, fault.Forbidden) {
			t.Errorf("an officer approved disposal: %v", err)
		}
		if err := w.Records.Approve(ctx, manager, due[c2].ID); !errors.Is(err, fault.Conflict) {
			t.Errorf("approving a held case: %v, want Conflict", err)
		}
		if refused, _ := w.Store.AuditEntries(ctx, audit.Filter{Action: records.AuditRefused}); len(refused) != 1 || refused[0].Subject != "case:"+c2 {
			t.Errorf("refusal audit entries: %+v", refused)
		}
		for _, ref := range []string{c1, p1} {
			if err := w.Records.Approve(ctx, manager, due[ref].ID); err != nil {
				t.Fatalf("approve %s: %v", ref, err)
			}
		}
		if err := w.Records.Defer(ctx, manager, due[p2].ID, w.Clock.Now().AddDate(1, 0, 0), "Claim threatened"); err != nil {
			t.Fatal(err)
		}
		mustRun(t, w, records.Report{Disposed: 2, BlobsDeleted: 1})

		if _, err := w.Cases.Get(ctx, officer, c1); !errors.Is(err, fault.NotFound) {
			t.Errorf("deleted complaint still readable: %v", err)
		}
		if _, err := os.Stat(w.blobPath(key)); !os.IsNotExist(err) {
			t.Errorf("the complaint's letter is still on disk: %v", err)
		}
		anon, err := w.Cases.Get(ctx, officer, p1)
		if err != nil {
			t.Fatalf("anonymised pothole: %v", err)
		}
		if anon.Answers["location"].Text != "Outside 4 Mill Lane" || len(anon.Answers) != 1 || anon.State != "fixed" {
			t.Errorf("anonymised answers %+v state %s: want only the location, and the state kept", anon.Answers, anon.State)
		}
		page, err := w.Cases.Find(ctx, officer, cases.Filter{Query: "Carol"})
		if err != nil || len(page.Cases) != 0 {
			t.Errorf("search finds the anonymised resident: %d %v", len(page.Cases), err)
		}
		checkCertificates(t, w, map[string]string{"case:" + c1: records.ActionDelete, "case:" + p1: records.ActionAnonymise})

		// A hold placed after approval stops the disposal and sends it back.
		if err := w.Records.ReleaseHold(ctx, manager, hold); err != nil {
			t.Fatal(err)
		}
		if err := w.Records.Approve(ctx, manager, due[c2].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Records.PlaceHold(ctx, manager, records.HoldTarget{Kind: records.HoldService, Target: "complaint"}, "Judicial review of the complaints policy"); err != nil {
			t.Fatal(err)
		}
		mustRun(t, w, records.Report{Held: 1})
		if d := dueBySubject(t, w)[c2]; d.Status != records.StatusDue || len(d.Holds) != 1 {
			t.Errorf("held item: %+v, want back on the list with its hold", d)
		}
		if _, err := w.Cases.Get(ctx, officer, c2); err != nil {
			t.Errorf("held complaint gone: %v", err)
		}
	})
}

func mustRun(t *testing.T, w *world, want records.Report) {
	t.Helper()
	got, err := w.Records.RunRetention(context.Background())
	if err != nil || got != want {
		t.Fatalf("retention run: %+v %v, want %+v", got, err, want)
	}
}

func dueBySubject(t *testing.T, w *world) map[string]records.Due {
	t.Helper()
	items, err := w.Records.DispositionList(context.Background(), manager, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]records.Due{}
	for _, d := range items {
		out[d.Subject] = d
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkCertificates verifies every certificate against its audit entry and
// the whole chain, and that none holds the content it disposed of.
func checkCertificates(t *testing.T, w *world, want map[string]string) {
	t.Helper()
	ctx := context.Background()
	certs, err := w.Store.Certificates(ctx, 10)
	if err != nil || len(certs) != len(want) {
		t.Fatalf("certificates: %d %v, want %d", len(certs), err, len(want))
	}
	for _, c := range certs {
		entries, err := w.Store.AuditEntries(ctx, audit.Filter{AfterSeq: c.AuditSeq - 1, Limit: 1})
		if err != nil || len(entries) != 1 {
			t.Fatalf("audit entry %d: %v", c.AuditSeq, err)
		}
		cert, err := records.VerifyCertificate(c, entries[0])
		if err != nil {
			t.Fatal(err)
		}
		if cert.Action != want[c.Kind+":"+c.Subject] || cert.ApprovedBy != manager.UserID || len(cert.ContentSHA256) != 64 {
			t.Errorf("certificate %s: %+v", c.Subject, cert)
		}
		for _, secret := range []string{"Alice", "Carol", "resident@example.org", "rude"} {
			if strings.Contains(string(c.JSON), secret) {
				t.Errorf("certificate %s holds %q", c.Subject, secret)
			}
		}
	}
	if n, err := (&audit.Service{Store: w.Store, Key: w.Store.AuditKey()}).VerifyAll(ctx); err != nil {
		t.Fatalf("audit chain after disposal (%d entries): %v", n, err)
	}
}

// TestCasesAreKeptByTheirClassAndItsHolds: a case's rule is its service's
// file plan class's, quoted as such, and a hold on that class (or on one
// above it) stops the case's disposal.
func TestCasesAreKeptByTheirClassAndItsHolds(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		ref := w.submit(t, "complaint", "Verge not cut", "Fay Field")
		w.close(t, ref)
		w.move(1, 0, 1)
		mustRun(t, w, records.Report{Listed: 1})
		d := dueBySubject(t, w)[ref]
		if d.Rule.Source != "class:3.1.2" || d.Rule.Period != "P1Y" {
			t.Fatalf("the complaint is kept by %+v, want class 3.1.2's rule", d.Rule)
		}
		hold, err := w.Records.PlaceHold(ctx, manager, records.HoldTarget{Kind: records.HoldClass, Target: "3.1"}, "Inquiry into highways complaints")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Records.Approve(ctx, manager, d.ID); !errors.Is(err, fault.Conflict) {
			t.Errorf("approving a case under a held class: %v, want Conflict", err)
		}
		if err := w.Records.ReleaseHold(ctx, manager, hold); err != nil {
			t.Fatal(err)
		}
		if err := w.Records.Approve(ctx, manager, d.ID); err != nil {
			t.Fatalf("approving once the hold is released: %v", err)
		}
	})
}
