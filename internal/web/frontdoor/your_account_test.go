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
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// submitBin submits a missed bin report given with email.
func submitBin(t *testing.T, e *env, email string) string {
	t.Helper()
	c, err := e.Cases.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: "missed-bin-collection", Answers: service.Answers{
		"address":  {Address: &service.Address{Line1: "1 High Street", Town: "Testtown", Postcode: "TE1 1ST"}},
		"bin_type": {Text: "general"}, "collection_date": {Text: "2026-12-01"}, "put_out": {Text: "yes"}, "contact_by": {Text: "email"},
		"full_name": {Text: "Bea Binner"}, "email": {Text: email}}})
	if err != nil {
		t.Fatal(err)
	}
	return c.Ref
}

// signInEmails returns the sign-in emails queued so far, oldest first,
// each as "To: …\nSubject: …\n\nbody" and its link's path.
func signInEmails(t *testing.T, e *env) (texts, links []string) {
	t.Helper()
	msgs, err := e.Store.OutboxByKey(context.Background(), jobs.TopicNotify, "resident-sign-in")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		var p struct{ To, Subject, Body string }
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		l := regexp.MustCompile(`http://127\.0\.0\.1(/your-account/sign-in/[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(p.Body)
		if l == nil {
			t.Fatalf("no link in %q", p.Body)
		}
		texts = append(texts, "To: "+p.To+"\nSubject: "+p.Subject+"\n\n"+strings.Replace(p.Body, l[1], "/your-account/sign-in/LINK", 1)+"\n")
		links = append(links, l[1])
	}
	return texts, links
}

// TestResidentAccount: a resident asks for a sign-in link (the email is
// the golden file), ten browsers use it at once and exactly one is signed
// in; the list shows the requests made with that address in any letter
// case, and never one made with another address; the account is deleted
// (audited) and its requests stay.
func TestResidentAccount(t *testing.T) {
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC)))
	mine := []string{submitBin(t, e, "bea@example.org"), submitBin(t, e, "BEA@Example.org")}
	other := submitBin(t, e, "bea@example.org.uk")

	c := e.Client(access.Anonymous)
	if res, _ := c.Get("/your-account"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/your-account/sign-in" {
		t.Fatalf("signed out: %d %s, want a redirect to sign in", res.StatusCode, res.Header.Get("Location"))
	}
	c.Get("/your-account/sign-in")
	if res, body := c.PostForm("/your-account/sign-in", url.Values{"email": {"bea at example"}}); res.StatusCode != 422 || !strings.Contains(body, `href="#email"`) {
		t.Fatalf("bad address: %d", res.StatusCode)
	}
	res, body := c.PostForm("/your-account/sign-in", url.Values{"email": {"bea@example.org"}})
	if res.StatusCode != 200 || !strings.Contains(body, "Check your email") {
		t.Fatalf("sending the link: %d", res.StatusCode)
	}
	texts, links := signInEmails(t, e)
	if len(texts) != 1 {
		t.Fatalf("%d emails", len(texts))
	}
	golden.Check(t, "testdata/sign_in_email.golden", texts[0])

	if res, body := c.Get(links[0]); res.StatusCode != 200 || !strings.Contains(body, ">Sign in</button>") {
		t.Fatalf("opening the link: %d", res.StatusCode)
	}
	winners := signInAtOnce(t, e, links[0], 10)
	if len(winners) != 1 {
		t.Fatalf("%d browsers signed in with one link, want 1", len(winners))
	}
	bea := winners[0]
	_, body = bea.Get("/your-account")
	for _, ref := range mine {
		if !strings.Contains(body, "<strong class=\"govuk-!-font-weight-bold\">"+ref+"</strong>") {
			t.Errorf("your requests lacks %s", ref)
		}
	}
	if strings.Contains(body, other) {
		t.Errorf("your requests shows %s, made with another address", other)
	}
	if res, body := c.PostForm(links[0], nil); res.StatusCode != 404 || !strings.Contains(body, "This link has expired or has been used") {
		t.Errorf("a used link: %d", res.StatusCode)
	}

	bea.Get("/your-account/delete")
	if res, body := bea.PostForm("/your-account/delete", nil); res.StatusCode != 200 || !strings.Contains(body, "Your account has been deleted") {
		t.Fatalf("deleting: %d", res.StatusCode)
	}
	if res, _ := bea.Get("/your-account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after deleting, the session still works: %d", res.StatusCode)
	}
	entries, err := e.Store.AuditEntries(context.Background(), audit.Filter{Action: "resident.account.deleted", Limit: 10})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit entries of the deletion: %d %v", len(entries), err)
	}
	for _, ref := range mine {
		if _, err := e.Store.CaseByRef(context.Background(), ref); err != nil {
			t.Errorf("%s after the account was deleted: %v", ref, err)
		}
	}
}

// TestResidentSignInLimits: five links an hour to one address (in any
// letter case), then the sixth is refused with a message; a link stops
// working after 30 minutes.
func TestResidentSignInLimits(t *testing.T) {
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)))
	c := e.Client(access.Anonymous)
	c.Get("/your-account/sign-in")
	for i, addr := range []string{"ada@example.org", "Ada@example.org", "ADA@example.org", "ada@EXAMPLE.org", "ada@example.org"} {
		if res, _ := c.PostForm("/your-account/sign-in", url.Values{"email": {addr}}); res.StatusCode != 200 {
			t.Fatalf("link %d: %d", i+1, res.StatusCode)
		}
	}
	webtest.Run(t, c, []webtest.Scenario{{Name: "sixth link", Method: "POST", URL: "/your-account/sign-in",
		Form: url.Values{"email": {"ada@example.org"}}, Status: http.StatusTooManyRequests,
		Contains: []string{"We have sent 5 links to this address in the last hour. Use the newest one, or try again later"}}})
	_, links := signInEmails(t, e)
	e.Clock.Add(31 * time.Minute)
	if res, _ := c.PostForm(links[4], nil); res.StatusCode != 404 {
		t.Errorf("a link after 31 minutes: %d, want 404", res.StatusCode)
	}
	e.Clock.Add(30 * time.Minute)
	if res, _ := c.PostForm("/your-account/sign-in", url.Values{"email": {"ada@example.org"}}); res.StatusCode != 200 {
		t.Errorf("a link an hour later: %d", res.StatusCode)
	}
}

// signInAtOnce has n fresh browsers post the link at the same moment and
// returns those that were signed in.
func signInAtOnce(t *testing.T, e *env, link string, n int) []*webtest.Client {
	t.Helper()
	var mu sync.Mutex
	var won []*webtest.Client
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		c := e.Client(access.Anonymous)
		c.Get(link) // a CSRF token, as a person's browser would have
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if res, _ := c.PostForm(link, nil); res.StatusCode == http.StatusSeeOther {
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

// signIn signs a fresh browser in as the holder of email.
func signIn(t *testing.T, e *env, email string) *webtest.Client {
	t.Helper()
	c := e.Client(access.Anonymous)
	c.Get("/your-account/sign-in")
	c.PostForm("/your-account/sign-in", url.Values{"email": {email}})
	_, links := signInEmails(t, e)
	link := links[len(links)-1]
	c.Get(link)
	if res, _ := c.PostForm(link, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in: %d", res.StatusCode)
	}
	return c
}

// TestResidentDetailsCapturedOnce: a signed-in resident's new form starts
// with their proven address; the name and phone of their first request are
// kept and fill the next form; a resident who is not signed in gets nothing.
func TestResidentDetailsCapturedOnce(t *testing.T) {
	e := newEnv(t)
	bea := signIn(t, e, "bea@example.org")
	const you = "/services/missed-bin-collection/questions/you"
	_, body := bea.Get(you)
	if !strings.Contains(body, `value="bea@example.org"`) || !strings.Contains(body, `name="full_name" type="text" value=""`) {
		t.Fatalf("first form: the email is not filled in, or a name is:\n%s", body)
	}
	def, _ := e.Registry.Load().Get("report-a-pothole")
	c, err := e.Store.CaseByRef(context.Background(), journey(t, e, bea, def))
	if err != nil {
		t.Fatal(err)
	}
	if c.Applicant.Name == "" {
		t.Fatal("the journey gave no name")
	}
	_, body = bea.Get(you)
	if !strings.Contains(body, `name="full_name" type="text" value="`+c.Applicant.Name+`"`) {
		t.Errorf("the next form lacks the name %q given once", c.Applicant.Name)
	}
	_, body = e.Client(access.Anonymous).Get(you)
	if strings.Contains(body, c.Applicant.Name) || strings.Contains(body, "bea@example.org") {
		t.Error("a browser that is not signed in sees the resident's details")
	}
}
