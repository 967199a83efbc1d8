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

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/services"
)

func TestSubjectAccessExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
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
		entries, err := st.AuditEntries(ctx, audit.Filter{Action: people.AuditSubjectAccess})
		if err != nil || len(entries) != 1 || entries[0].Actor != "ig1" || !strings.Contains(string(entries[0].Detail), f.sar) ||
			entries[0].Subject != "person:"+strconv.FormatInt(f.person, 10) || !entries[0].At.Equal(e.now) {
			t.Errorf("export audit = %+v, %v", entries, err)
		}
		// the sensitive case's export is audited as the case service would
		views, _ := st.AuditEntries(ctx, audit.Filter{Action: "case.export", Subject: f.sar})
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
