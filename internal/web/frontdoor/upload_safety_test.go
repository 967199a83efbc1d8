package frontdoor_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestUploadsRefuseProgramsAndScripts (a penetration test finding): a JPEG that is also an HTA
// is refused whether it is called pothole.jpg.hta or pothole.jpg, and so is
// a name with a bidirectional override; nothing refused is stored; a file
// taken is kept under a generated name with its detected type's extension.
func TestUploadsRefuseProgramsAndScripts(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	const photo = "/services/report-a-pothole/questions/photo"
	c.Get(photo)
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}, bytes.Repeat([]byte{7}, 100_000)...)
	polyglot := append(append([]byte{}, jpeg...), []byte(`<HTA:APPLICATION><SCRIPT>new ActiveXObject("WScript.Shell").Run("calc")</SCRIPT>`)...)
	for _, tc := range []struct {
		name string
		body []byte
		says string
	}{
		{"pothole.jpg.hta", polyglot, "The selected file must not be a program or a script"},
		{"pothole.jpg", polyglot, "The selected file must not be a program or a script"},
		{"pothole.jpg.exe", jpeg, "The selected file must not be a program or a script"},
		{"\u202Egpj.jpg", jpeg, "change the direction of text"},
	} {
		res, body := c.PostMultipart(photo, url.Values{}, webtest.File{Field: "photo", Name: tc.name, Body: tc.body})
		if res.StatusCode != 422 || !strings.Contains(body, tc.says) {
			t.Errorf("%q: %d %s, want 422 saying %q", tc.name, res.StatusCode, errorSummary(body), tc.says)
		}
	}
	if n := e.StoredFiles(); n != 0 {
		t.Errorf("%d refused files stored", n)
	}
	res, body := c.PostMultipart(photo, url.Values{}, webtest.File{Field: "photo", Name: "Pothole.on.Mill.Rd.jpeg", Body: jpeg})
	if res.StatusCode != 303 {
		t.Fatalf("a JPEG: %d %s", res.StatusCode, errorSummary(body))
	}
	if _, body = c.Get(photo); !strings.Contains(body, "You have uploaded Pothole-on-Mill-Rd.jpg") {
		t.Error("the JPEG is not kept as Pothole-on-Mill-Rd.jpg")
	}
}
