package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

var (
	png = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 40)...)
	pdf = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
)

func TestAttachments(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		rw := f.token("writer", true, nil, highwaysOfficer)
		ro := f.token("reader", false, nil, highwaysOfficer)
		ref := f.submit(rw, "Mill Road")
		base := "/api/v1/cases/" + ref + "/attachments"

		// Raw body: the name cannot address a path, the type comes from the content.
		res := f.do("POST", base+"?name=..%2F..%2Fetc%2Fpasswd.png", rw, "application/pdf", string(png))
		var a struct {
			Key, Name, URL string
			ContentType    string `json:"content_type"`
		}
		if res.json(t, &a); res.Status != 201 || a.Name != "passwd.png" || a.ContentType != "image/png" || len(a.Key) != 64 {
			t.Fatalf("raw upload: %d %s", res.Status, res.Body)
		}
		// Multipart.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("file", `C:\Users\jane\report.pdf`)
		w.Write(pdf)
		mw.Close()
		if res := f.do("POST", base, rw, mw.FormDataContentType(), buf.String()); res.Status != 201 || !strings.Contains(string(res.Body), `"name":"report.pdf"`) {
			t.Fatalf("multipart upload: %d %s", res.Status, res.Body)
		}
		res = f.do("GET", a.URL, ro, "", "")
		if res.Status != 200 || !bytes.Equal(res.Body, png) || res.Header.Get("Content-Type") != "image/png" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("download: %d %v", res.Status, res.Header)
		}
		if res := f.do("GET", base, ro, "", ""); strings.Count(string(res.Body), `"key"`) != 2 {
			t.Errorf("list: %s", res.Body)
		}
		if res := f.do("GET", "/api/v1/cases/"+ref+"/events", ro, "", ""); !strings.Contains(string(res.Body), `"kind":"attachment"`) {
			t.Errorf("no attachment event on the timeline: %s", res.Body)
		}

		tests := []struct {
			name, path, token, ct, body string
			method                      string
			status                      int
		}{
			{"html is refused by content", base + "?name=x.pdf", rw, "application/pdf", "<html><script>alert(1)</script></html>", "POST", 415},
			{"executable refused", base + "?name=x.png", rw, "image/png", "\x7fELF\x02\x01\x01\x00" + strings.Repeat("\x00", 64), "POST", 415},
			{"empty", base, rw, "image/png", "", "POST", 422},
			{"too large", base, rw, "application/pdf", "%PDF-1.7\n" + strings.Repeat("a", 21<<20), "POST", 413},
			{"read-only token", base, ro, "image/png", string(png), "POST", 403},
			{"key of no file on the case", base + "/" + strings.Repeat("ab", 32), ro, "", "", "GET", 404},
			{"not a key", base + "/..%2F..%2Fetc%2Fpasswd", ro, "", "", "GET", 404},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if res := f.do(tt.method, tt.path, tt.token, tt.ct, tt.body); res.Status != tt.status {
					t.Fatalf("%d %s, want %d", res.Status, res.Body, tt.status)
				}
			})
		}
	})
}

// TestAttachmentsOfHiddenCases: another team's OFFICIAL-SENSITIVE case's
// files cannot be listed, fetched or added to, and the answer is 404.
func TestAttachmentsOfHiddenCases(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	secret, err := f.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "safeguarding-concern",
		Answers: service.Answers{"concern": {Text: "worried"}, "full_name": {Text: "Sam"}}})
	if err != nil {
		t.Fatal(err)
	}
	social := f.token("social", true, nil, access.Grant{Role: "social_worker", Team: "social-care"})
	highways := f.token("highways", true, nil, highwaysOfficer)
	base := "/api/v1/cases/" + secret.Ref + "/attachments"
	res := f.do("POST", base+"?name=note.pdf", social, "application/pdf", string(pdf))
	if res.Status != 201 {
		t.Fatalf("owning team upload: %d %s", res.Status, res.Body)
	}
	var a struct{ URL string }
	res.json(t, &a)
	for _, tt := range []struct{ method, path, ct, body string }{
		{"GET", base, "", ""}, {"GET", a.URL, "", ""}, {"POST", base + "?name=x.pdf", "application/pdf", string(pdf)},
	} {
		if res := f.do(tt.method, tt.path, highways, tt.ct, tt.body); res.Status != 404 || strings.Contains(string(res.Body), "note.pdf") {
			t.Errorf("%s %s by another team: %d %s, want 404", tt.method, tt.path, res.Status, res.Body)
		}
	}
}

// TestProgramsAndScriptsRefused (a penetration test finding): the API refuses .bat, .js, .hta
// and the like by name and programs, scripts and polyglots by content
// (415), stores what it takes under a generated name with the detected
// type's extension, and serves it as an attachment with both filename
// forms, the detected type and nosniff.
func TestProgramsAndScriptsRefused(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		rw := f.token("writer", true, nil, highwaysOfficer)
		base := "/api/v1/cases/" + f.submit(rw, "Mill Road") + "/attachments"
		jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}, bytes.Repeat([]byte{7}, 3000)...)
		polyglot := append(append([]byte{}, jpeg...), []byte(`<hta:application><script>new ActiveXObject("WScript.Shell").Run("calc")</script>`)...)
		for _, tc := range []struct{ name, body string }{
			{"run.bat", "@echo off\r\ndel /q C:\\*\r\n"},
			{"app.js", "alert(document.cookie)"},
			{"notes.txt", "@ECHO OFF\r\nformat c:\r\n"},
			{"pothole.jpg.hta", string(polyglot)},
			{"pothole.jpg", string(polyglot)},
			{"\u202Egpj.txt", "plain words"},
		} {
			if res := f.do("POST", base+"?name="+tc.name, rw, "application/octet-stream", tc.body); res.Status != 415 {
				t.Errorf("%q: %d %s, want 415", tc.name, res.Status, res.Body)
			}
		}
		res := f.do("POST", base+"?name=Pothole.on.Mill.Road.photo", rw, "image/png", string(jpeg))
		var a struct {
			Name, URL   string
			ContentType string `json:"content_type"`
		}
		if res.json(t, &a); res.Status != 201 || a.Name != "Pothole-on-Mill-Road.jpg" || a.ContentType != "image/jpeg" {
			t.Fatalf("a JPEG: %d %s, want 201 named Pothole-on-Mill-Road.jpg", res.Status, res.Body)
		}
		res = f.do("GET", a.URL, rw, "", "")
		h := res.Header
		if res.Status != 200 || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Disposition") != `attachment; filename="Pothole-on-Mill-Road.jpg"; filename*=UTF-8''Pothole-on-Mill-Road.jpg` {
			t.Errorf("download: %d %v", res.Status, h)
		}
		if res := f.do("GET", base, rw, "", ""); strings.Contains(string(res.Body), ".bat") || strings.Contains(string(res.Body), ".hta") {
			t.Errorf("a refused file is listed: %s", res.Body)
		}
	})
}
