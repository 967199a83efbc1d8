package open311

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecodeRequest feeds arbitrary bodies to the decoder: it must never
// panic, must fail only with *DecodeError (or a read error), and anything it
// accepts must meet the invariants the handlers rely on.
func FuzzDecodeRequest(f *testing.F) {
	f.Add(formCT, []byte(specExample))
	f.Add(formCT, []byte(fmsExample().Encode()))
	f.Add("multipart/form-data; boundary=X", []byte("--X\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\npothole\r\n--X\r\nContent-Disposition: form-data; name=\"address_id\"\r\n\r\n1\r\n--X\r\nContent-Disposition: form-data; name=\"photo1\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8\xff\r\n--X--\r\n"))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		r, err := DecodeRequest(ct, bytes.NewReader(body))
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error of unexpected type %T: %v", err, err)
			}
			return
		}
		if r.ServiceCode == "" || !r.HasLocation() {
			t.Fatalf("accepted a request without service code or location: %+v", r)
		}
		if (r.Lat == nil) != (r.Long == nil) {
			t.Fatal("lat without long")
		}
		if r.Lat != nil && (*r.Lat < -90 || *r.Lat > 90 || *r.Long < -180 || *r.Long > 180) {
			t.Fatalf("coordinates out of range: %v %v", *r.Lat, *r.Long)
		}
		if len(r.Attributes) > maxAttributes || len(r.Photos) > maxPhotos || len(r.MediaURLs) > maxMediaURLs {
			t.Fatal("limits exceeded")
		}
		for _, p := range r.Photos {
			if len(p.Data) == 0 || len(p.Data) > MaxPhotoBytes {
				t.Fatalf("photo of %d bytes accepted", len(p.Data))
			}
		}
	})
}
