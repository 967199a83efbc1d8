package frontdoor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

var binOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-waste", Teams: []string{"waste-services"},
	Grants: []access.Grant{{Role: "officer", Team: "waste-services"}}, MFA: true}

// closedBinDay is a day after the missed collection closedBin reports.
var closedBinDay = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// closedBin submits a missed bin report and closes it, returning the
// reference and the body of the closing email.
func closedBin(t *testing.T, e *env) (string, string) {
	t.Helper()
	ctx := context.Background()
	c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "missed-bin-collection", Answers: service.Answers{
		"address":  {Address: &service.Address{Line1: "1 High Street", Town: "Testtown", Postcode: "TE1 1ST"}},
		"bin_type": {Text: "general"}, "collection_date": {Text: "2026-12-01"}, "put_out": {Text: "yes"}, "contact_by": {Text: "email"},
		"full_name": {Text: "Bea Binner"}, "email": {Text: "bea@example.org"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []string{"tell_crew", "mark_collected"} {
		if _, err := e.Cases.Transition(ctx, binOfficer, c.Ref, tr, nil, 0); err != nil {
			t.Fatalf("%s: %v", tr, err)
		}
	}
	msgs, err := e.Store.OutboxByKey(ctx, jobs.TopicNotify, c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		var p struct{ Subject, Body string }
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p.Subject, "Your bin has been emptied") {
			return c.Ref, p.Body
		}
	}
	t.Fatalf("no closing email among %d", len(msgs))
	return "", ""
}

var feedbackLink = regexp.MustCompile(`\nhttp://127\.0\.0\.1(/feedback/[A-Za-z0-9_-]{43})\n$`)

// TestFeedback: the closing email ends with the "How did we do?" link; the
// page asks GOV.UK's question; a missing rating is an error linked to the
// radios; a comment too long or with hidden characters is refused in Welsh; of ten posts of the same link at once exactly one is kept; after
// that the link is gone.
func TestFeedback(t *testing.T) {
	// 00:30 on 1 January in the UK: the rating counts in January.
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC).Add(time.Hour)))
	_, body := closedBin(t, e)
	wantStart := "We have emptied the bin you reported. You can take it back in now.\n\nHow did we do? Tell us in one question (it takes a minute):\nhttp://127.0.0.1/feedback/"
	m := feedbackLink.FindStringSubmatch(body)
	if !strings.HasPrefix(body, wantStart) || m == nil {
		t.Fatalf("closing email body:\n%s", body)
	}
	link := m[1]
	c := e.Client(access.Anonymous)
	res, page := c.Get(link)
	if res.StatusCode != 200 || !strings.Contains(page, `<h1 class="govuk-fieldset__heading">Overall, how did you feel about the service you received?</h1>`) ||
		!strings.Contains(page, `value="very-dissatisfied"`) || !strings.Contains(page, "Report a missed bin collection") {
		t.Fatalf("feedback page %d:\n%s", res.StatusCode, page)
	}
	c.Get("/?lang=cy")
	webtest.Run(t, c, refusedInWelsh(link, "comment", 1201))
	c.Get("/?lang=en")
	res, page = c.PostForm(link, url.Values{"comment": {"Quick"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `<a href="#rating">Select how you feel about the service you received</a>`) ||
		!strings.Contains(page, ">Quick</textarea>") {
		t.Fatalf("no rating: %d\n%s", res.StatusCode, page)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	kept := 0
	start := make(chan struct{})
	for i := range 10 {
		b := e.Client(access.Anonymous)
		b.Get(link) // a CSRF token, as a person's browser would have
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rating := []string{"very-satisfied", "dissatisfied"}[i%2]
			res, _ := b.PostForm(link, url.Values{"rating": {rating}, "comment": {"Crew were quick"}})
			if res.StatusCode == http.StatusOK {
				mu.Lock()
				kept++
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if kept != 1 {
		t.Fatalf("%d answers kept from one link, want 1", kept)
	}
	res, page = c.Get(link)
	if res.StatusCode != 404 || !strings.Contains(page, "This link has expired or has been used") {
		t.Errorf("used link: %d", res.StatusCode)
	}
	got, err := e.Store.Satisfaction(context.Background(), "missed-bin-collection")
	if err != nil || len(got) != 1 || got[0].Count != 1 || got[0].Month != "2027-01" {
		t.Errorf("ratings kept: %+v %v", got, err)
	}
}
