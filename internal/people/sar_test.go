package people_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

func TestSubjectAccessExport(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newSingleView(t, e)
		ctx := context.Background()
		ig := access.Principal{Kind: access.KindStaff, UserID: "ig1", Name: "Ira Governance", MFA: true,
			Teams: []string{"information-governance"}, Grants: []access.Grant{
				{Role: people.RoleInformationGovernance, Team: "information-governance"},
				{Role: "officer", Team: "information-governance"}, {Role: "auditor", Team: "*"}}}
		for _, p := range []access.Principal{
			{Kind: access.KindStaff, UserID: "o", MFA: true, Teams: []string{"highways"}, Grants: []access.Grant{{Role: "officer", Team: "highways"}}},
			func() access.Principal { q := ig; q.MFA = false; return q }(),
		} {
			if _, err := e.svc.SubjectAccess(ctx, p, f.person); !errors.Is(err, fault.NotFound) {
				t.Errorf("%s (MFA %v) exported: %v", p.UserID, p.MFA, err)
			}
		}
		exp, err := e.svc.SubjectAccess(ctx, ig, f.person)
		if err != nil {
			t.Fatal(err)
		}
		files := unzip(t, exp.Zip)
		var data people.ExportData
		if err := json.Unmarshal(files["data.json"], &data); err != nil {
			t.Fatal(err)
		}
		if len(data.Cases) != 2 || len(data.Records) != 3 || data.Subject.Name != "Margaret Oyelaran" {
			t.Errorf("export holds %d cases, %d records, subject %q", len(data.Cases), len(data.Records), data.Subject.Name)
		}
		if len(data.Redactions) != 1 || data.Redactions[0].Name != "Kofi Mensah" || !strings.HasPrefix(data.Redactions[0].Where, f.sar) {
			t.Errorf("redactions = %+v", data.Redactions)
		}
		page := string(files["index.html"])
		for _, want := range []string{"[REDACT? Kofi Mensah]", "Names marked for review", "<style>", f.pothole, f.sar} {
			if !strings.Contains(page, want) {
				t.Errorf("index.html lacks %q", want)
			}
		}
		// People read question text, option labels and service names, not ids.
		cat, _ := service.LoadDir(services.FS)
		sarDef, _ := cat.Get("subject-access-request")
		potholeDef, _ := cat.Get("report-a-pothole")
		details, _ := sarDef.Question("details")
		for _, want := range []string{sarDef.Name, potholeDef.Name, ">" + details.Label + "<"} {
			if !strings.Contains(page, want) {
				t.Errorf("index.html lacks %q", want)
			}
		}
		for _, id := range []string{">report-a-pothole<", ">subject-access-request<", ">details<"} {
			if strings.Contains(page, id) {
				t.Errorf("index.html shows the id %q", id)
			}
		}
		if strings.Contains(page, "<script") || strings.Contains(page, "http") {
			t.Error("index.html is not self-contained")
		}
		entries, err := e.st.AuditEntries(ctx, audit.Filter{Action: people.AuditSubjectAccess})
		if err != nil || len(entries) != 1 || entries[0].Actor != "ig1" || !strings.Contains(string(entries[0].Detail), f.sar) ||
			entries[0].Subject != "person:"+strconv.FormatInt(f.person, 10) || !entries[0].At.Equal(e.now) {
			t.Errorf("export audit = %+v, %v", entries, err)
		}
		// the sensitive case's export is audited as the case service would
		views, _ := e.st.AuditEntries(ctx, audit.Filter{Action: "case.export", Subject: f.sar})
		if len(views) != 1 {
			t.Errorf("%d case.export entries for the sensitive case, want 1", len(views))
		}
	})
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// TestSubjectAccessFilesAndMessages: the export carries the case's
// documents (their bytes in the ZIP, linked from index.html) and the
// messages sent to the person, but not those sent to officers.
func TestSubjectAccessFilesAndMessages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		docs := &blob.Local{Dir: t.TempDir()}
		e.svc.Blobs = docs
		photo := []byte("\xFF\xD8\xFF\xE0 a photograph of the pothole")
		key, err := docs.PutBytes(ctx, photo)
		if err != nil {
			t.Fatal(err)
		}
		ref := e.submit("report-a-pothole", "highways", service.Official,
			cases.Applicant{Name: "Margaret Oyelaran", Email: "M.Oyelaran@example.org"},
			service.Answers{"photo": {File: &service.FileRef{Key: key, Name: "hole by the school.jpg", ContentType: "image/jpeg", Size: int64(len(photo))}}})
		msg := func(id, to, body string) jobs.Message {
			b, _ := json.Marshal(map[string]string{"id": id, "channel": "email", "to": to, "subject": "Your report " + ref, "body": body})
			return jobs.Message{ID: id, Topic: jobs.TopicNotify, Key: ref, Payload: b, CreatedAt: e.now, AvailableAt: e.now}
		}
		if err := e.st.Enqueue(ctx, msg("m1", "m.oyelaran@example.org", "Thank you, we have your report."),
			msg("m2", "highways@council.example.gov.uk", "A new pothole report for the team.")); err != nil {
			t.Fatal(err)
		}
		e.run()
		ig := access.Principal{Kind: access.KindStaff, UserID: "ig1", Name: "Ira Governance", MFA: true,
			Teams: []string{"information-governance"}, Grants: []access.Grant{
				{Role: people.RoleInformationGovernance, Team: "information-governance"}, {Role: "auditor", Team: "*"}}}
		exp, err := e.svc.SubjectAccess(ctx, ig, e.personOf("case:"+ref))
		if err != nil {
			t.Fatal(err)
		}
		files := unzip(t, exp.Zip)
		const path = "files/"
		var got []string
		for name, b := range files {
			if strings.HasPrefix(name, path) {
				got = append(got, name)
				if string(b) != string(photo) {
					t.Errorf("%s holds %q, want the photo's bytes", name, b)
				}
			}
		}
		want := "files/" + ref + "/1-hole-by-the-school.jpg"
		if len(got) != 1 || got[0] != want {
			t.Fatalf("documents in the ZIP = %v, want [%s]", got, want)
		}
		page := string(files["index.html"])
		for _, s := range []string{`<a href="` + want + `">hole by the school.jpg</a>`, "Thank you, we have your report.", "Messages sent to you"} {
			if !strings.Contains(page, s) {
				t.Errorf("index.html lacks %q", s)
			}
		}
		if strings.Contains(page, "A new pothole report for the team") {
			t.Error("index.html shows a message sent to the team")
		}
		var data people.ExportData
		_ = json.Unmarshal(files["data.json"], &data)
		if len(data.Cases) != 1 || len(data.Cases[0].Messages) != 1 || !data.Cases[0].Messages[0].At.Equal(e.now.Truncate(time.Microsecond)) {
			t.Errorf("data.json messages = %+v", data.Cases)
		}
	})
}
