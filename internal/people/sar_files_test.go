package people_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestSubjectAccessFilesAndMessages: the export carries the case's
// documents (their bytes in the ZIP, linked from index.html) and the
// messages sent to the person, but not those sent to officers.
func TestSubjectAccessFilesAndMessages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
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
		if err := st.Enqueue(ctx, msg("m1", "m.oyelaran@example.org", "Thank you, we have your report."),
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
