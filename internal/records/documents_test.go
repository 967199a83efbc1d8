package records_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

var (
	planner = access.Principal{Kind: access.KindStaff, UserID: "u-plan", Email: "plan@council.example", MFA: true, Teams: []string{"planning"}}
	parks   = access.Principal{Kind: access.KindStaff, UserID: "u-parks", Email: "parks@council.example", MFA: true, Teams: []string{"parks"}}
	police  = access.Principal{Kind: access.KindPartner, UserID: "p-1", Email: "sgt@police.example.uk", MFA: true}
)

// file stores text as a blob and files it as a document.
func (w *world) file(t *testing.T, docs *records.Documents, p access.Principal, title, text string, class service.Classification, space int64) records.Document {
	t.Helper()
	key, err := w.Blobs.PutBytes(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	d, err := docs.Create(context.Background(), p, records.NewDocument{Title: title, ClassID: "5.3.1", Classification: class, Team: "planning", SpaceID: space,
		File: service.FileRef{Key: key, Name: "doc.txt", ContentType: service.MIMEText, Size: int64(len(text))}})
	if err != nil {
		t.Fatalf("file %q: %v", title, err)
	}
	return d
}

// TestDocumentVersionsAndDeclaration: versions build a history; a declared
// record refuses change, and the refusal is audited.
func TestDocumentVersionsAndDeclaration(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		docs := w.Documents
		if _, err := docs.Create(ctx, planner, records.NewDocument{Title: " ", ClassID: "5.3", Classification: "SECRET"}); !errors.Is(err, fault.Invalid) ||
			!strings.Contains(fault.Public(err), "Enter a title") || !strings.Contains(fault.Public(err), "file plan class") {
			t.Fatalf("bad document: %v", err)
		}
		d := w.file(t, docs, planner, "Tree policy", "first draft", service.Official, 0)
		if _, err := docs.AddVersion(ctx, parks, d.ID, d.Current().File, "parks edit"); !errors.Is(err, fault.Forbidden) {
			t.Errorf("another team added a version: %v", err)
		}
		key, _ := w.Blobs.PutBytes(ctx, []byte("adopted text"))
		d, err := docs.AddVersion(ctx, planner, d.ID, service.FileRef{Key: key, Name: "v2.txt", ContentType: service.MIMEText, Size: 12}, "as adopted")
		if err != nil || d.Version != 2 || len(d.Versions) != 2 || d.Versions[1].Note != "as adopted" {
			t.Fatalf("version 2: %+v %v", d, err)
		}
		if d, err = docs.Declare(ctx, planner, d.ID); err != nil || !d.Declared() {
			t.Fatalf("declare: %+v %v", d, err)
		}
		if _, err := docs.AddVersion(ctx, planner, d.ID, service.FileRef{Key: key, Name: "v3.txt", ContentType: service.MIMEText, Size: 12}, ""); !errors.Is(err, records.ErrDeclared) {
			t.Errorf("changed a record: %v", err)
		}
		if es, _ := w.Store.AuditEntries(ctx, audit.Filter{Action: records.AuditRefused}); len(es) != 1 || !strings.Contains(string(es[0].Detail), "declared record") {
			t.Errorf("refusal not audited: %+v", es)
		}
		if got, _ := docs.Get(ctx, parks, d.ID); got.Version != 2 {
			t.Errorf("an OFFICIAL document is open to all staff: got %+v", got)
		}
	})
}

// TestSearchNeverShowsWhatTheReaderMayNotOpen: one word in three documents
// of different sensitivity; each reader's results, titles and snippets are
// exactly what the policy lets them open.
func TestSearchNeverShowsWhatTheReaderMayNotOpen(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		docs := w.Documents
		w.file(t, docs, planner, "Tree policy", "Ash dieback survey of the parks", service.Official, 0)
		w.file(t, docs, planner, "Safeguarding review", "Ash dieback near the children's home on Elm Road", service.OfficialSensitive, 0)
		space, err := docs.CreateSpace(ctx, planner, records.Space{Name: "Tree crime", Team: "planning", Classification: service.OfficialSensitive,
			Members: []string{"plan@council.example", "sgt@police.example.uk"}})
		if err != nil {
			t.Fatal(err)
		}
		w.file(t, docs, planner, "Timber theft log", "Ash dieback timber stolen from Wood Lane", service.OfficialSensitive, space)
		for _, tc := range []struct {
			who  access.Principal
			want []string
		}{
			{planner, []string{"Safeguarding review", "Timber theft log", "Tree policy"}},
			{parks, []string{"Tree policy"}},
			{police, []string{"Timber theft log"}},
			{access.Principal{Kind: access.KindPartner, Email: "sgt@police.example.uk"}, nil}, // no second factor
			{access.Anonymous, nil},
		} {
			hits, err := docs.Search(ctx, tc.who, "ash dieback", 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Document.Title)
				if !strings.Contains(h.Snippet, "«") {
					t.Errorf("%s: snippet %q has no marked words", tc.who.UserID, h.Snippet)
				}
				for _, secret := range []string{"children's home", "Elm Road", "Wood Lane"} {
					if !contains(tc.want, "Safeguarding review") && !contains(tc.want, "Timber theft log") && strings.Contains(h.Snippet, secret) {
						t.Errorf("%s sees %q", tc.who.UserID, secret)
					}
				}
			}
			if strings.Join(sorted(got), "|") != strings.Join(tc.want, "|") {
				t.Errorf("%s %s found %v, want %v", tc.who.Kind, tc.who.UserID, got, tc.want)
			}
		}
		// Counts and facets are of what the reader may find, never of
		// every match: counted before the policy, parks would learn that two
		// OFFICIAL-SENSITIVE documents hold the words.
		sensitive := service.OfficialSensitive
		for _, tc := range []struct {
			name    string
			who     access.Principal
			q       records.DocumentQuery
			hits    int
			matches int
			facets  []records.FacetCount
		}{
			{"planner, a page of one", planner, records.DocumentQuery{Text: "ash dieback", Limit: 1}, 1, 3,
				[]records.FacetCount{{Value: "OFFICIAL-SENSITIVE", Count: 2}, {Value: "OFFICIAL", Count: 1}}},
			{"parks", parks, records.DocumentQuery{Text: "ash dieback"}, 1, 1, []records.FacetCount{{Value: "OFFICIAL", Count: 1}}},
			{"planner, OFFICIAL-SENSITIVE only", planner, records.DocumentQuery{Text: "dieback", Classification: sensitive}, 2, 2,
				[]records.FacetCount{{Value: "OFFICIAL-SENSITIVE", Count: 2}}},
			{"parks, OFFICIAL-SENSITIVE only", parks, records.DocumentQuery{Text: "dieback", Classification: sensitive}, 0, 0, []records.FacetCount{}},
			{"police, in another team", police, records.DocumentQuery{Text: "dieback", Team: "parks"}, 0, 0, []records.FacetCount{}},
		} {
			res, err := docs.Find(ctx, tc.who, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != tc.hits || res.Matches != tc.matches || res.ManyMatches || !slices.Equal(res.Facets.Classifications, tc.facets) {
				t.Errorf("%s: %d hits, %d matches (many %v), classifications %v; want %d, %d, %v",
					tc.name, len(res.Hits), res.Matches, res.ManyMatches, res.Facets.Classifications, tc.hits, tc.matches, tc.facets)
			}
			if tc.matches > 0 && (len(res.Facets.Teams) != 1 || res.Facets.Teams[0] != (records.FacetCount{Value: "planning", Count: tc.matches}) ||
				len(res.Facets.Classes) != 1 || res.Facets.Classes[0].Value != "5.3.1") {
				t.Errorf("%s: teams %v, classes %v", tc.name, res.Facets.Teams, res.Facets.Classes)
			}
		}
		if _, err := docs.CreateSpace(ctx, planner, records.Space{Name: "Leaky", Team: "planning", Classification: service.OfficialSensitive,
			Members: []string{"someone@gmail.example"}}); !errors.Is(err, fault.Invalid) {
			t.Errorf("an OFFICIAL-SENSITIVE space took an unapproved domain: %v", err)
		}
	})
}

// TestDisposedDocumentLeavesNothing: a declared record past its class's
// period is listed, approved and disposed of: its file, versions and search
// entry go, and its certificate verifies.
func TestDisposedDocumentLeavesNothing(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		docs := w.Documents
		d := w.file(t, docs, planner, "Routine letter", "Thank you for your letter about the hedge", service.Official, 0)
		if _, err := docs.Declare(ctx, planner, d.ID); err != nil {
			t.Fatal(err)
		}
		key := d.Current().File.Key
		w.move(2, 0, 1) // class 5.3.1: last action + 2 years
		if r, err := w.Records.RunRetention(ctx); err != nil || r.Listed != 1 {
			t.Fatalf("listing: %+v %v", r, err)
		}
		due := dueBySubject(t, w)
		if err := w.Records.Approve(ctx, manager, due[itoa(d.ID)].ID); err != nil {
			t.Fatal(err)
		}
		if r, err := w.Records.RunRetention(ctx); err != nil || r.Disposed != 1 || r.BlobsDeleted != 1 {
			t.Fatalf("disposal: %+v %v", r, err)
		}
		if _, err := docs.Get(ctx, planner, d.ID); !errors.Is(err, fault.NotFound) {
			t.Errorf("disposed document still opens: %v", err)
		}
		if hits, _ := docs.Search(ctx, planner, "hedge", 10); len(hits) != 0 {
			t.Errorf("disposed document still found: %+v", hits)
		}
		if _, err := os.Stat(w.blobPath(key)); !os.IsNotExist(err) {
			t.Errorf("its file is still on disk: %v", err)
		}
		checkCertificates(t, w, map[string]string{"document:" + itoa(d.ID): records.ActionDelete})
	})
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
