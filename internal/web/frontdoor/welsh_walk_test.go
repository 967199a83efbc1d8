package frontdoor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestEveryResidentPageIsWelsh walks the resident's site twice, as an
// English and as a Welsh speaker doing the same things: every page reached
// by links from the home page and from the start of every bilingual area
// (the front door, "Tell us what you need", open data and any area added
// later, so a new page is walked without being listed here), the parking permit journey with its add another, save and
// return, payment problem and confirmation, following a report, signing in,
// feedback and the error pages. Any text on a Welsh page that is also on the
// English one is English left untranslated, unless it is the same in both
// languages by nature (a reference, a name, an address the person typed).
func TestEveryResidentPageIsWelsh(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		sameInBoth := englishOnlyServices(e)
		cy, en := e.Client(zeroPrincipal), e.Client(zeroPrincipal)
		cy.Get("/?lang=cy")
		walked := 0
		check := func(what string, cyBody, enBody string) {
			t.Helper()
			walked++
			for _, s := range webtest.Untranslated(cyBody, enBody, func(s string) bool { return sameInBoth[s] || isAddress(s) }) {
				t.Errorf("%s: English on the Welsh page: %q", what, s)
			}
		}
		get := func(path string) {
			t.Helper()
			res, cyBody := cy.Get(path)
			_, enBody := en.Get(path)
			if res.StatusCode/100 != 3 && strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				check("GET "+path, cyBody, enBody)
			}
		}
		post := func(path string, form url.Values) (*http.Response, *http.Response) {
			t.Helper()
			cyRes, cyBody := cy.PostForm(path, form)
			enRes, enBody := en.PostForm(path, form)
			if cyRes.StatusCode != http.StatusSeeOther {
				check("POST "+path, cyBody, enBody)
			}
			return cyRes, enRes
		}

		// Every page a link reaches from the home page and from where each
		// bilingual area starts (its address and navigation), and from those.
		starts := []string{"/"}
		for _, a := range e.Web.BilingualAreas() {
			starts = append(starts, a.ServiceURL)
			for _, n := range a.Nav {
				starts = append(starts, n.Href)
			}
		}
		for _, path := range linked(t, en, starts, 3) {
			if !englishOnly(e, path) {
				get(path)
			}
		}
		// The parking permit: errors, items, add another, remove, save and
		// return, check your answers and a declined payment.
		const svc = "/services/resident-parking-permit"
		get(svc + "/questions/address")
		post(svc+"/questions/address", url.Values{})
		post(svc+"/questions/address", url.Values{"address-line1": {"1 High Street"}, "address-town": {"Guildtown"}, "address-postcode": {"SW1A 1AA"}})
		get(svc + "/questions/vehicles/items/1")
		post(svc+"/questions/vehicles/items/1", url.Values{"registration": {"AB1 !"}})
		for _, n := range []string{"1", "2", "3"} {
			post(svc+"/questions/vehicles/items/"+n, url.Values{"registration": {"AB1" + n + " CDE"}, "make": {"Ford"}, "keeper": {"yes"}})
		}
		get(svc + "/questions/vehicles")
		get(svc + "/questions/vehicles/items/3/remove")
		post(svc+"/questions/vehicles/items/3/remove", url.Values{})
		post(svc+"/questions/vehicles/items/3/remove", url.Values{"confirm-remove": {"yes"}})
		post(svc+"/questions/vehicles", url.Values{})
		post(svc+"/questions/vehicles", url.Values{"add-another": {"no"}})
		get(svc + "/questions/you")
		post(svc+"/questions/you", url.Values{"email": {"not an address"}})
		post(svc+"/questions/you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}})
		get(svc + "/check-answers")
		get(svc + "/save")
		post(svc+"/save", url.Values{"email": {"nobody"}})
		post(svc+"/save", url.Values{"email": {"sam@example.org"}})
		golden.Check(t, "testdata/welsh-resume-email.txt", welshEmail(t, e, "resume:resident-parking-permit"))
		get(svc + "/resume/not-a-token")
		cyRes, enRes := post(svc+"/check-answers", nil)
		_, cyBody := cy.Get(finishAt(t, cyRes.Header.Get("Location"), paytest.OutcomeDeclined))
		_, enBody := en.Get(finishAt(t, enRes.Header.Get("Location"), paytest.OutcomeDeclined))
		check("a declined payment", cyBody, enBody)

		// Signing in, feedback, a report and the error pages.
		get("/your-account/sign-in")
		post("/your-account/sign-in", url.Values{"email": {""}})
		post("/your-account/sign-in", url.Values{"email": {"sam@example.org"}})
		get("/your-account/sign-in/not-a-token")
		get("/feedback/not-a-token")
		get("/track")
		post("/track", url.Values{"ref": {"ABCD-EFGH"}, "contact": {"sam@example.org"}})
		get("/no-such-page")
		// Searching: results of each kind, a postcode not in the area, nothing found.
		get("/open-data/search?q=bin")
		get("/open-data/search?q=bin&near=ZZ99+9ZZ")
		get("/open-data/search?q=zzzzqqq")
		get("/disclosure-log?q=parking")
		if walked < 30 {
			t.Fatalf("walked only %d pages", walked)
		}
	}, platformtest.Bundled(), payOption(t))
}

// englishOnlyServices are the texts that are the same in both languages by
// nature: the names of services not offered in Welsh (listed on the Welsh
// home page in English, marked lang="en"), what the test types as a
// resident, the names of the languages and of products.
func englishOnlyServices(e *platformtest.Platform) map[string]bool {
	same := map[string]bool{
		"English": true, "Cymraeg": true, "beta": true, "Guildhall": true,
		// Names of file formats and of an API.
		"CSV": true, "JSON": true, "GeoJSON": true, "Table Schema": true, "Turtle": true, "JSON-LD": true, "data.json": true,
		"1 High Street": true, "Guildtown": true, "Ford": true, "Sam Resident": true, "sam@example.org": true,
		"© Testshire Council": false,
	}
	for _, d := range e.Registry.Load().All() {
		if !d.Offers(lang.Welsh) {
			same[d.Name], same[d.Summary], same[d.Category] = true, true, true
		}
	}
	return same
}

// isAddress reports whether s is a web address or a path on the site,
// written the same in any language.
func isAddress(s string) bool {
	return strings.HasPrefix(s, "/") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// englishOnly reports whether path is a page of a service not offered in
// Welsh: its questions are in English, in the Welsh site's chrome, by
// design (docs/frontdoor.md).
func englishOnly(e *platformtest.Platform, path string) bool {
	id, ok := strings.CutPrefix(path, "/services/")
	if !ok {
		return false
	}
	id, _, _ = strings.Cut(id, "/")
	d, ok := e.Registry.Load().Get(id)
	return ok && !d.Offers(lang.Welsh)
}

// linked is every page of the site residents read that links reach from
// starts, to depth, in the order found (not the staff's, the API's or
// files).
func linked(t *testing.T, c *webtest.Client, starts []string, depth int) []string {
	t.Helper()
	href := regexp.MustCompile(`href="(/[^"#?]*)"`)
	seen, next := map[string]bool{}, []string{}
	for _, s := range starts {
		if !seen[s] {
			seen[s], next = true, append(next, s)
		}
	}
	var out []string
	for d := 0; d < depth; d++ {
		var found []string
		for _, p := range next {
			res, body := c.Get(p)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			for _, m := range href.FindAllStringSubmatch(body, -1) {
				u := m[1]
				if seen[u] || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/assets/") || strings.HasPrefix(u, "/workspace") ||
					strings.HasPrefix(u, "/admin") || strings.HasPrefix(u, "/api") {
					continue
				}
				seen[u] = true
				found = append(found, u)
			}
		}
		slices.Sort(found)
		out, next = append(out, next...), found
	}
	return out
}

// welshEmail is the Welsh one of the two emails queued under key (the
// walk's English and Welsh residents each ask for one), as "To, Subject,
// body" with its single-use link masked.
func welshEmail(t *testing.T, e *platformtest.Platform, key string) string {
	t.Helper()
	msgs, err := e.Store.OutboxByKey(context.Background(), jobs.TopicNotify, key)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		var p struct{ To, Subject, Body string }
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p.Body, "Rydych") {
			body := regexp.MustCompile(`/resume/[A-Za-z0-9_-]+`).ReplaceAllString(p.Body, "/resume/TOKEN")
			return "To: " + p.To + "\nSubject: " + p.Subject + "\n\n" + body
		}
	}
	t.Fatalf("no Welsh email among the %d queued as %s", len(msgs), key)
	return ""
}

// TestWelshSMS: a resident who reported a missed bin in Welsh and asked
// for texts gets the service's Welsh text message, its date in Welsh.
func TestWelshSMS(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		c, err := e.Cases.Submit(context.Background(), access.Anonymous, cases.Submission{
			ServiceID: "missed-bin-collection", Channel: cases.ChannelWeb, Lang: lang.Welsh, IdempotencyKey: "welsh-sms",
			Answers: service.Answers{
				"address":  {Address: &service.Address{Line1: "1 Stryd Fawr", Town: "Caerdydd", Postcode: "CF10 1AA"}},
				"bin_type": {Text: "general"}, "collection_date": {Text: "2026-02-27"}, "put_out": {Text: "yes"},
				"full_name": {Text: "Gwen Jones"}, "contact_by": {Text: "sms"}, "phone": {Text: "07700 900 982"}}})
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := e.Store.OutboxByKey(context.Background(), jobs.TopicNotify, c.Ref)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("%d messages, %v", len(msgs), err)
		}
		var p struct{ Channel, To, Body string }
		if err := json.Unmarshal(msgs[0].Payload, &p); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "testdata/welsh-bin-sms.txt", "Channel: "+p.Channel+"\nTo: "+p.To+"\n\n"+strings.ReplaceAll(p.Body, c.Ref, "REF")+"\n")
	})
}
