package frontdoor_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/photo/phototest"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// photoPlatforms runs fn on SQLite and PostgreSQL with the street services
// (one showing its photos, one not) and no rate limits.
func photoPlatforms(t *testing.T, fn func(t *testing.T, p *platformtest.Platform)) {
	platformtest.Each(t, fn, platformtest.Fixtures("street-photos", "street-report"),
		platformtest.Configure(func(c *platform.Config) { c.Limits.Form, c.Limits.Track = unlimited(), unlimited() }))
}

// where is the place of the street-photos reports: in the reporter's
// words, with their neighbour's name.
const photoPlace = "By the post box, ask Mr Jones"

// photoReport is Ada's report with a phone's photo of the problem (taken
// upright, its Exif saying so and where) and a second photo in a question
// the service does not publish.
func photoReport(t *testing.T, p *platformtest.Platform) cases.Case {
	t.Helper()
	file := func(b []byte, name string) *service.FileRef {
		key, err := p.Blobs.PutBytes(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		return &service.FileRef{Key: key, Name: name, ContentType: "image/jpeg", Size: int64(len(b))}
	}
	lat, lng := 52.520123, -1.823012
	return p.Submit(access.Anonymous, "street-photos", service.Answers{
		"location":  {Location: &service.Location{Lat: &lat, Lng: &lng, Description: photoPlace}},
		"details":   {Text: "Broken paving slab"},
		"photo":     {File: file(phototest.JPEG(200, 6, binary.BigEndian, "GPS 51.260123 -2.187456"), "slab.jpg")},
		"evidence":  {File: file(phototest.JPEG(90, 1, binary.BigEndian, "GPS 51.260123 -2.187456"), "more.jpg")},
		"full_name": {Text: "Ada Resident"}, "email": {Text: "ada@example.org"}}, cases.ChannelWeb)
}

// updatePath is where a resident adds an update to request ref.
func updatePath(ref string) string { return "/your-account/requests/" + ref + "/update" }

// postPhoto adds an update with a photo as the resident's browser does.
func postPhoto(c *webtest.Client, ref, text string, b []byte) (*http.Response, string) {
	return c.PostMultipart(updatePath(ref), url.Values{"update": {text}}, webtest.File{Field: "photo", Name: "IMG_0001.jpg", Body: b})
}

// TestResidentAddsAPhoto: Ada adds a photo her phone took upright to her
// report. It is scanned, cleaned (turned upright, no Exif) and on the
// officer's timeline; on the report's public page beside the photo she
// sent with the report, each served with its type, nosniff and a short
// cache life. Her photo on a report whose service does not show photos,
// the photo of a question the service does not publish, another report's
// photo and guessed keys are all 404. An officer hides her photo (audited)
// and it is gone from the public until shown again.
func TestResidentAddsAPhoto(t *testing.T) {
	photoPlatforms(t, func(t *testing.T, p *platformtest.Platform) {
		c, other := photoReport(t, p), streetReport(p)
		ada := signedInResident(t, p, "ada@example.org")
		hint := func(h string) string {
			return `<div id="photo-hint" class="govuk-hint">` + h + `</div>`
		}
		webtest.Run(t, ada, []webtest.Scenario{
			{Name: "the form of a report whose photos are public", URL: updatePath(c.Ref), Status: 200, Contains: []string{
				`enctype="multipart/form-data"`, `<label class="govuk-label" for="photo">Add a photo (optional)</label>`,
				hint("A JPG or PNG photo, smaller than 10MB. Anyone can see it on the report’s public page, without where or when it was taken, unless we remove it."),
				`<input class="govuk-file-upload" id="photo" name="photo" type="file" accept="image/jpeg,image/png" aria-describedby="photo-hint">`}},
			{Name: "the form of a report whose photos are not", URL: updatePath(other.Ref), Status: 200, Contains: []string{
				hint("A JPG or PNG photo, smaller than 10MB. Only the council will see it.")}},
			{Name: "not a photo", Method: "POST", URL: updatePath(c.Ref), Form: url.Values{"update": {"See this"}},
				Files: []webtest.File{{Field: "photo", Name: "x.gif", Body: []byte("GIF89a\x01\x00\x01\x00")}}, Status: http.StatusUnprocessableEntity,
				Contains: []string{`<a href="#photo">The selected file must be a JPG or PNG photo</a>`,
					`<p id="photo-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> The selected file must be a JPG or PNG photo</p>`}},
		})
		if res, _ := postPhoto(ada, c.Ref, "", phototest.JPEG(100, 6, binary.LittleEndian, "GPS 51.26 -2.18")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a photo alone: %d", res.StatusCode)
		}
		if res, _ := postPhoto(ada, other.Ref, "It is worse", phototest.JPEG(120, 1, binary.BigEndian, "GPS")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a photo on the other report: %d", res.StatusCode)
		}
		mine, theirs := lastPhoto(t, p, c.Ref), lastPhoto(t, p, other.Ref)
		report, err := p.Cases.Report(context.Background(), c.Ref)
		if err != nil || len(report.Photos) != 2 {
			t.Fatalf("public photos: %+v, %v", report.Photos, err)
		}
		sent, added := report.Photos[0], report.Photos[1]
		if !sent.WithReport || added.Key != mine.Key {
			t.Fatalf("public photos: %+v, the update's %s", report.Photos, mine.Key)
		}
		anyone := p.Client(access.Anonymous)
		_, page := anyone.Get(cases.ReportPath(c.Ref))
		wantPhotos := `<h2 class="govuk-heading-m" id="photos">Photos</h2>
    <ul class="govuk-list">
      <li><img class="guildhall-photo" src="` + sent.Path() + `" alt="Photo sent with report ` + c.Ref + ` on 2 March 2026 at 10:00am"></li>
      <li><img class="guildhall-photo" src="` + added.Path() + `" alt="Photo added to report ` + c.Ref + ` on 2 March 2026 at 10:00am"></li>
    </ul>`
		if !strings.Contains(page, wantPhotos) {
			t.Errorf("the report page's photos:\n%s\nwant\n%s", page, wantPhotos)
		}
		for _, u := range []string{sent.Path(), added.Path()} {
			seeUpright(t, p, anyone, u)
		}
		notFound := map[string]string{
			"a question the service does not publish": cases.ReportPhotoPath(c.Ref, c.Answers["evidence"].File.Key),
			"a service that does not show photos":     cases.ReportPhotoPath(other.Ref, theirs.Key),
			"another report's photo":                  cases.ReportPhotoPath(c.Ref, theirs.Key),
			"this report's photo under another":       cases.ReportPhotoPath(other.Ref, mine.Key),
			"a guessed key":                           cases.ReportPhotoPath(c.Ref, strings.Repeat("0", 64)),
			"a key not hex":                           cases.ReportPhotoPath(c.Ref, "..%2F..%2Fetc%2Fpasswd"),
			"a report that does not exist":            cases.ReportPhotoPath("XX-999999", mine.Key),
		}
		gone := func(when string) {
			t.Helper()
			for name, u := range notFound {
				if res, body := anyone.Get(u); res.StatusCode != http.StatusNotFound || strings.Contains(body, "\xff\xd8") {
					t.Errorf("%s, %s: %d", when, name, res.StatusCode)
				}
			}
		}
		gone("shown")

		officer := p.Client(streetsOfficer)
		hide := "/workspace/cases/" + c.Ref + "/photos/" + mine.Key + "/hide"
		if _, casePage := officer.Get("/workspace/cases/" + c.Ref); !strings.Contains(casePage, `action="`+hide+`"`) {
			t.Fatalf("the case page offers no hide button:\n%s", casePage)
		}
		if res, _ := officer.PostForm(hide, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("hiding: %d", res.StatusCode)
		}
		notFound["a photo an officer hid"] = added.Path()
		gone("hidden")
		if _, page := anyone.Get(cases.ReportPath(c.Ref)); strings.Contains(page, mine.Key) || !strings.Contains(page, sent.Path()) {
			t.Error("the report page still shows the hidden photo, or lost the other")
		}
		entries, err := p.Store.AuditEntries(context.Background(), audit.Filter{Action: cases.AuditPhotoHidden, Subject: c.Ref, Limit: 5})
		if err != nil || len(entries) != 1 || entries[0].Actor != streetsOfficer.UserID || !strings.Contains(string(entries[0].Detail), mine.Key) {
			t.Errorf("audit of the hiding: %+v, %v", entries, err)
		}
		if res, _ := officer.PostForm("/workspace/cases/"+c.Ref+"/photos/"+mine.Key+"/show", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("showing: %d", res.StatusCode)
		}
		delete(notFound, "a photo an officer hid")
		gone("shown again")
		seeUpright(t, p, anyone, added.Path())
	})
}

// lastPhoto is the photo of the last update of case ref.
func lastPhoto(t *testing.T, p *platformtest.Platform, ref string) service.FileRef {
	t.Helper()
	evs, err := p.Cases.Timeline(context.Background(), access.System, ref)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	photos := cases.EventPhotos(last)
	if last.Kind != cases.EventResidentUpdate || len(photos) != 1 || photos[0].ContentType != "image/jpeg" {
		t.Fatalf("%s: last event %+v", ref, last)
	}
	return *photos[0]
}

// seeUpright: the photo at u is served as a JPEG the browser may not sniff
// as anything else, kept a short while, the picture turned as the phone
// was held (red top right) and nothing of where it was taken.
func seeUpright(t *testing.T, p *platformtest.Platform, c *webtest.Client, u string) {
	t.Helper()
	res, body := c.Get(u)
	h := res.Header
	if res.StatusCode != 200 || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Cache-Control") != "public, max-age=600" || h.Get("ETag") == "" {
		t.Fatalf("%s: %d %v", u, res.StatusCode, h)
	}
	img, err := jpeg.Decode(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, phototest.Height, phototest.Width) || !phototest.Near(img.At(25, 5), phototest.Red) || !phototest.Near(img.At(5, 5), phototest.Blue) {
		t.Errorf("%s: %v, top right %v, top left %v: not upright", u, img.Bounds(), img.At(25, 5), img.At(5, 5))
	}
	for _, s := range []string{"Exif", "GPS", "Acm"} {
		if bytes.Contains([]byte(body), []byte(s)) {
			t.Errorf("%s still holds %q", u, s)
		}
	}
	again, _ := c.Do(func() *http.Request {
		r, _ := http.NewRequest(http.MethodGet, p.URL+u, nil)
		r.Header.Set("If-None-Match", h.Get("ETag"))
		return r
	}())
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("%s asked again with its ETag: %d", u, again.StatusCode)
	}
}

// TestPhotosAtOnce: Ada sends twenty updates, each with a different photo,
// all at the same moment: every one is added (none refused as the request
// changing under it), each photo once, and all are public.
func TestPhotosAtOnce(t *testing.T) {
	photoPlatforms(t, func(t *testing.T, p *platformtest.Platform) {
		c := photoReport(t, p)
		ada := signedInResident(t, p, "ada@example.org")
		const n = 20
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, _ := postPhoto(ada, c.Ref, fmt.Sprintf("Photo %d", i), phototest.JPEG(uint8(10*i), 1, binary.BigEndian, "GPS"))
				statuses[i] = res.StatusCode
			}()
		}
		wg.Wait()
		for i, s := range statuses {
			if s != http.StatusSeeOther {
				t.Errorf("update %d: %d", i, s)
			}
		}
		evs, err := p.Cases.Timeline(context.Background(), access.System, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		keys, texts := map[string]int{}, map[string]int{}
		for _, e := range evs {
			for _, f := range cases.EventPhotos(e) {
				keys[f.Key]++
				texts[e.Note]++
			}
		}
		if len(keys) != n || len(texts) != n {
			t.Errorf("%d photos in %d updates, want %d each", len(keys), len(texts), n)
		}
		for k, times := range keys {
			if times != 1 {
				t.Errorf("photo %s added %d times", k, times)
			}
		}
		report, err := p.Cases.Report(context.Background(), c.Ref)
		if err != nil || len(report.Photos) != n+1 {
			t.Errorf("%d public photos, want %d (%v)", len(report.Photos), n+1, err)
		}
	})
}

// TestReportPhotosInLists: a report's public photo is its thumbnail on the
// "already reported?" list a resident placing a new report nearby sees, and
// on "Reports near you"; a report without one, or whose photo is hidden,
// has none.
func TestReportPhotosInLists(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		c := photoReport(t, p)
		sent := c.Answers["photo"].File.Key
		thumb := `<img class="guildhall-photo guildhall-photo--thumbnail" src="` + cases.ReportPhotoPath(c.Ref, sent) + `" alt="Photo of report ` + c.Ref + `">`
		const where, near = "/services/street-photos/questions/where", "/reports?lat=52.5202&lng=-1.8230&near=the+post+box"
		lists := func(hidden bool) []webtest.Scenario {
			has, hasNot := []string{thumb}, []string(nil)
			if hidden {
				has, hasNot = nil, []string{"guildhall-photo"}
			}
			return []webtest.Scenario{
				{Name: "the place's page", URL: where, Status: 200},
				{Name: "placing a report beside it", Method: "POST", URL: where, Form: url.Values{"location-lat": {"52.52038"}, "location-lng": {"-1.8230"}},
					Status: 303, Location: "/services/street-photos/already-reported?from=where"},
				{Name: "already reported?", URL: "/services/street-photos/already-reported?from=where", Status: 200, Contains: has, NotContains: hasNot},
				{Name: "reports near you", URL: near, Status: 200, Contains: append([]string{"Report a street problem with a photo: report " + c.Ref}, has...), NotContains: hasNot},
			}
		}
		webtest.Run(t, p.Client(zeroPrincipal), lists(false))
		if err := p.Cases.SetPhotoHidden(context.Background(), streetsOfficer, c.Ref, sent, true); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, p.Client(zeroPrincipal), lists(true))
	}, platformtest.Fixtures("street-photos"), withMap(t, nil), platformtest.Configure(func(c *platform.Config) {
		c.Limits.Form, c.Limits.Track = unlimited(), unlimited()
	}))
}

// TestBrowserReportPhotos: Ada adds a photo to her report in Chromium, with
// JavaScript and without it at 320px, first a file that is not a photo
// (refused, in Welsh); the update form, the report's page with its photos
// and "Reports near you" with its thumbnail pass axe-core and do not scroll
// sideways, in English and in Welsh.
func TestBrowserReportPhotos(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.Fixtures("street-photos"))
	c := photoReport(t, e)
	dir := t.TempDir()
	photoFile, gifFile := dir+"/IMG_0001.jpg", dir+"/not-a-photo.gif"
	if os.WriteFile(photoFile, phototest.JPEG(60, 6, binary.BigEndian, "GPS"), 0o600) != nil || os.WriteFile(gifFile, []byte("GIF89a\x01\x00\x01\x00"), 0o600) != nil {
		t.Fatal("writing the files to send")
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		e.Clock.Add(time.Minute) // a new sign-in link, not the last mode's again
		p := m.NewPage(t)
		_, before := signInEmails(t, e)
		p.Navigate(e.URL + "/your-account/sign-in")
		p.Type("#email", "ada@example.org")
		p.Click("form .govuk-button")
		if !p.Has(".govuk-panel, h1") {
			t.Fatal("no page after asking for a link")
		}
		_, links := signInEmails(t, e)
		if len(links) != len(before)+1 {
			t.Fatalf("%d sign-in links, want %d", len(links), len(before)+1)
		}
		p.Navigate(e.URL + links[len(links)-1])
		p.Click("form .govuk-button")
		p.Click(`a[href="` + updatePath(c.Ref) + `"]`)
		p.CheckPage()
		p.Click(`a[hreflang="cy"]`)
		if got := p.Text(`label[for="photo"]`); got != "Ychwanegu llun (dewisol)" {
			t.Errorf("the photo's label in Welsh: %q", got)
		}
		p.Upload("#photo", gifFile)
		p.Click("form .govuk-button")
		if got := strings.Join(strings.Fields(p.Text("#photo-error")), " "); got != "Gwall: Rhaid i’r ffeil a ddewiswyd fod yn llun JPG neu PNG" {
			t.Errorf("the refusal in Welsh: %q", got)
		}
		p.CheckPage()
		p.Upload("#photo", photoFile)
		p.Click("form .govuk-button")
		if !p.Has("#added") {
			t.Fatalf("not sent: %s", p.Location())
		}
		for _, page := range []string{cases.ReportPath(c.Ref), "/reports?lat=52.5202&lng=-1.8230&near=Mill+Lane"} {
			p.Navigate(e.URL + page)
			if !strings.Contains(p.HTML(), `<html lang="cy"`) || !p.Has("img.guildhall-photo") {
				t.Errorf("%s: not Welsh, or no photo", page)
			}
			p.CheckPage()
			p.Click(`a[hreflang="en"]`)
			p.CheckPage()
			p.Click(`a[hreflang="cy"]`)
		}
		p.Click(`a[hreflang="en"]`)
	})
}
