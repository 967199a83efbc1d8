package api_test

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgramsAndScriptsRefused (a penetration test finding): the API refuses .bat, .js, .hta
// and the like by name and programs, scripts and polyglots by content
// (415), stores what it takes under a generated name with the detected
// type's extension, and serves it as an attachment with both filename
// forms, the detected type and nosniff.
func TestProgramsAndScriptsRefused(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		rw := f.token("writer", true, nil, highwaysOfficer)
		res := f.do("POST", "/api/v1/cases", rw, jsonCT, pothole("Mill Road"))
		var c struct {
			Reference string `json:"reference"`
		}
		res.json(t, &c)
		base := "/api/v1/cases/" + c.Reference + "/attachments"
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
		res = f.do("POST", base+"?name=Pothole.on.Mill.Road.photo", rw, "image/png", string(jpeg))
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
