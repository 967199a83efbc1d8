package open311_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// TestEveryServiceTakesExactlyItsAdvertisedRequiredAttributes plays a
// FixMyStreet-shaped client that reads each service's definition and sends
// only what it is told is required (plus GeoReport's own fields). Every
// exposed service must accept that: Open311 cannot express "only if you
// answered yes" or an address question, so a question it cannot ask never
// refuses a report; the officer sees the gap on the case instead.
func TestEveryServiceTakesExactlyItsAdvertisedRequiredAttributes(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fixmystreet", true)
		_, b := f.get("/open311/v2/services.json")
		var list []struct {
			Code     string `json:"service_code"`
			Metadata bool   `json:"metadata"`
		}
		if err := json.Unmarshal(b, &list); err != nil || len(list) == 0 {
			t.Fatalf("services: %v %s", err, b)
		}
		for _, svc := range list {
			form := url.Values{
				"jurisdiction_id": {"guildhall"}, "api_key": {key}, "service_code": {svc.Code},
				"description": {"Reported from the roadside"}, "first_name": {"Jane"}, "last_name": {"Doe"},
				"email": {"jane@example.org"}, "lat": {"52.2053"}, "long": {"0.1218"},
			}
			if svc.Metadata {
				_, b := f.get("/open311/v2/services/" + svc.Code + ".json")
				var def struct {
					Attributes []struct {
						Code     string `json:"code"`
						Datatype string `json:"datatype"`
						Required bool   `json:"required"`
						Values   []struct {
							Key string `json:"key"`
						} `json:"values"`
					} `json:"attributes"`
				}
				if err := json.Unmarshal(b, &def); err != nil {
					t.Fatalf("%s definition: %v", svc.Code, err)
				}
				for _, a := range def.Attributes {
					if !a.Required {
						continue
					}
					v := "Some words"
					switch {
					case len(a.Values) > 0:
						v = a.Values[0].Key
					case a.Datatype == "number":
						v = "2"
					case a.Datatype == "datetime":
						v = "2026-11-30"
					}
					form.Set("attribute["+a.Code+"]", v)
				}
			}
			st, b := f.postForm("/open311/v2/requests.json", form)
			if st != 200 {
				t.Errorf("%s with exactly its required attributes: %d %s", svc.Code, st, b)
				continue
			}
			var out []struct {
				ID    string `json:"service_request_id"`
				Token string `json:"token"`
			}
			if err := json.Unmarshal(b, &out); err != nil || len(out) != 1 {
				t.Fatalf("%s: %s", svc.Code, b)
			}
			if out[0].ID == "" {
				continue // a batch service: the reference comes with the token
			}
			evs, err := f.Cases.Timeline(context.Background(), access.System, out[0].ID)
			if err != nil || len(evs) == 0 {
				t.Fatalf("%s timeline: %v", svc.Code, err)
			}
			if n := evs[0].Note; n != "" && !strings.HasPrefix(n, "Not asked through Open311, so not answered: ") {
				t.Errorf("%s: first event note %q", svc.Code, n)
			}
		}
	})
}

// TestAnUnaskedQuestionIsStillCheckedWhenAnswered: accepting a gap is not
// accepting anything: a conditional detail that is sent must be valid.
func TestAnUnaskedQuestionIsStillCheckedWhenAnswered(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	form := fmsPothole(f.key("fixmystreet", true))
	form.Set("attribute[dangerous]", "yes")
	ref := f.report(form) // accepted, though the detail asked only after a yes is missing
	evs, _ := f.Cases.Timeline(context.Background(), access.System, ref)
	if len(evs) == 0 || !strings.HasPrefix(evs[0].Note, "Not asked through Open311, so not answered: ") {
		t.Errorf("the gap is not shown to the officer: %+v", evs)
	}
}
