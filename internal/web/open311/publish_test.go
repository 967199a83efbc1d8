package open311_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
)

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
