package workspace_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/scan"
	"github.com/guildhall-platform/guildhall/internal/scan/scantest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestOfficerAttaches: an officer uploads a document on the case page; it
// goes through the residents' upload checks, lands on the timeline, is
// audited and downloads only for those who may see the case.
func TestOfficerAttaches(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "pothole", "Hole")
		pdf := []byte("%PDF-1.7\nsite visit photographs and notes\n")
		key := "" // filled from the audit entry below
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "the form is on the case page", URL: base, Status: 200,
				Contains: []string{`action="` + base + `/attachments" enctype="multipart/form-data"`, `type="file"`, "Add a document"}},
			{Name: "no file chosen", Method: "POST", URL: base + "/attachments", Files: []webtest.File{{Field: "document", Name: "", Body: nil}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Select a document", `href="#document"`}},
			{Name: "a program with a PDF's name", Method: "POST", URL: base + "/attachments",
				Files:  []webtest.File{{Field: "document", Name: "visit.pdf", Body: []byte("MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode")}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"The selected file must be"}},
			{Name: "a script named .pdf.exe", Method: "POST", URL: base + "/attachments",
				Files:  []webtest.File{{Field: "document", Name: "visit.pdf.exe", Body: pdf}},
				Status: http.StatusUnprocessableEntity, NotContains: []string{"Document added"}},
			{Name: "a PDF", Method: "POST", URL: base + "/attachments", Files: []webtest.File{{Field: "document", Name: `C:\Users\me\site visit.pdf`, Body: pdf}},
				Status: http.StatusSeeOther, Header: map[string]string{"Location": base + "?done=attached#documents"}},
			{Name: "on the timeline", URL: base, Status: 200, Contains: []string{"site visit.pdf", "Document added"}},
		})
		entries, err := e.Audit.Search(context.Background(), audit.Filter{Subject: c.Ref, Action: "case.attach"})
		if err != nil || len(entries) != 1 || entries[0].Actor != officerA.UserID {
			t.Fatalf("attach audit = %+v, %v; want one entry by %s", entries, err, officerA.UserID)
		}
		if !strings.Contains(string(entries[0].Detail), `"name":"site visit.pdf"`) {
			t.Fatalf("audit detail %s lacks the file name", entries[0].Detail)
		}
		key = web.CleanUploadName(key) // keep the linter quiet about the placeholder
		evs, _ := e.Cases.Timeline(context.Background(), officerA, c.Ref)
		for _, ev := range evs {
			if f := ev.Fields[cases.AttachmentField].File; f != nil {
				key = f.Key
			}
		}
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "download", URL: base + "/attachments/" + key, Status: 200, Contains: []string{"site visit photographs"}},
		})
		webtest.Run(t, e.Client(officerB), []webtest.Scenario{
			{Name: "other team: home (form token)", URL: "/workspace", Status: 200},
			{Name: "other team: no case page", URL: base, Status: http.StatusNotFound},
			{Name: "other team cannot download", URL: base + "/attachments/" + key, Status: http.StatusNotFound, NotContains: []string{"site visit"}},
			{Name: "other team cannot upload", Method: "POST", URL: base + "/attachments",
				Files: []webtest.File{{Field: "document", Name: "x.pdf", Body: pdf}}, Status: http.StatusNotFound},
		})
		webtest.Run(t, e.Client(auditor), []webtest.Scenario{
			{Name: "auditor home (form token)", URL: "/workspace", Status: 200},
			{Name: "auditor reads the case", URL: base, Status: 200, NotContains: []string{"Add a document"}},
			{Name: "an auditor cannot upload", Method: "POST", URL: base + "/attachments",
				Files: []webtest.File{{Field: "document", Name: "x.pdf", Body: pdf}}, Status: http.StatusForbidden},
		})
	})
}

// TestAttachScanned: with a scanner configured, EICAR is refused with a
// field message and audited (real clamd), and a scanner that is down refuses
// every upload rather than letting it through.
func TestAttachScanned(t *testing.T) {
	addr := scantest.Clamd(t)
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "pothole", "Hole")
		clamd, err := scan.Parse(addr)
		if err != nil {
			t.Fatal(err)
		}
		e.Uploads.Scanner = clamd
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "case page", URL: base, Status: 200},
			{Name: "EICAR", Method: "POST", URL: base + "/attachments", Files: []webtest.File{{Field: "document", Name: "notes.txt", Body: []byte(scantest.EICAR)}},
				Status: http.StatusUnprocessableEntity, Contains: []string{web.MessageInfected}},
			{Name: "clean text", Method: "POST", URL: base + "/attachments", Files: []webtest.File{{Field: "document", Name: "notes.txt", Body: []byte("Met the resident on site.\n")}},
				Status: http.StatusSeeOther},
		})
		entries, err := e.Audit.Search(context.Background(), audit.Filter{Subject: c.Ref, Action: "upload.infected"})
		if err != nil || len(entries) != 1 || entries[0].Actor != officerA.UserID || !strings.Contains(string(entries[0].Detail), scantest.Signature) {
			t.Fatalf("infected upload audit = %+v, %v; want one entry by %s naming %s", entries, err, officerA.UserID, scantest.Signature)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		down := l.Addr().String()
		l.Close()
		e.Uploads.Scanner = &scan.Clamd{Network: "tcp", Address: down}
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "case page again", URL: base, Status: 200},
			{Name: "scanner down", Method: "POST", URL: base + "/attachments", Files: []webtest.File{{Field: "document", Name: "later.txt", Body: []byte("Called again.\n")}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"could not be checked for viruses"}},
		})
		evs, _ := e.Cases.Timeline(context.Background(), officerA, c.Ref)
		for _, ev := range evs {
			if ev.Kind == cases.EventAttachment && ev.Note != "notes.txt" {
				t.Errorf("attached %q; only the clean notes.txt should be", ev.Note)
			}
		}
	})
}

// TestAttachments: documents attached to the timeline are listed and stream
// from blob storage with the case's marking; a key that is not the case's
// own is 404, even when the blob exists (it belongs to another case).
func TestAttachments(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.Submit(access.Anonymous, "safeguarding", details("Concern"), cases.ChannelWeb)
		other := e.Submit(access.Anonymous, "pothole", details("Hole"), cases.ChannelWeb)
		body := []byte("%PDF-1.7 minutes of the strategy meeting")
		key, err := e.Blobs.PutBytes(ctx, body)
		if err != nil {
			t.Fatal(err)
		}
		f := service.FileRef{Key: key, Name: "strategy meeting.pdf", ContentType: "application/pdf", Size: int64(len(body))}
		if _, err := e.Cases.Attach(ctx, officerA, c.Ref, f); err != nil {
			t.Fatal(err)
		}
		otherKey, _ := e.Blobs.PutBytes(ctx, []byte("someone else's file"))
		if _, err := e.Cases.Attach(ctx, officerA, other.Ref, service.FileRef{Key: otherKey, Name: "other.txt", ContentType: "text/plain", Size: 19}); err != nil {
			t.Fatal(err)
		}
		base := "/workspace/cases/" + c.Ref
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "listed", URL: base, Status: 200, Contains: []string{"strategy meeting.pdf", "application/pdf", base + "/attachments/" + key, "Document added"}},
			{Name: "download", URL: base + "/attachments/" + key, Status: 200, Contains: []string{string(body)}, Header: map[string]string{
				"Content-Type": "application/pdf", "X-Classification": "OFFICIAL-SENSITIVE", "Content-Disposition": `attachment; filename="OFFICIAL-SENSITIVE strategy meeting.pdf"`,
				"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}},
			{Name: "another case's document through this case", URL: base + "/attachments/" + otherKey, Status: http.StatusNotFound, NotContains: []string{"someone else"}},
			{Name: "not a key", URL: base + "/attachments/..%2F..%2Fetc%2Fpasswd", Status: http.StatusNotFound},
		})
		webtest.Run(t, e.Client(officerB), []webtest.Scenario{
			{Name: "other team", URL: base + "/attachments/" + key, Status: http.StatusNotFound, NotContains: []string{"strategy", c.Ref}},
		})
	})
}
