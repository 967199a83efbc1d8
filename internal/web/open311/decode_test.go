package open311

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
)

const formCT = "application/x-www-form-urlencoded"

// specExample is the POST request in the GeoReport v2 specification's example.
const specExample = "api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043" +
	"&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456" +
	"&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street" +
	"&media_url=http%3A%2F%2Fwww.example.com%2Fimage.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COT"

// fmsExample is what FixMyStreet's Open311.pm sends for a UK council with
// extended descriptions: jurisdiction_id on every call, the title/detail/url
// text, names split in two, attribute[...] for its own extra fields and
// attribute[uprn].
func fmsExample() url.Values {
	return url.Values{
		"jurisdiction_id":            {"guildhall"},
		"api_key":                    {"KEY"},
		"service_code":               {"pothole"},
		"description":                {"title: Pothole on Mill Road\r\n\r\ndetail: Deep hole by the bus stop\r\n\r\nurl: https://www.fixmystreet.com/report/123\r\n\r\nSubmitted via FixMyStreet\r\n"},
		"first_name":                 {"Jane"},
		"last_name":                  {"Doe"},
		"email":                      {"jane@example.org"},
		"lat":                        {"52.2"},
		"long":                       {"0.13"},
		"attribute[uprn]":            {"100090011234"},
		"attribute[fixmystreet_id]":  {"123"},
		"attribute[title]":           {"Pothole on Mill Road"},
		"attribute[report_url]":      {"https://www.fixmystreet.com/report/123"},
		"attribute[easting]":         {"545100"},
		"attribute[northing]":        {"258300"},
		"attribute[closest_address]": {"12 Mill Road, Cambridge"},
	}
}

func TestDecodeRequestSpecExample(t *testing.T) {
	t.Parallel()
	r, err := DecodeRequest(formCT, strings.NewReader(specExample))
	if err != nil {
		t.Fatal(err)
	}
	if r.APIKey != "xyz" || r.ServiceCode != "001" || r.JurisdictionID != "city.gov" {
		t.Errorf("key fields = %q %q %q", r.APIKey, r.ServiceCode, r.JurisdictionID)
	}
	if r.Lat == nil || *r.Lat != 37.76524078 || *r.Long != -122.4212043 {
		t.Errorf("lat/long = %v %v", r.Lat, r.Long)
	}
	if r.Email != "smit333@sfgov.edu" || r.FirstName != "john" || r.LastName != "smith" || r.Phone != "111111111" {
		t.Errorf("person = %+v", r)
	}
	if len(r.MediaURLs) != 1 || r.Attributes["WHISPAWN"][0] != "123456" || r.Attributes["WHISDORN"][0] != "COT" {
		t.Errorf("media/attributes = %v %v", r.MediaURLs, r.Attributes)
	}
}

func TestDecodeRequestFixMyStreet(t *testing.T) {
	t.Parallel()
	r, err := DecodeRequest(formCT+"; charset=utf-8", strings.NewReader(fmsExample().Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if r.Attributes["uprn"][0] != "100090011234" || !strings.HasPrefix(r.Description, "title: Pothole on Mill Road\n\ndetail:") {
		t.Errorf("got %q / %q", r.Attributes["uprn"], r.Description)
	}
}

func TestDecodeRequestMultipartPhotos(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fmsExample() {
		mw.WriteField(k, vs[0])
	}
	w, _ := mw.CreateFormFile("photo1", "hole.jpg")
	w.Write([]byte("\xff\xd8\xff\xe0fake-jpeg"))
	w, _ = mw.CreateFormFile("photo2", "")
	mw.Close()
	r, err := DecodeRequest(mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Photos) != 1 || r.Photos[0].Field != "photo1" || r.Photos[0].Filename != "hole.jpg" {
		t.Fatalf("photos = %+v (the empty photo2 should be skipped)", r.Photos)
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ct, body, want string
	}{
		{"no service code", formCT, "lat=1&long=2", "service_code is required"},
		{"no location", formCT, "service_code=x", "a location is required"},
		{"lat without long", formCT, "service_code=x&lat=1", "together"},
		{"lat out of range", formCT, "service_code=x&lat=91&long=0", "within"},
		{"NaN", formCT, "service_code=x&lat=NaN&long=0", "decimal degrees"},
		{"bad attribute key", formCT, "service_code=x&address_id=1&attribute[a b]=1", "malformed attribute"},
		{"media url scheme", formCT, "service_code=x&address_id=1&media_url=file:///etc/passwd", "not an http(s) URL"},
		{"json refused", "application/json", `{"service_code":"x"}`, "Content-Type"},
		{"bad form", formCT, "service_code=%zz", "malformed form"},
		{"too large", formCT, "service_code=x&address_id=1&description=" + strings.Repeat("a", maxFormBytes), "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeRequest(tt.ct, strings.NewReader(tt.body))
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(de.Error(), tt.want) {
				t.Fatalf("err = %v, want a DecodeError containing %q", err, tt.want)
			}
		})
	}
}
