package records_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

var docLink = regexp.MustCompile(`/records/documents/(\d+)`)

// fileDocument files a document through the page, returning its path.
func fileDocument(t *testing.T, c *webtest.Client, title, classification, text string) string {
	t.Helper()
	res, body := c.PostMultipart("/records/documents", url.Values{"title": {title}, "class": {"5.3.1"}, "team": {"highways"}, "classification": {classification}},
		webtest.File{Field: "file", Name: "letter.txt", Body: []byte(text)})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("filing %q: %d\n%s", title, res.StatusCode, body)
	}
	path := res.Header.Get("Location")
	if res, body = c.Get(path); res.StatusCode != http.StatusOK || !strings.Contains(body, title) {
		t.Fatalf("filed %q: %d", title, res.StatusCode)
	}
	return path
}

func TestDocumentPagesAndAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.client(officer)
		c.Get("/records/documents/new") // a page with a form, for the form token
		res, body := c.PostMultipart("/records/documents", url.Values{"class": {"5.3"}}, webtest.File{Field: "file", Name: "run.exe", Body: []byte("MZ\x90\x00binary")})
		if res.StatusCode != 422 || !strings.Contains(body, "Enter a title") || !strings.Contains(body, "Choose the file plan class") {
			t.Fatalf("bad filing: %d\n%s", res.StatusCode, body)
		}
		open := fileDocument(t, c, "Gritting routes 2026", "OFFICIAL", "Salt bins on Mill Lane and the gritting routes for winter")
		secret := fileDocument(t, c, "Depot break-in", "OFFICIAL-SENSITIVE", "Salt stolen from the depot; suspect named Fred Bloggs")
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "search marks the words", URL: "/records/documents?q=salt", Status: 200, Contains: []string{"Gritting routes 2026", "Depot break-in", "<mark>Salt</mark>",
				"2 documents you can open match ‘salt’.", "Classification</h2>", "OFFICIAL-SENSITIVE (1)</a>", "classification=OFFICIAL-SENSITIVE&amp;q=salt"}},
			{Name: "a facet narrows the search", URL: "/records/documents?q=salt&classification=OFFICIAL", Status: 200,
				Contains: []string{"Gritting routes 2026", "1 document you can open matches ‘salt’.", "Filtered by", "Classification: OFFICIAL<span"}, NotContains: []string{"Depot break-in"}},
			{Name: "a version needs a file", Method: "POST", URL: open + "/versions", Status: http.StatusUnprocessableEntity, Contains: []string{"Select a file"}},
		})
		res, _ = c.PostMultipart(open+"/versions", url.Values{"note": {"winter 2026"}}, webtest.File{Field: "file", Name: "v2.txt", Body: []byte("Revised gritting routes")})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("version 2: %d", res.StatusCode)
		}
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "declare", Method: "POST", URL: open + "/declare", Status: http.StatusSeeOther},
			{Name: "the record shows its history", URL: open, Status: 200, Contains: []string{"winter 2026", "v2.txt", "letter.txt", "its content and details are fixed"}, NotContains: []string{"Add a version"}},
		})
		res, body = c.PostMultipart(open+"/versions", url.Values{}, webtest.File{Field: "file", Name: "v3.txt", Body: []byte("sneaky change")})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "declared a record") {
			t.Errorf("changing a record: %d", res.StatusCode)
		}
		webtest.Run(t, e.client(parks), []webtest.Scenario{
			{Name: "another team lists only what it may open", URL: "/records/documents", Status: 200,
				Contains: []string{"Gritting routes 2026"}, NotContains: []string{"Depot break-in"}},
			{Name: "and finds nothing it may not", URL: "/records/documents?q=salt", Status: 200,
				Contains: []string{"No documents you can open match"}, NotContains: []string{"Depot break-in", "Fred Bloggs", "stolen", "OFFICIAL-SENSITIVE (", "match ‘salt’"}},
			{Name: "and cannot open the sensitive one", URL: secret, Status: http.StatusNotFound, NotContains: []string{"Depot break-in"}},
			{Name: "nor export it", URL: secret + "/bag", Status: http.StatusNotFound},
		})
		checkBag(t, c, open, []string{"data/v1/letter.txt", "data/v2/v2.txt", "data/metadata.json", "data/audit-trail.json"})
		apiRoundTrip(t, e)
	})
}

// checkBag downloads a bag and checks it as a record office would, with
// nothing of ours: the declaration, every payload file against the
// manifest, the tag files against the tag manifest, and the Payload-Oxum.
func checkBag(t *testing.T, c *webtest.Client, doc string, want []string) {
	t.Helper()
	res, body := c.Get(doc + "/bag")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("bag: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	root := ""
	for _, f := range zr.File {
		parts := strings.SplitN(f.Name, "/", 2)
		if root == "" {
			root = parts[0]
		}
		if parts[0] != root {
			t.Fatalf("two top-level folders: %s and %s", root, parts[0])
		}
		rc, _ := f.Open()
		files[parts[1]], _ = io.ReadAll(rc)
		rc.Close()
	}
	if string(files["bagit.txt"]) != "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" {
		t.Errorf("bagit.txt: %q", files["bagit.txt"])
	}
	payload := verifyManifest(t, files, "manifest-sha256.txt")
	for _, w := range want {
		if _, ok := payload[w]; !ok {
			t.Errorf("payload lacks %s", w)
		}
	}
	var octets int
	for name := range files {
		if strings.HasPrefix(name, "data/") {
			if _, ok := payload[name]; !ok {
				t.Errorf("%s is not in the manifest", name)
			}
			octets += len(files[name])
		}
	}
	if !strings.Contains(string(files["bag-info.txt"]), fmt.Sprintf("Payload-Oxum: %d.%d\n", octets, len(payload))) {
		t.Errorf("bag-info.txt %q, want Payload-Oxum %d.%d", files["bag-info.txt"], octets, len(payload))
	}
	tags := verifyManifest(t, files, "tagmanifest-sha256.txt")
	for _, tag := range []string{"bagit.txt", "bag-info.txt", "manifest-sha256.txt"} {
		if _, ok := tags[tag]; !ok {
			t.Errorf("tag manifest lacks %s", tag)
		}
	}
	var meta map[string]any
	if err := json.Unmarshal(files["data/metadata.json"], &meta); err != nil || meta["title"] != "Gritting routes 2026" || meta["file_plan_class"] != "5.3.1" {
		t.Errorf("metadata: %v %v", meta, err)
	}
}

// verifyManifest checks every "sha256  path" line of a manifest against
// the file it names, returning the paths.
func verifyManifest(t *testing.T, files map[string][]byte, name string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(files[name]))
	for sc.Scan() {
		hash, path, ok := strings.Cut(sc.Text(), "  ")
		data, exists := files[path]
		sum := sha256.Sum256(data)
		if !ok || !exists || hex.EncodeToString(sum[:]) != hash {
			t.Errorf("%s: line %q does not match the file", name, sc.Text())
		}
		seen[path] = true
	}
	if len(seen) == 0 {
		t.Errorf("%s is empty", name)
	}
	return seen
}

// apiRoundTrip files, finds and declares a document through the JSON API.
func apiRoundTrip(t *testing.T, e *env) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("metadata", `{"title":"Bridge survey","file_plan_class":"3.1.2","classification":"OFFICIAL","team":"highways"}`)
	fw, _ := mw.CreateFormFile("file", "survey.txt")
	fw.Write([]byte("Load test of the Mill Lane bridge"))
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+"/api/v1/records/documents", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID       int64 `json:"id"`
		Versions []struct {
			SHA256 string `json:"sha256"`
		} `json:"versions"`
	}
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || created.ID == 0 || len(created.Versions) != 1 {
		t.Fatalf("API create: %d %+v", res.StatusCode, created)
	}
	req, _ = http.NewRequest("GET", e.URL+"/api/v1/records/documents?q=bridge", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Bridge survey") || strings.Contains(string(b), "Depot break-in") ||
		!strings.Contains(string(b), `"matches":1}`) || !strings.Contains(string(b), `"many_matches":false`) ||
		!strings.Contains(string(b), `"classification":[{"count":1,"value":"OFFICIAL"}]`) {
		t.Errorf("API search: %d %s", res.StatusCode, b)
	}
	req, _ = http.NewRequest("GET", e.URL+"/api/v1/records/documents", nil)
	if res, _ = http.DefaultClient.Do(req); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d", res.StatusCode)
	}
}
