package frontdoor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

// TestSaveAndReturn: a resident answers the first page of a complaint,
// asks for a link, and finishes in another browser. The email is compared
// whole; the link opens only on a POST, works once (of ten browsers opening
// it at once exactly one gets the answers), and the first browser no longer
// holds the draft.
func TestSaveAndReturn(t *testing.T) {
	saved := time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC)
	e := newEnv(t, platformtest.At(saved))
	first := e.Client(access.Anonymous)
	first.Get("/services/complaint/questions/service")
	res, _ := first.PostForm("/services/complaint/questions/service", url.Values{"service_area": {"housing"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first page: %d", res.StatusCode)
	}
	_, body := first.Get("/services/complaint/questions/complaint")
	if !strings.Contains(body, `<a class="govuk-link" href="/services/complaint/save">Save your answers and come back later</a>`) {
		t.Fatal("the second page offers no save and return")
	}
	res, body = first.PostForm("/services/complaint/save", url.Values{"email": {"not an address"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#email"`) {
		t.Fatalf("bad address: %d, want 422 with the error linked to the field", res.StatusCode)
	}
	res, body = first.PostForm("/services/complaint/save", url.Values{"email": {"Ada@Example.org"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "It works once, until 4:30pm on Thursday 10 December 2026.") {
		t.Fatalf("saved page: %d\n%s", res.StatusCode, body)
	}
	token, got := resumeEmail(t, e)
	want := `{"body":"You saved your answers to \"Make a complaint\".\n\nTo carry on, open this link on any device:\n` +
		`http://127.0.0.1/services/complaint/resume/` + token + `\n\nThe link works once, until 4:30pm on Thursday 10 December 2026. ` +
		`After that your answers are deleted.\n\nIf you did not ask for this link, you can ignore this email.\n\nTestshire Council",` +
		`"channel":"email","subject":"Your saved answers: Make a complaint","to":"Ada@example.org"}`
	if got != want {
		t.Errorf("email:\n got %s\nwant %s", got, want)
	}
	link := "/services/complaint/resume/" + token
	other := e.Client(access.Anonymous)
	if res, body := other.Get(link); res.StatusCode != 200 || !strings.Contains(body, "Carry on with your answers") {
		t.Fatalf("opening the link: %d", res.StatusCode)
	}
	if res, _ := other.Get(link); res.StatusCode != 200 {
		t.Fatal("a GET used the link up")
	}
	winners := claimAtOnce(t, e, link, 10)
	if len(winners) != 1 {
		t.Fatalf("%d browsers got the draft from one link, want 1", len(winners))
	}
	_, body = winners[0].Get("/services/complaint/questions/service")
	if !strings.Contains(body, `value="housing" selected`) {
		t.Error("the resumed draft lacks the first page's answer")
	}
	if res, body := winners[0].Get(link); res.StatusCode != 404 || !strings.Contains(body, "This link has expired or has been used") {
		t.Errorf("used link: %d", res.StatusCode)
	}
	if _, body := first.Get("/services/complaint"); strings.Contains(body, "You have answers saved from earlier") {
		t.Error("the first browser still holds the draft")
	}
}

// TestSaveAndReturnExpires: a link stops at the retention date, and a newer
// link replaces an older one.
func TestSaveAndReturnExpires(t *testing.T) {
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)))
	c := e.Client(access.Anonymous)
	c.Get("/services/complaint/questions/service")
	c.PostForm("/services/complaint/questions/service", url.Values{"service_area": {"housing"}})
	c.PostForm("/services/complaint/save", url.Values{"email": {"ada@example.org"}})
	older, _ := resumeEmail(t, e)
	c.PostForm("/services/complaint/save", url.Values{"email": {"ada@example.org"}})
	newer, _ := resumeEmail(t, e, older)
	if res, _ := c.Get("/services/complaint/resume/" + older); res.StatusCode != 404 {
		t.Errorf("a replaced link: %d, want 404", res.StatusCode)
	}
	if res, _ := c.Get("/services/complaint/resume/" + newer); res.StatusCode != 200 {
		t.Errorf("the newer link: %d, want 200", res.StatusCode)
	}
	// Eight days on (the store, the handler and the case service share the
	// platform's clock) the link is past its date.
	e.Clock.Add(8 * 24 * time.Hour)
	if res, _ := c.Get("/services/complaint/resume/" + newer); res.StatusCode != 404 {
		t.Errorf("a link past its date: %d, want 404", res.StatusCode)
	}
}

// resumeEmail returns the token of the one save-and-return email whose
// token is not among earlier, and the message's payload without its id.
func resumeEmail(t *testing.T, e *env, earlier ...string) (string, string) {
	t.Helper()
	msgs, err := e.Store.OutboxByKey(context.Background(), jobs.TopicNotify, "resume:complaint")
	if err != nil || len(msgs) != len(earlier)+1 {
		t.Fatalf("%d save-and-return emails queued, want %d: %v", len(msgs), len(earlier)+1, err)
	}
	for _, msg := range msgs {
		var p map[string]string
		if err := json.Unmarshal(msg.Payload, &p); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/resume/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(p["body"])
		if m == nil {
			t.Fatalf("no link in %q", p["body"])
		}
		if !slices.Contains(earlier, m[1]) {
			delete(p, "id")
			out, _ := json.Marshal(p)
			return m[1], string(out)
		}
	}
	t.Fatal("no new save-and-return email")
	return "", ""
}

// claimAtOnce has n fresh browsers post the link at the same moment and
// returns those that were sent on to their answers.
func claimAtOnce(t *testing.T, e *env, link string, n int) []interface {
	Get(string) (*http.Response, string)
} {
	t.Helper()
	type browser = interface {
		Get(string) (*http.Response, string)
	}
	var mu sync.Mutex
	var won []browser
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		c := e.Client(access.Anonymous)
		c.Get(link) // a CSRF token, as a person's browser would have
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, _ := c.PostForm(link, nil)
			if res.StatusCode == http.StatusSeeOther {
				mu.Lock()
				won = append(won, c)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return won
}
