package open311_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"image/jpeg"
	"maps"
	"mime/multipart"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/photo/phototest"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestPostServiceRequestUpdate: a reporter's comment passed on by
// FixMyStreet reaches the officer's timeline, exactly as the officer reads
// it; the same update sent again, even many times at once, adds one note;
// a read-only key and an unknown request are refused.
func TestPostServiceRequestUpdate(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fixmystreet", true)
		ref := f.report(fmsPothole(key))
		update := url.Values{"jurisdiction_id": {"guildhall"}, "api_key": {key}, "service_request_id": {ref}, "update_id": {"fms-77"},
			"first_name": {"Jane"}, "last_name": {"Doe"}, "email": {"jane@example.org"}, "status": {"OPEN"},
			"description": {"It has got bigger since Monday."}, "media_url": {"https://www.fixmystreet.com/photo/c/77.0.full.jpeg"}}
		var wg sync.WaitGroup
		answers := make([]string, 6)
		for i := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, b := f.postForm("/open311/v2/servicerequestupdates.json", update)
				if st != 200 {
					t.Errorf("POST update: %d %s", st, b)
				}
				var out []struct {
					UpdateID string `json:"update_id"`
					Ref      string `json:"service_request_id"`
				}
				if json.Unmarshal(b, &out); len(out) == 1 && out[0].Ref == ref {
					answers[i] = out[0].UpdateID
				}
			}()
		}
		wg.Wait()
		for _, a := range answers {
			if a == "" || a != answers[0] {
				t.Fatalf("update ids answered = %q, want one id for every resend", answers)
			}
		}
		evs, err := f.Cases.Timeline(context.Background(), access.System, ref)
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, e := range evs {
			if e.Kind == cases.EventNote && strings.HasPrefix(e.Note, "Update from ") {
				if e.Visibility != cases.Internal {
					t.Errorf("the reporter's update is %s, want internal", e.Visibility)
				}
				notes = append(notes, e.Note)
			}
		}
		want := "Update from Jane Doe (jane@example.org) through Open311:\n\nIt has got bigger since Monday.\n\n" +
			"Photos: https://www.fixmystreet.com/photo/c/77.0.full.jpeg\n\nStatus sent with it (not applied): OPEN"
		if len(notes) != 1 || notes[0] != want {
			t.Errorf("timeline notes = %q, want exactly one:\n%s", notes, want)
		}
		readOnly := f.key("reader", false)
		theirs := f.report(fmsPothole(f.key("another-client", true)))
		for name, tc := range map[string]struct {
			change url.Values
			status int
		}{
			"read-only key":            {url.Values{"api_key": {readOnly}}, 403},
			"another client's request": {url.Values{"service_request_id": {theirs}}, 403},
			"unknown request":          {url.Values{"service_request_id": {"ZZZZ-ZZZZ"}}, 404},
			"no description":           {url.Values{"description": {""}, "media_url": nil}, 400},
		} {
			form := url.Values{}
			for k, v := range update {
				form[k] = v
			}
			form.Set("update_id", "fms-"+name)
			for k, v := range tc.change {
				if v == nil {
					form.Del(k)
				} else {
					form[k] = v
				}
			}
			if st, b := f.postForm("/open311/v2/servicerequestupdates.json", form); st != tc.status {
				t.Errorf("%s: %d %s, want %d", name, st, b, tc.status)
			}
		}
	})
}

// TestStatusNotes: the public reads where a report has got to; a client
// whose key may view the case (FixMyStreet, for the reporter) reads the last
// note written to the resident; an internal note is never shown.
func TestStatusNotes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key := f.key("fixmystreet", true)
	ref := f.report(fmsPothole(key))
	ctx := context.Background()
	if _, err := f.Cases.AddNote(ctx, access.System, ref, "Crew booked for Thursday", cases.Resident); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Cases.AddNote(ctx, access.System, ref, "Resident sounded cross", cases.Internal); err != nil {
		t.Fatal(err)
	}
	viewer := f.key("viewer", false, access.Grant{Role: "officer", Team: "highways"})
	notes := func(query string) string {
		t.Helper()
		_, b := f.get("/open311/v2/requests/" + ref + ".json" + query)
		var out []struct {
			Notes string `json:"status_notes"`
		}
		if err := json.Unmarshal(b, &out); err != nil || len(out) != 1 {
			t.Fatalf("GET %s: %v %s", ref, err, b)
		}
		return out[0].Notes
	}
	c, _ := f.Cases.Get(ctx, access.System, ref)
	def, _ := f.Cases.Services.Load().Get(c.ServiceID)
	var label string
	for _, s := range def.Workflow.States {
		if s.ID == c.State {
			label = s.Label
		}
	}
	if got := notes(""); got != label || label == "" {
		t.Errorf("public status_notes = %q, want the state's label %q", got, label)
	}
	if got := notes("?api_key=" + viewer); got != "Crew booked for Thursday" {
		t.Errorf("trusted status_notes = %q, want the note to the resident", got)
	}
}

// TestPostServiceRequestUpdateWithPhotos: FixMyStreet passes on a
// reporter's update with two photos as multipart photo1 and photo2. Each is
// scanned and cleaned (the phone's Exif gone) and on the officer's
// timeline with the note; the pothole service shows its reports' photos,
// so the request's media_url is then the first of them, served to anyone.
// A file that is not a photo refuses the update and adds nothing.
func TestPostServiceRequestUpdateWithPhotos(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fixmystreet", true)
		ref := f.report(fmsPothole(key))
		form := url.Values{"jurisdiction_id": {"guildhall"}, "api_key": {key}, "service_request_id": {ref}, "update_id": {"fms-88"},
			"first_name": {"Jane"}, "last_name": {"Doe"}, "status": {"OPEN"}, "description": {"Two more photos"}}
		post := func(files map[string][]byte) (int, []byte) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			for k, vs := range form {
				mw.WriteField(k, vs[0])
			}
			for _, field := range slices.Sorted(maps.Keys(files)) {
				w, _ := mw.CreateFormFile(field, field+".jpg")
				w.Write(files[field])
			}
			mw.Close()
			return f.post("/open311/v2/servicerequestupdates.xml", mw.FormDataContentType(), &body)
		}
		if st, b := post(map[string][]byte{"photo1": []byte("GIF89a\x01\x00\x01\x00")}); st != 400 ||
			!strings.Contains(string(b), "<description>photo1: The selected file must be a JPG or PNG photo</description>") {
			t.Errorf("a GIF: %d %s", st, b)
		}
		upright := phototest.JPEG(150, 6, binary.BigEndian, "GPS 52.52013 -1.82309")
		if st, b := post(map[string][]byte{"photo1": upright, "photo2": phototest.JPEG(70, 1, binary.LittleEndian, "GPS")}); st != 200 {
			t.Fatalf("with photos: %d %s", st, b)
		}
		evs, err := f.Cases.Timeline(context.Background(), access.System, ref)
		if err != nil {
			t.Fatal(err)
		}
		var photos []*service.FileRef
		for _, e := range evs {
			photos = append(photos, cases.EventPhotos(e)...)
		}
		if len(photos) != 2 || evs[len(evs)-1].Note != "Update from Jane Doe through Open311:\n\nTwo more photos\n\nStatus sent with it (not applied): OPEN" {
			t.Fatalf("timeline: %d photos, last %+v", len(photos), evs[len(evs)-1])
		}
		_, b := f.get("/open311/v2/requests/" + ref + ".json")
		var got []struct {
			MediaURL string `json:"media_url"`
		}
		if err := json.Unmarshal(b, &got); err != nil || len(got) != 1 || !strings.HasSuffix(got[0].MediaURL, cases.ReportPhotoPath(ref, photos[0].Key)) {
			t.Fatalf("media_url: %s, want one ending %s", b, cases.ReportPhotoPath(ref, photos[0].Key))
		}
		st, img := f.get(cases.ReportPhotoPath(ref, photos[0].Key))
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(img))
		if st != 200 || err != nil || cfg.Width != phototest.Height || bytes.Contains(img, []byte("52.52013")) {
			t.Errorf("the photo at its media_url: %d %v %+v", st, err, cfg)
		}
	})
}
