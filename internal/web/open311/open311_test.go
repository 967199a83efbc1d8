package open311_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/scan/scantest"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// The shapes a strict client (FixMyStreet parses XML only) reads.
type (
	xmlErrors struct {
		XMLName xml.Name `xml:"errors"`
		Errors  []struct {
			Code        int    `xml:"code"`
			Description string `xml:"description"`
		} `xml:"error"`
	}
	xmlServices struct {
		XMLName  xml.Name `xml:"services"`
		Services []struct {
			Code     string `xml:"service_code"`
			Name     string `xml:"service_name"`
			Metadata string `xml:"metadata"`
			Type     string `xml:"type"`
			Group    string `xml:"group"`
		} `xml:"service"`
	}
	xmlDefinition struct {
		XMLName    xml.Name `xml:"service_definition"`
		Code       string   `xml:"service_code"`
		Attributes []struct {
			Variable string `xml:"variable"`
			Code     string `xml:"code"`
			Datatype string `xml:"datatype"`
			Required string `xml:"required"`
			Order    int    `xml:"order"`
			Desc     string `xml:"description"`
			Values   []struct {
				Key  string `xml:"key"`
				Name string `xml:"name"`
			} `xml:"values>value"`
		} `xml:"attributes>attribute"`
	}
	xmlRequests struct {
		XMLName  xml.Name `xml:"service_requests"`
		Requests []struct {
			ID          string  `xml:"service_request_id"`
			Token       string  `xml:"token"`
			Status      string  `xml:"status"`
			ServiceCode string  `xml:"service_code"`
			Description string  `xml:"description"`
			Requested   string  `xml:"requested_datetime"`
			Lat         float64 `xml:"lat"`
			Long        float64 `xml:"long"`
			Notice      string  `xml:"service_notice"`
		} `xml:"request"`
	}
	xmlUpdates struct {
		XMLName xml.Name `xml:"service_request_updates"`
		Updates []struct {
			UpdateID  string `xml:"update_id"`
			RequestID string `xml:"service_request_id"`
			Status    string `xml:"status"`
			Desc      string `xml:"description"`
		} `xml:"request_update"`
	}
)

// fmsPothole is what FixMyStreet's Open311.pm posts for a pothole: the UK
// extended description, split names, jurisdiction_id, its own attributes,
// attribute[uprn] and the extra questions the service definition asked.
func fmsPothole(key string) url.Values {
	return url.Values{
		"jurisdiction_id":            {"guildhall"},
		"api_key":                    {key},
		"service_code":               {"POTHOLE"},
		"description":                {"title: Pothole on Mill Road\r\n\r\ndetail: Deep hole by the bus stop\r\n\r\nurl: https://www.fixmystreet.com/report/123\r\n\r\nSubmitted via FixMyStreet\r\n"},
		"first_name":                 {"Jane"},
		"last_name":                  {"Doe"},
		"email":                      {"jane@example.org"},
		"lat":                        {"52.2053"},
		"long":                       {"0.1218"},
		"media_url":                  {"https://www.fixmystreet.com/photo/123.0.full.jpeg"},
		"attribute[uprn]":            {"100090011234"},
		"attribute[fixmystreet_id]":  {"123"},
		"attribute[title]":           {"Pothole on Mill Road"},
		"attribute[report_url]":      {"https://www.fixmystreet.com/report/123"},
		"attribute[closest_address]": {"12 Mill Road, Cambridge"},
		"attribute[surface]":         {"road"},
		"attribute[dangerous]":       {"no"},
	}
}

func TestDiscoveryAndServices(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	st, b := f.get("/open311/v2/discovery.json")
	var disc struct {
		Endpoints []struct {
			Specification string   `json:"specification"`
			URL           string   `json:"url"`
			Formats       []string `json:"formats"`
		} `json:"endpoints"`
	}
	if json.Unmarshal(b, &disc); st != 200 || len(disc.Endpoints) != 1 || disc.Endpoints[0].URL != "https://council.example/open311/v2" {
		t.Fatalf("discovery: %d %s", st, b)
	}
	var svcs xmlServices
	st, b = f.get("/open311/v2/services.xml?jurisdiction_id=guildhall")
	strictXML(t, b, &svcs)
	codes := map[string]string{}
	for _, s := range svcs.Services {
		codes[s.Code] = s.Type + "/" + s.Metadata
	}
	want := map[string]string{"POTHOLE": "realtime/true", "FLYTIP": "realtime/true", "MISSEDBIN": "realtime/true", "GRAFFITI": "batch/true"}
	for c, v := range want {
		if codes[c] != v {
			t.Errorf("service %s: %q, want %q (all: %v)", c, codes[c], v, codes)
		}
	}
	if len(codes) != len(want) {
		t.Errorf("services %v: only definitions with open311: may appear", codes)
	}
	if st, _ := f.get("/open311/v2/services.xml?jurisdiction_id=elsewhere"); st != 404 {
		t.Errorf("other jurisdiction: %d, want 404", st)
	}
}

func TestServiceDefinitionFromQuestions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	st, b := f.get("/open311/v2/services/POTHOLE.xml")
	var def xmlDefinition
	strictXML(t, b, &def)
	if st != 200 || def.Code != "POTHOLE" {
		t.Fatalf("%d %s", st, b)
	}
	got := map[string]string{}
	for i, a := range def.Attributes {
		if a.Order != i+1 || a.Variable != "true" {
			t.Errorf("attribute %s: order %d variable %s", a.Code, a.Order, a.Variable)
		}
		var keys []string
		for _, v := range a.Values {
			keys = append(keys, v.Key)
		}
		got[a.Code] = a.Datatype + " " + a.Required + " " + strings.Join(keys, ",")
	}
	want := map[string]string{
		"surface":        "singlevaluelist true road,pavement,cycle_lane",
		"size":           "singlevaluelist false small,medium,large",
		"dangerous":      "singlevaluelist true yes,no",
		"danger_details": "text false ", // shown only when dangerous=yes
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("attribute %s = %q, want %q", code, got[code], w)
		}
	}
	for _, gone := range []string{"location", "full_name", "email", "phone", "photo"} {
		if _, ok := got[gone]; ok {
			t.Errorf("attribute %s should come from GeoReport's own fields", gone)
		}
	}
	var flytip struct {
		Attributes []struct {
			Code, Datatype string
		} `json:"attributes"`
	}
	_, b = f.get("/open311/v2/services/FLYTIP.json")
	json.Unmarshal(b, &flytip)
	types := map[string]string{}
	for _, a := range flytip.Attributes {
		types[a.Code] = a.Datatype
	}
	if types["waste"] != "multivaluelist" || types["when_seen"] != "datetime" || types["vehicle_registration"] != "string" {
		t.Errorf("fly-tipping datatypes %v", types)
	}
	if st, b := f.get("/open311/v2/services/NOPE.xml"); st != 404 || !bytes.Contains(b, []byte("<errors><error><code>404</code>")) {
		t.Errorf("unknown code: %d %s", st, b)
	}
	if st, _ := f.get("/open311/v2/services/POTHOLE.html"); st != 404 {
		t.Errorf("unknown format: %d", st)
	}
}

func TestPostRequestAsFixMyStreetSendsIt(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fixmystreet", true)
		st, b := f.postForm("/open311/v2/requests.xml", fmsPothole(key))
		var out xmlRequests
		strictXML(t, b, &out)
		if st != 200 || len(out.Requests) != 1 || out.Requests[0].ID == "" {
			t.Fatalf("POST: %d %s", st, b)
		}
		ref := out.Requests[0].ID
		c, err := f.Cases.Get(context.Background(), access.System, ref)
		if err != nil {
			t.Fatal(err)
		}
		loc := c.Answers["location"].Location
		if c.Channel != cases.ChannelOpen311 || loc == nil || loc.UPRN != "100090011234" || loc.Lat == nil || *loc.Lat != 52.2053 ||
			c.Answers["full_name"].Text != "Jane Doe" || c.Applicant.Email != "jane@example.org" || c.Answers["surface"].Text != "road" {
			t.Errorf("case %+v answers %+v", c, c.Answers)
		}
		// The description (with the photo's link) is the answer to the
		// service's description question, and comes back on GET.
		desc := c.Answers["details"].Text
		if !strings.Contains(desc, "detail: Deep hole by the bus stop") || !strings.Contains(desc, "https://www.fixmystreet.com/photo/123.0.full.jpeg") {
			t.Errorf("the description should be the answer to 'details': %q", desc)
		}
		st, b = f.get("/open311/v2/requests/" + ref + ".json?api_key=" + key)
		var got []struct {
			Description string `json:"description"`
		}
		if json.Unmarshal(b, &got); st != 200 || len(got) != 1 || got[0].Description != desc {
			t.Errorf("GET %s does not give back the description FixMyStreet sent: %d %s", ref, st, b)
		}
		evs, _ := f.Cases.Timeline(context.Background(), access.System, ref)
		// FixMyStreet resends a report it is unsure about: same fixmystreet_id, same case.
		if again := f.report(fmsPothole(key)); again != ref {
			t.Errorf("resend made %s, want %s again", again, ref)
		}
		if evs2, _ := f.Cases.Timeline(context.Background(), access.System, ref); len(evs2) != len(evs) {
			t.Errorf("resend added events: %d → %d", len(evs), len(evs2))
		}
	})
}

func TestPostRequestErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key := f.key("fms", true)
	readOnly := f.key("reader", false)
	elsewhere, _, err := f.Auth.IssueToken(context.Background(), admin, auth.TokenRequest{Name: "fly-tipping only", Write: true, Services: []string{"report-fly-tipping"}})
	if err != nil {
		t.Fatal(err)
	}
	with := func(change func(url.Values)) url.Values {
		v := fmsPothole(key)
		change(v)
		return v
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"no api_key", with(func(v url.Values) { v.Del("api_key") }), 403, "api_key is required"},
		{"bad api_key", with(func(v url.Values) { v.Set("api_key", "gh_wrong") }), 403, "Invalid api_key"},
		{"read-only api_key", with(func(v url.Values) { v.Set("api_key", readOnly) }), 403, "read-only"},
		{"api_key scoped to another service", with(func(v url.Values) { v.Set("api_key", elsewhere) }), 403, "may not create"},
		{"no location", with(func(v url.Values) { v.Del("lat"); v.Del("long") }), 400, "a location is required"},
		{"unknown service", with(func(v url.Values) { v.Set("service_code", "UFO") }), 400, "service_code UFO not found"},
		{"required attribute", with(func(v url.Values) { v.Del("attribute[surface]") }), 400, "attribute[surface]: Select where the damage is"},
		{"bad choice", with(func(v url.Values) { v.Set("attribute[surface]", "sky") }), 400, "attribute[surface]"},
		{"point outside the UK", with(func(v url.Values) { v.Set("lat", "37.76"); v.Set("long", "-122.42"); v.Del("attribute[uprn]") }), 400, "location"},
		{"other jurisdiction", with(func(v url.Values) { v.Set("jurisdiction_id", "city.gov") }), 404, "jurisdiction_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, b := f.postForm("/open311/v2/requests.xml", tt.form)
			var e xmlErrors
			strictXML(t, b, &e)
			if st != tt.status || len(e.Errors) == 0 || e.Errors[0].Code != tt.status || !strings.Contains(string(b), tt.want) {
				t.Fatalf("%d %s, want %d mentioning %q", st, b, tt.status, tt.want)
			}
		})
	}
	st, b := f.postForm("/open311/v2/requests.json", with(func(v url.Values) { v.Del("api_key") }))
	var je []struct {
		Code        int    `json:"code"`
		Description string `json:"description"`
	}
	if json.Unmarshal(b, &je); st != 403 || len(je) != 1 || je[0].Code != 403 {
		t.Errorf("JSON error list: %d %s", st, b)
	}
}

// TestSpecExampleAndBatchToken posts the spec's own example request shape to
// a batch service and follows its token.
func TestSpecExampleAndBatchToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key := f.key("client", true)
	body := "api_key=" + key + "&jurisdiction_id=guildhall&service_code=GRAFFITI&lat=51.5072&long=-0.1276" +
		"&address_string=1234+5th+street&email=smit333%40example.org&device_id=tt222111&account_id=123456" +
		"&first_name=john&last_name=smith&phone=111111111&description=A+large+tag+on+the+library+wall" +
		"&media_url=http%3A%2F%2Fwww.example.com%2Fimage.jpg&attribute[offensive]=true"
	st, b := f.post("/open311/v2/requests.xml", "application/x-www-form-urlencoded", strings.NewReader(body))
	var out xmlRequests
	strictXML(t, b, &out)
	if st != 200 || len(out.Requests) != 1 || out.Requests[0].Token == "" || out.Requests[0].ID != "" {
		t.Fatalf("batch POST: %d %s, want a token and no id", st, b)
	}
	st, b = f.get("/open311/v2/tokens/" + out.Requests[0].Token + ".xml")
	var tok xmlRequests
	strictXML(t, b, &tok)
	if st != 200 || len(tok.Requests) != 1 || tok.Requests[0].ID == "" {
		t.Fatalf("token: %d %s", st, b)
	}
	c, err := f.Cases.Get(context.Background(), access.System, tok.Requests[0].ID)
	if err != nil || !strings.HasPrefix(c.Answers["details"].Text, "A large tag on the library wall") ||
		c.Answers["offensive"].Text != "yes" || c.Answers["location"].Location.Description != "1234 5th street" {
		t.Errorf("case %+v, %v", c.Answers, err)
	}
	if st, _ := f.get("/open311/v2/tokens/unknown.xml"); st != 404 {
		t.Errorf("unknown token: %d", st)
	}
}

// sendPhoto posts FixMyStreet's pothole with one file as photo1.
func sendPhoto(f *fixture, key string, data []byte, name string) (int, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fmsPothole(key) {
		if k != "attribute[fixmystreet_id]" {
			mw.WriteField(k, vs[0])
		}
	}
	w, _ := mw.CreateFormFile("photo1", name)
	w.Write(data)
	mw.Close()
	return f.post("/open311/v2/requests.json", mw.FormDataContentType(), &buf)
}

func TestMultipartPhotos(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key := f.key("fms", true)
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{1}, 100)...)
	send := func(data []byte, name string) (int, []byte) { return sendPhoto(f, key, data, name) }
	st, b := send(jpeg, "../../etc/hole.jpg")
	var out []struct {
		ID string `json:"service_request_id"`
	}
	if json.Unmarshal(b, &out); st != 200 || len(out) != 1 {
		t.Fatalf("%d %s", st, b)
	}
	c, _ := f.Cases.Get(context.Background(), access.System, out[0].ID)
	ref := c.Answers["photo"].File
	if ref == nil || ref.ContentType != "image/jpeg" || ref.Name != "hole.jpg" {
		t.Fatalf("photo answer %+v", ref)
	}
	if stored, err := readBlob(f, ref.Key); err != nil || !bytes.Equal(stored, jpeg) {
		t.Errorf("stored photo: %v", err)
	}
	if st, b := send([]byte("#!/bin/sh\necho not a photo"), "hole.jpg"); st != 400 || !strings.Contains(string(b), "not a JPEG") {
		t.Errorf("a script named .jpg: %d %s", st, b)
	}
}

func TestGetRequestsAndUpdates(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fms", true, access.Grant{Role: "officer", Team: "highways"})
		ref := f.report(fmsPothole(key))
		ctx := context.Background()
		officer := access.Principal{Kind: access.KindStaff, UserID: "u-o", Teams: []string{"highways"},
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}, MFA: true}
		if _, err := f.Cases.Transition(ctx, officer, ref, "send_for_inspection", nil, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Cases.AddNote(ctx, officer, ref, "An inspector will visit on Tuesday", cases.Resident); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Cases.AddNote(ctx, officer, ref, "internal: caller is a councillor's relative", cases.Internal); err != nil {
			t.Fatal(err)
		}

		var pub xmlRequests
		_, b := f.get("/open311/v2/requests.xml?service_code=POTHOLE&status=open")
		strictXML(t, b, &pub)
		if len(pub.Requests) != 1 || pub.Requests[0].ID != ref || pub.Requests[0].Status != "open" ||
			pub.Requests[0].Lat != 52.205 || pub.Requests[0].Description != "" {
			t.Errorf("public list: %s", b)
		}
		if bytes.Contains(b, []byte("Jane")) || bytes.Contains(b, []byte("jane@example.org")) {
			t.Errorf("personal data in a public list: %s", b)
		}
		if _, b = f.get("/open311/v2/requests.xml?status=closed"); bytes.Contains(b, []byte(ref)) {
			t.Errorf("status=closed lists an open request: %s", b)
		}
		var one []struct {
			ID   string  `json:"service_request_id"`
			Lat  float64 `json:"lat"`
			Code string  `json:"service_code"`
		}
		st, b := f.get("/open311/v2/requests/" + ref + ".json?api_key=" + key)
		if json.Unmarshal(b, &one); st != 200 || len(one) != 1 || one[0].Lat != 52.2053 || one[0].Code != "POTHOLE" {
			t.Errorf("one request with api_key: %d %s", st, b)
		}
		// A key whose roles do not reach the case sees what the public sees: never less.
		plain := f.key("plain", false)
		var limited xmlRequests
		_, b = f.get("/open311/v2/requests.xml?api_key=" + plain)
		strictXML(t, b, &limited)
		if len(limited.Requests) != 1 || limited.Requests[0].Lat != 52.205 {
			t.Errorf("a key without roles: %s", b)
		}
		if st, _ := f.get("/open311/v2/requests/ZZZZ-ZZZZ.xml"); st != 404 {
			t.Errorf("unknown request: %d", st)
		}

		var ups xmlUpdates
		_, b = f.get("/open311/v2/servicerequestupdates.xml?api_key=" + key)
		strictXML(t, b, &ups)
		if len(ups.Updates) != 2 || ups.Updates[0].RequestID != ref || ups.Updates[0].Status != "open" ||
			ups.Updates[1].Desc != "An inspector will visit on Tuesday" || ups.Updates[0].UpdateID == ups.Updates[1].UpdateID {
			t.Errorf("updates: %s", b)
		}
		if bytes.Contains(b, []byte("councillor's relative")) {
			t.Errorf("an internal note leaked: %s", b)
		}
		_, b = f.get("/open311/v2/servicerequestupdates.xml?start_date=2020-01-01T00:00:00Z&end_date=2020-01-01T02:00:00Z")
		var none xmlUpdates
		if strictXML(t, b, &none); len(none.Updates) != 0 {
			t.Errorf("updates outside the window: %s", b)
		}
	})
}

// TestExpectedDatetime is the last second of the statutory last day in UK
// time, so a client that shows its date part (FixMyStreet does) shows the
// right day in winter and in summer. The bundled pothole clock is 5 working days.
func TestExpectedDatetime(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fms", true, access.Grant{Role: "officer", Team: "highways"})
		for _, tt := range []struct {
			name string
			now  time.Time
			want string
		}{
			{"GMT", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), "2026-12-08T23:59:59+00:00"},
			{"BST", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "2026-06-09T23:59:59+01:00"},
		} {
			f.Clock.Set(tt.now)
			form := fmsPothole(key)
			form.Set("attribute[fixmystreet_id]", tt.name) // a different report, not a retry
			id := f.report(form)
			var one []struct {
				Expected string `json:"expected_datetime"`
			}
			_, b := f.get("/open311/v2/requests/" + id + ".json")
			if json.Unmarshal(b, &one); len(one) != 1 || one[0].Expected != tt.want {
				t.Errorf("%s: expected_datetime in %s, want %s", tt.name, b, tt.want)
			}
		}
	})
}

// TestPublicReadersGetNoAddress: the public (no api_key, or a key that may
// not view the case) sees rounded coordinates only where the definition
// publishes the location, and never the free-text address or the UPRN; a
// key that may view the case sees them.
func TestPublicReadersGetNoAddress(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fms", true, access.Grant{Role: "officer", Team: "highways"}, access.Grant{Role: "officer", Team: "street-scene"})
		form := fmsPothole(key)
		form.Set("attribute[closest_address]", "12 Mill Road, Cambridge (Jane's house)")
		st, b := f.postForm("/open311/v2/requests.json", form)
		if st != 200 {
			t.Fatalf("post: %d %s", st, b)
		}
		graffiti := "api_key=" + key + "&jurisdiction_id=guildhall&service_code=GRAFFITI&lat=51.5072&long=-0.1276" +
			"&address_string=1234+5th+street&email=smit333%40example.org&first_name=john&last_name=smith" +
			"&description=A+large+tag&attribute[offensive]=true"
		if st, b := f.post("/open311/v2/requests.json", "application/x-www-form-urlencoded", strings.NewReader(graffiti)); st != 200 {
			t.Fatalf("graffiti: %d %s", st, b)
		}
		type item struct {
			ID        string   `json:"service_request_id"`
			Code      string   `json:"service_code"`
			Address   string   `json:"address"`
			AddressID string   `json:"address_id"`
			Lat       *float64 `json:"lat"`
		}
		plain := f.key("plain", false)
		for _, q := range []string{"", "?api_key=" + plain} {
			_, b := f.get("/open311/v2/requests.json" + q)
			for _, leak := range []string{"Mill Road", "Jane", "100090011234", "5th street", "51.507"} {
				if bytes.Contains(b, []byte(leak)) {
					t.Errorf("public list%s shows %q: %s", q, leak, b)
				}
			}
			var items []item
			if err := json.Unmarshal(b, &items); err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				switch it.Code {
				case "POTHOLE": // publish: fields lists location, 3 decimals
					if it.Lat == nil || *it.Lat != 52.205 {
						t.Errorf("pothole lat %v, want 52.205 (published, rounded)", it.Lat)
					}
				case "GRAFFITI": // no publish rule: no location at all
					if it.Lat != nil {
						t.Errorf("graffiti lat %v, want none (its location is not published)", *it.Lat)
					}
				}
			}
			if len(items) != 2 {
				t.Errorf("public list%s: %d items, want 2: %s", q, len(items), b)
			}
		}
		_, b = f.get("/open311/v2/requests.json?service_code=POTHOLE&api_key=" + key)
		var trusted []item
		if err := json.Unmarshal(b, &trusted); err != nil || len(trusted) != 1 ||
			!strings.Contains(trusted[0].Address, "12 Mill Road") || trusted[0].AddressID != "100090011234" || *trusted[0].Lat != 52.2053 {
			t.Errorf("a key that may view the case: %s", b)
		}
	})
}

func TestRateLimitInOpen311Format(t *testing.T) {
	t.Parallel()
	f := newFixture(t, platformtest.Configure(func(c *platform.Config) { c.Limits.Open311 = web.NewLimiter(0.001, 2, 0) }))
	var statuses []int
	for range 3 {
		st, _ := f.get("/open311/v2/services.xml")
		statuses = append(statuses, st)
	}
	res, err := http.Get(f.URL + "/open311/v2/services.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var e xmlErrors
	strictXML(t, b, &e)
	if statuses[0] != 200 || statuses[1] != 200 || statuses[2] != 429 || res.Header.Get("Retry-After") == "" || e.Errors[0].Code != 429 {
		t.Errorf("statuses %v, then %d %v %s", statuses, res.StatusCode, res.Header, b)
	}
}

// TestMultipartPhotosScanned: a report's photos from an Open311 client pass
// the same malware scanner (a real clamd) as every other upload before
// anything else looks at them: EICAR sent as photo1 is refused with the
// scanner's message, audited, and makes no case.
func TestMultipartPhotosScanned(t *testing.T) {
	t.Parallel()
	addr := scantest.Clamd(t)
	f := newFixture(t, platformtest.Configure(func(c *platform.Config) { c.Clamd = addr }))
	key := f.key("fms", true)
	st, b := sendPhoto(f, key, []byte(scantest.EICAR), "hole.jpg")
	if want := `[{"code":400,"description":"photo1: ` + web.MessageInfected + `"}]`; st != 400 || strings.TrimSpace(string(b)) != want {
		t.Errorf("EICAR as photo1: %d %s\nwant 400 %s", st, b, want)
	}
	entries, err := f.Audit.Search(context.Background(), audit.Filter{Action: "upload.infected"})
	if err != nil || len(entries) != 1 || !strings.Contains(string(entries[0].Detail), scantest.Signature) || entries[0].Subject != "open311:report-a-pothole" {
		t.Errorf("infected upload audit = %+v, %v; want one entry naming %s", entries, err, scantest.Signature)
	}
	if _, b := f.get("/open311/v2/requests.json?api_key=" + key); strings.TrimSpace(string(b)) != "[]" {
		t.Errorf("requests after the refusal: %s, want none", b)
	}
}
