package service

import (
	"bytes"
	"testing"
)

var jpegHead = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}

// TestDangerousFiles (a penetration test finding): programs and scripts are refused by any
// extension in their name and by their content, polyglots included; the
// stored name's only extension comes from the detected type.
func TestDangerousFiles(t *testing.T) {
	for name, want := range map[string]bool{
		"pothole.jpg": false, "report.final.pdf": false, "notes.txt": false, "Llun ŵyr.heic": false,
		"pothole.jpg.hta": true, "run.bat": true, "app.js": true, "x.EXE": true, "x.hta.": true, "x.hta . ": true,
		`C:\Users\x\evil.scr`: true, "invoice.pdf.lnk": true, "photo.svg": true, "page.html": true, "a.ps1": true,
	} {
		if got := DangerousName(name); got != want {
			t.Errorf("DangerousName(%q) = %v, want %v", name, got, want)
		}
	}
	big := bytes.Repeat([]byte{0x42}, 200_000)
	polyglot := append(append(append([]byte{}, jpegHead...), big...), []byte(`<HTA:APPLICATION ID="x"><SCRIPT>new ActiveXObject("WScript.Shell").Run("calc")</SCRIPT>`)...)
	for name, tc := range map[string]struct {
		data []byte
		want bool
	}{
		"a JPEG":                        {append(append([]byte{}, jpegHead...), big...), false},
		"plain text":                    {[]byte("The pothole is 30cm wide.\nPlease fix it."), false},
		"a Windows program":             {append([]byte("MZ\x90\x00"), big...), true},
		"a Linux program":               {append([]byte("\x7fELF\x02\x01"), big...), true},
		"a shell script":                {[]byte("#!/bin/sh\nrm -rf /\n"), true},
		"a batch file":                  {[]byte("@ECHO OFF\r\ndel *.*\r\n"), true},
		"HTML":                          {[]byte("  <!DOCTYPE html><p>hi"), true},
		"a JPEG that is also an HTA":    {polyglot, true},
		"a PDF with JavaScript":         {[]byte("%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"), true},
		"a PDF that launches a program": {[]byte("%PDF-1.4\n1 0 obj << /Type /Action /S /Launch /F (cmd.exe) >>"), true},
	} {
		if got := DangerousContent(tc.data); got != tc.want {
			t.Errorf("DangerousContent(%s) = %v, want %v", name, got, tc.want)
		}
		// The same bytes written in small pieces: a marker split between writes is found.
		var s ContentScan
		for rest := tc.data; len(rest) > 0; {
			n := min(len(rest), 7)
			s.Write(rest[:n])
			rest = rest[n:]
		}
		if got := s.Dangerous(); got != tc.want {
			t.Errorf("ContentScan in 7-byte pieces (%s) = %v, want %v", name, got, tc.want)
		}
	}
	for _, tc := range []struct{ name, ct, want string }{
		{"pothole.jpg.hta", MIMEJPEG, "pothole-jpg.jpg"},
		{"report.final.pdf", MIMEPDF, "report-final.pdf"},
		{"Pothole on Mill Road.JPEG", MIMEJPEG, "Pothole on Mill Road.jpg"},
		{"scan.pdf", MIMEPDF, "scan.pdf"},
		{"notes.bat", "text/plain; charset=utf-8", "notes.txt"},
		{"\u202Egpj.exe", MIMEJPEG, "gpj.jpg"},
		{"../../etc/passwd", MIMEText, "passwd.txt"},
		{"", MIMEPNG, "file.png"},
		{"....", MIMEPNG, "file.png"},
		{".hidden", MIMEPNG, "hidden.png"},
		{"x.docx", "application/x-msdownload", "x.bin"},
	} {
		if got := StoredFileName(tc.name, tc.ct); got != tc.want {
			t.Errorf("StoredFileName(%q, %q) = %q, want %q", tc.name, tc.ct, got, tc.want)
		}
	}
}

// BenchmarkContentScan: the cost of scanning an upload for programs and
// active content, per byte (run: go test ./internal/service -bench ContentScan).
func BenchmarkContentScan(b *testing.B) {
	data := bytes.Repeat([]byte("\xff\xd8\xff\xe0 some compressed-looking bytes 0123456789 "), 1<<14) // ~800 KB
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var s ContentScan
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 32<<10)
			s.Write(rest[:n])
			rest = rest[n:]
		}
		if s.Dangerous() {
			b.Fatal("dangerous")
		}
	}
}
