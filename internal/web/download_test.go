package web_test

import (
	"net/http"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// TestDownloadHeaders: every stored document downloads as an attachment
// named with the detected type's one extension (a name stored before names
// were generated too), in ASCII and RFC 8187 forms, with its detected type
// and nosniff; a type not accepted is application/octet-stream.
func TestDownloadHeaders(t *testing.T) {
	for _, tc := range []struct {
		ref              service.FileRef
		prefix, ct, disp string
	}{
		{service.FileRef{Name: "pothole.jpg.hta", ContentType: "image/jpeg", Size: 10}, "", "image/jpeg",
			`attachment; filename="pothole-jpg.jpg"; filename*=UTF-8''pothole-jpg.jpg`},
		{service.FileRef{Name: "Llun ŵyr.png", ContentType: "image/png"}, "OFFICIAL-SENSITIVE ", "image/png",
			`attachment; filename="OFFICIAL-SENSITIVE Llun _yr.png"; filename*=UTF-8''OFFICIAL-SENSITIVE%20Llun%20%C5%B5yr.png`},
		{service.FileRef{Name: "notes.bat", ContentType: "text/plain; charset=utf-8"}, "", "text/plain; charset=utf-8",
			`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`},
		{service.FileRef{Name: "x.html", ContentType: "text/html"}, "", "application/octet-stream",
			`attachment; filename="x.bin"; filename*=UTF-8''x.bin`},
	} {
		h := http.Header{}
		web.SetDownloadHeaders(h, tc.prefix, tc.ref)
		if h.Get("Content-Type") != tc.ct || h.Get("Content-Disposition") != tc.disp || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%q: %v\nwant %s and %s", tc.ref.Name, h, tc.ct, tc.disp)
		}
	}
}
