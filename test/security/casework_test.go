package security

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/scan/scantest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// TestClamdRefusesEICAR runs the real binary with --clamd pointing at a real
// clamd (started with its own EICAR signature): EICAR is refused on the
// front door and on the API, a clean file is kept.
func TestClamdRefusesEICAR(t *testing.T) {
	addr := scantest.Clamd(t)
	srv, token := apiServe(t, server.StoreFlags(t.TempDir(), ""), "officer@highways", "--clamd", addr)
	ref := submitPothole(t, srv.URL, token)
	base := srv.URL + "/api/v1/cases/" + ref + "/attachments"
	status, body, _ := apiDo(t, http.MethodPost, base+"?name=notes.txt", token, "text/plain", strings.NewReader(scantest.EICAR))
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "The selected file contains a virus") {
		t.Errorf("API upload of EICAR: %d %.300s, want 422 naming a virus", status, body)
	}
	status, body, _ = apiDo(t, http.MethodPost, base+"?name=notes.txt", token, "text/plain", strings.NewReader("Met the resident on site.\n"))
	if status != http.StatusCreated {
		t.Errorf("API upload of a clean text: %d %.300s, want 201", status, body)
	}
	// The pothole photo takes images only and the test signature matches the
	// whole 68-byte EICAR file, so EICAR is refused on the API and the
	// workspace (internal/web/workspace TestAttachScanned); here the front
	// door's clean JPEG passes through the scanner.
	res, page := uploadPhoto(t, srv.URL, "hole.jpg", jpegOf(5000))
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("front door upload of a clean JPEG: %d %s", res.StatusCode, errorSummaryOf(page))
	}
}

// TestClamdDownRefuses: a scanner configured but not listening refuses
// uploads with a clear message instead of letting them through.
func TestClamdDownRefuses(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	l.Close()
	srv, token := apiServe(t, server.StoreFlags(t.TempDir(), ""), "officer@highways", "--clamd", "tcp://"+down)
	ref := submitPothole(t, srv.URL, token)
	status, body, _ := apiDo(t, http.MethodPost, srv.URL+"/api/v1/cases/"+ref+"/attachments?name=notes.txt", token, "text/plain", strings.NewReader("hello\n"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "could not be checked for viruses") {
		t.Errorf("API upload with the scanner down: %d %.300s, want 422", status, body)
	}
	res, page := uploadPhoto(t, srv.URL, "hole.jpg", jpegOf(5000))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "could not be checked for viruses") {
		t.Errorf("front door upload with the scanner down: %d %s", res.StatusCode, errorSummaryOf(page))
	}
}

// apiServe starts serve on store (server.StoreFlags) with an API rate no
// test reaches and an API token with grants, issued before it starts
// (which also creates the database).
func apiServe(t *testing.T, store []string, grants string, args ...string) (*server.Server, string) {
	t.Helper()
	srv := server.New(t, store, append([]string{"--api-rate", "1000"}, args...)...)
	token := srv.Token(t, t.Name(), grants)
	srv.Start(t)
	return srv, token
}

// submitPothole reports a pothole on Mill Road through the API and returns
// its reference.
func submitPothole(t *testing.T, base, token string) string {
	t.Helper()
	return submitJSON(t, base, token, fmt.Sprintf(pothole, "Mill Road", "Jane"))
}

// submitJSON submits a case through the API and returns its reference.
func submitJSON(t *testing.T, base, token, body string) string {
	t.Helper()
	status, got, _ := apiDo(t, http.MethodPost, base+"/api/v1/cases", token, "application/json", strings.NewReader(body))
	var c struct{ Reference string }
	if err := json.Unmarshal([]byte(got), &c); status != http.StatusCreated || err != nil || c.Reference == "" {
		t.Fatalf("submit: %d %s", status, got)
	}
	return c.Reference
}

// jpegOf is a JPEG of about n bytes, as the file type checks see it.
func jpegOf(n int) []byte {
	return append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}, bytes.Repeat([]byte{7}, n)...)
}

// uploadPhoto sends a file to the pothole's photo question on the front
// door, as a resident's browser does, and returns the response and page.
func uploadPhoto(t *testing.T, base, name string, body []byte) (*http.Response, string) {
	t.Helper()
	cl := webtest.NewClient(t, base)
	const photo = "/services/report-a-pothole/questions/photo"
	cl.Get(photo)
	return cl.PostMultipart(photo, url.Values{}, webtest.File{Field: "photo", Name: name, Body: body})
}
