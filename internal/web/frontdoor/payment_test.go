package frontdoor_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// payAt follows "Accept and pay" to the local GOV.UK Pay, ends the payment
// with outcome as the card page would, and returns the front door's answer
// to the person coming back.
func payAt(t *testing.T, e *env, c *webtest.Client, res *http.Response, outcome string) (*http.Response, string) {
	t.Helper()
	next := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(next, "/pay/") {
		t.Fatalf("accept and pay: %d %s, want a redirect to GOV.UK Pay", res.StatusCode, next)
	}
	return c.Get(finishAt(t, next, outcome))
}

// finishAt chooses outcome on the local GOV.UK Pay's card page at next, as
// a person would, and returns the path it sends them back to.
func finishAt(t *testing.T, next, outcome string) string {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.PostForm(next, url.Values{"outcome": {outcome}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	u, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("card page: %d %v", res.StatusCode, err)
	}
	return u.Path
}

// permitDraft answers the parking permit with n vehicles, up to "Check your answers".
func permitDraft(t *testing.T, c *webtest.Client, n int) {
	t.Helper()
	const svc = "/services/resident-parking-permit/questions/"
	c.Get(svc + "address")
	steps := []struct {
		path string
		form url.Values
	}{{svc + "address", url.Values{"address-line1": {"1 High Street"}, "address-town": {"Guildtown"}, "address-postcode": {"SW1A 1AA"}}}}
	for i := 1; i <= n; i++ {
		steps = append(steps, struct {
			path string
			form url.Values
		}{svc + "vehicles/items/" + itoa(i), url.Values{"registration": {"AB1" + itoa(i) + " CDE"}, "make": {"Ford"}, "keeper": {"yes"}}})
	}
	steps = append(steps, struct {
		path string
		form url.Values
	}{svc + "you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}}})
	for _, s := range steps {
		if res, body := c.PostForm(s.path, s.form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", s.path, res.StatusCode, errorSummary(body))
		}
	}
}

// TestPaymentOutcomes: a declined, cancelled, timed-out or failed payment
// makes no case, says so in GOV.UK words, keeps the answers and lets the
// person pay again; a successful one makes the case for the fee worked
// out from three vehicles, and returning again changes nothing.
func TestPaymentOutcomes(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	permitDraft(t, c, 3)
	const check = "/services/resident-parking-permit/check-answers"
	if _, body := c.Get(check); !strings.Contains(body, "Accept and pay") {
		t.Error("check your answers does not say the person will pay")
	}
	for outcome, title := range map[string]string{
		paytest.OutcomeDeclined:  "Your payment was declined",
		paytest.OutcomeCancelled: "Your payment was cancelled",
		paytest.OutcomeExpired:   "Your payment session timed out",
		paytest.OutcomeError:     "Sorry, there is a problem with the payment service",
	} {
		res, _ := c.PostForm(check, nil)
		res, body := payAt(t, e, c, res, outcome)
		if res.StatusCode != 200 || !strings.Contains(body, "<h1 class=\"govuk-heading-l\">"+title+"</h1>") || !strings.Contains(body, "Try to pay again") {
			t.Errorf("%s: %d\n%s", outcome, res.StatusCode, errorSummary(body))
		}
		if n := caseCount(e, "resident-parking-permit"); n != 0 {
			t.Fatalf("%s made %d cases", outcome, n)
		}
	}
	res, _ := c.PostForm(check, nil)
	res, _ = payAt(t, e, c, res, paytest.OutcomeSuccess)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/confirmation") {
		t.Fatalf("paid: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The return link used again (back button, a second tab) makes nothing new.
	res, _ = c.Get("/services/resident-parking-permit/payment/return")
	if res.StatusCode != http.StatusSeeOther || caseCount(e, "resident-parking-permit") != 1 {
		t.Errorf("second return: %d, %d cases", res.StatusCode, caseCount(e, "resident-parking-permit"))
	}
	paid, err := e.Store.PaymentsBetween(context.Background(), e.Clock.Now().Add(-time.Hour), e.Clock.Now().Add(time.Hour))
	if err != nil || len(paid) != 5 {
		t.Fatalf("payments: %v %v", paid, err)
	}
	last := paid[4]
	if last.Status != govukpay.StatusSuccess || last.AmountPence != 15000 || last.CaseRef == "" || paid[0].CaseRef != "" {
		t.Errorf("recorded payments: %+v", paid)
	}
}

// TestPaymentReturnTwiceAtOnce: the return URL hit twice at once (a double
// redirect, two tabs) makes one case.
func TestPaymentReturnTwiceAtOnce(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	permitDraft(t, c, 2)
	res, _ := c.PostForm("/services/resident-parking-permit/check-answers", nil)
	finishAt(t, res.Header.Get("Location"), paytest.OutcomeSuccess)
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := c.Get("/services/resident-parking-permit/payment/return")
			statuses[i] = res.StatusCode
		}()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusSeeOther {
			t.Errorf("a return answered %d", s)
		}
	}
	if n := caseCount(e, "resident-parking-permit"); n != 1 {
		t.Errorf("%d cases, want 1", n)
	}
}

// TestPaymentRecordedByHand: someone with access to the database records
// a successful payment of the right fee for a resident's application,
// which GOV.UK Pay never took. "Accept and pay" does not believe it: it
// asks GOV.UK Pay, makes no case and sends the resident to pay; once they
// have, one case is made with the payment GOV.UK Pay took.
func TestPaymentRecordedByHand(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	permitDraft(t, c, 3)
	const check = "/services/resident-parking-permit/check-answers"
	res, _ := c.PostForm(check, nil)
	first := res.Header.Get("Location")
	ctx := context.Background()
	day := func() []cases.Payment {
		t.Helper()
		ps, err := e.Store.PaymentsBetween(ctx, e.Clock.Now().Add(-time.Hour), e.Clock.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	started := day()
	if len(started) != 1 {
		t.Fatalf("payments: %+v", started)
	}
	draft := started[0].DraftID
	if err := e.Store.CreatePayment(ctx, cases.Payment{PaymentID: "invented0000000000000000", DraftID: draft, ServiceID: "resident-parking-permit",
		Reference: draft, AmountPence: 15000, Status: cases.PaymentSucceeded}); err != nil {
		t.Fatal(err)
	}
	res, _ = c.PostForm(check, nil)
	if n := caseCount(e, "resident-parking-permit"); n != 0 {
		t.Fatalf("a payment written by hand made %d cases", n)
	}
	res, _ = payAt(t, e, c, res, paytest.OutcomeSuccess)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/confirmation") || caseCount(e, "resident-parking-permit") != 1 {
		t.Fatalf("paid: %d %s, %d cases", res.StatusCode, res.Header.Get("Location"), caseCount(e, "resident-parking-permit"))
	}
	ps := day()
	taken := ps[len(ps)-1]
	if len(ps) != 3 || taken.PaymentID == "invented0000000000000000" || taken.PaymentID == started[0].PaymentID || taken.CaseRef == "" ||
		!strings.Contains(first, started[0].PaymentID) {
		t.Errorf("payments: %+v", ps)
	}
}
