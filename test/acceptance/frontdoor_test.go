package acceptance

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// potholeRule is the bundled pothole service's clock, as its YAML states it.
var potholeRule = workday.Rule{Unit: workday.WorkingDays, Length: 5, Region: workday.EnglandAndWales}

// potholeThroughTheFrontDoor: a resident on a phone reports a pothole and
// receives the acknowledgement; the track page shows the statutory date.
func (c *council) potholeThroughTheFrontDoor() {
	t := c.t
	r := c.newPerson("sam.resident@example.org")
	r.visit("/")
	r.p.Type("#q", "pothole")
	r.click("form[role=search] button")
	r.click(`#results a[href="/services/report-a-pothole"]`)
	r.click(".govuk-button--start")
	r.at("/services/report-a-pothole/questions/where")
	r.p.Type("#location-description", "Outside 12 Station Road, by the bus stop")
	r.next()
	r.p.Check(`input[name="surface"][value="road"]`)
	r.p.Select("#size", "medium")
	r.click("main form button[type=submit]")
	r.p.Check(`input[name="dangerous"][value="no"]`)
	r.click("main form button[type=submit]")
	r.at("/services/report-a-pothole/questions/photo")
	r.click("main form button[type=submit]")
	r.p.Type("#full_name", "Sam Resident")
	r.p.Type("#email", r.email)
	r.click("main form button[type=submit]")
	r.at("/services/report-a-pothole/check-answers")
	before := c.now()
	r.click("main form button[type=submit]")
	after := c.now()
	ref := strings.TrimSpace(r.p.Text(".govuk-panel__body strong"))
	due := dueBetween(t, potholeRule, before, after)
	vary := map[string]string{"reference": ref, "due": longDate(due), "due-date": shortDate(due),
		"reference-read-aloud": readAloud(ref), "sent": alternatives(pageTimes(before, after)...)}
	checkGolden(t, "frontdoor-confirmation.txt", r.p.Text("main"), vary)

	msgs := c.messagesTo(r.email, 1)
	checkGolden(t, "pothole-received-email.txt", emailText(msgs[0]), vary)

	track := r.p.Location() // the confirmation's "Track your request" link is checked below
	r.visit("/cookies")     // linked from every page's footer; it scrolled at 320px before
	r.p.Navigate(track)
	r.click(`a[href^="/track?ref="]`)
	r.p.Type("#contact", r.email)
	r.click("main form button[type=submit]")
	checkGolden(t, "pothole-track-page.txt", r.p.Text("main"), vary)
	c.potholeRef = ref
}

// potholeThroughOpen311: FixMyStreet sends a report by Open311 with only
// the attributes the service advertises; the reporter receives the same
// acknowledgement, and GET returns the statutory date.
func (c *council) potholeThroughOpen311() {
	t := c.t
	token := c.srv.Token(t, "fixmystreet", "officer@highways")
	form := url.Values{
		"api_key": {token}, "jurisdiction_id": {"guildhall"}, "service_code": {"POTHOLE"},
		"lat": {"52.20531"}, "long": {"0.12181"}, "address_string": {"Mill Road, by the post box"},
		"description": {"Deep hole in the cycle lane"},
		"first_name":  {"Jo"}, "last_name": {"Reporter"}, "email": {"jo.reporter@example.org"},
		"attribute[surface]": {"cycle_lane"}, "attribute[dangerous]": {"no"},
	}
	before := c.now()
	resp, err := http.PostForm(c.srv.URL+"/open311/v2/requests.json", form)
	after := c.now()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("Open311 POST: %d %s", resp.StatusCode, body)
	}
	var created []struct {
		ID string `json:"service_request_id"`
	}
	if err := json.Unmarshal(body, &created); err != nil || len(created) != 1 || created[0].ID == "" {
		t.Fatalf("Open311 POST answered %s", body)
	}
	ref := created[0].ID
	due := dueBetween(t, potholeRule, before, after)
	vary := map[string]string{"reference": ref, "due": longDate(due)}
	msgs := c.messagesTo("jo.reporter@example.org", 1)
	checkGolden(t, "open311-pothole-received-email.txt", emailText(msgs[0]), vary)

	resp, err = http.Get(c.srv.URL + "/open311/v2/requests/" + ref + ".json?api_key=" + token)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	var got []map[string]any
	if err := json.Unmarshal(body, &got); err != nil || len(got) != 1 {
		t.Fatalf("Open311 GET %s: %d %s", ref, resp.StatusCode, body)
	}
	// The last day ends at midnight in London (GMT or BST).
	wantEnd := due.Start().AddDate(0, 0, 1).Add(-time.Second).Format("2006-01-02T15:04:05-07:00")
	if got[0]["expected_datetime"] != wantEnd {
		t.Errorf("Open311 expected_datetime %v, want %s (the statutory last day, %s)", got[0]["expected_datetime"], wantEnd, due)
	}
	if got[0]["address"] != "Mill Road, by the post box" || got[0]["status"] != "open" || got[0]["description"] != "Deep hole in the cycle lane" {
		t.Errorf("Open311 GET does not return what was sent: %s", body)
	}
}
