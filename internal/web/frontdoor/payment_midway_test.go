package frontdoor_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

const bulky = "/services/bulky-waste"

// wantRedirect fails unless res is a 303 to want.
func wantRedirect(t *testing.T, what string, res *http.Response, want string) {
	t.Helper()
	if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != want {
		t.Fatalf("%s: %d to %q, want 303 to %q", what, res.StatusCode, got, want)
	}
}

// wantPage fails unless the page's <main> reads exactly want.
func wantPage(t *testing.T, what string, res *http.Response, body, want string) {
	t.Helper()
	if got := webtest.MainText(body); res.StatusCode != http.StatusOK || got != want {
		t.Fatalf("%s: %d\n got: %s\nwant: %s", what, res.StatusCode, got, want)
	}
}

// TestPaymentPartWay: a fee taken after the items to collect. The form
// leads to the payment from the items page; a declined payment comes back
// to pay again; once paid the form goes on, the items are fixed (shown as
// paid for, never saved again whatever is posted), "Check your answers"
// says what was paid and "Accept and send" makes the case with that
// payment.
func TestPaymentPartWay(t *testing.T) {
	e := newEnv(t, platformtest.Fixtures("bulky-waste"))
	c := e.Client(zeroPrincipal)
	twoItems(t, c)

	// Past the payment without paying: the next page is open, but
	// "Accept and send" asks for the fee first.
	res, body := c.Get(bulky + "/pay")
	wantPage(t, "pay page", res, body, "Book a bulky waste collection Pay the fee The fee for your answers is £24.00 . "+
		"You pay by debit or credit card on GOV.UK Pay, then come back here to finish your request. Your answers are kept. "+
		"Once you have paid, you cannot change the answers the fee is worked out from. Continue to payment")

	res, _ = c.PostForm(bulky+"/pay", nil)
	res, body = payAt(t, e, c, res, paytest.OutcomeDeclined)
	wantPage(t, "declined", res, body, "Book a bulky waste collection Your payment was declined "+
		"Your card has not been charged. Check your card details and try again, or use a different card. Try to pay again Check your answers")
	if action := attr(body[strings.Index(body, "<main"):], "action"); action != bulky+"/pay" {
		t.Errorf("try again posts to %q, want %s/pay", action, bulky)
	}

	res, _ = c.PostForm(bulky+"/pay", nil)
	res, _ = payAt(t, e, c, res, paytest.OutcomeSuccess)
	wantRedirect(t, "paid", res, bulky+"/questions/collection")
	res, _ = c.Get(bulky + "/pay") // paid: the payment page goes on
	wantRedirect(t, "pay page once paid", res, bulky+"/questions/collection")

	// The items are fixed: shown as paid for, and nothing posted changes them.
	res, body = c.Get(bulky + "/questions/items")
	wantPage(t, "items once paid", res, body, "Book a bulky waste collection Items to collect "+
		"You have paid £24.00 for these answers, so they cannot be changed now. If one is wrong, tell us when you send your request. "+
		"Items to collect Item 1: Sofa Item 2: Wardrobe Continue")
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{bulky + "/questions/items/items/3", url.Values{"what": {"Fridge"}}},
		{bulky + "/questions/items/items/1", url.Values{"what": {"Piano"}}},
		{bulky + "/questions/items/items/2/remove", url.Values{"confirm-remove": {"yes"}}},
		{bulky + "/questions/items", url.Values{"add-another": {"yes"}}},
	} {
		res, _ := c.PostForm(p.path, p.form)
		wantRedirect(t, "post to "+p.path, res, bulky+"/questions/collection")
	}
	res, body = c.Get(bulky + "/questions/items/items/1")
	wantPage(t, "an item once paid", res, body, "Book a bulky waste collection Items to collect "+
		"You have paid £24.00 for these answers, so they cannot be changed now. If one is wrong, tell us when you send your request. "+
		"Items to collect Item 1: Sofa Item 2: Wardrobe Continue")

	res, _ = c.PostForm(bulky+"/questions/collection", url.Values{"where": {"By the front gate"}})
	wantRedirect(t, "collection", res, bulky+"/questions/you")
	res, _ = c.PostForm(bulky+"/questions/you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}})
	wantRedirect(t, "you", res, bulky+"/check-answers")
	res, body = c.Get(bulky + "/check-answers")
	wantPage(t, "check your answers", res, body, "Book a bulky waste collection Check your answers before sending your request "+
		"Items to collect Items to collect Item 1: Sofa Item 2: Wardrobe "+
		"Where we collect from Where will you leave the items? By the front gate Change where will you leave the items? "+
		"Your details Full name Sam Resident Change full name Email address sam@example.org Change email address "+
		"Now send your request By sending this request you are confirming that, to the best of your knowledge, the details you are providing are correct. "+
		"You have paid £24.00 . We make your application when you send it. Accept and send")

	res, _ = c.PostForm(bulky+"/check-answers", nil)
	wantRedirect(t, "accept and send", res, bulky+"/confirmation")
	found, err := e.Store.FindCases(context.Background(), cases.Query{ServiceIDs: []string{"bulky-waste"}, Limit: 10, Access: access.Scope{All: true}})
	if err != nil || len(found) != 1 {
		t.Fatalf("cases: %d %v", len(found), err)
	}
	if items := found[0].Answers["items"].Items; len(items) != 2 || items[0]["what"].Text != "Sofa" || items[1]["what"].Text != "Wardrobe" {
		t.Errorf("the case's items: %+v", items)
	}
	paid, err := e.Store.PaymentsBetween(context.Background(), e.Clock.Now().Add(-time.Hour), e.Clock.Now().Add(time.Hour))
	if err != nil || len(paid) != 2 || paid[1].AmountPence != 2400 || paid[1].CaseRef != found[0].Ref || paid[0].CaseRef != "" {
		t.Errorf("payments: %+v %v", paid, err)
	}
}

// twoItems answers the bulky waste collection's items, a sofa and a
// wardrobe, up to its payment page.
func twoItems(t *testing.T, c *webtest.Client) {
	t.Helper()
	c.Get(bulky + "/questions/items/items/1") // a page, for its form token
	for i, what := range []string{"Sofa", "Wardrobe"} {
		res, body := c.PostForm(bulky+"/questions/items/items/"+itoa(i+1), url.Values{"what": {what}})
		wantRedirect(t, "item "+what+errorSummary(body), res, bulky+"/questions/items")
	}
	res, _ := c.PostForm(bulky+"/questions/items", url.Values{"add-another": {"no"}})
	wantRedirect(t, "items done", res, bulky+"/pay")
}

// TestPaymentConfirmedOnce: once GOV.UK Pay has confirmed a fee paid
// part-way by its id, the resident's record keeps that confirmation, so
// their next pages and "Accept and send" no longer ask GOV.UK Pay: with it
// down they still work and make the case, on SQLite and PostgreSQL. A
// successful payment written by hand for another resident's draft, with
// the first payment's confirmation copied onto it, is not believed: with
// GOV.UK Pay down, the pages behind its fee say the service is unavailable,
// and no case is made.
func TestPaymentConfirmedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		pay := paytest.New("api_test_frontdoor")
		t.Cleanup(pay.Close)
		e := platformtest.New(t, payingWith(pay), platformtest.OnStore(s), platformtest.Fixtures("bulky-waste"))
		ctx := context.Background()
		c, forger := e.Client(zeroPrincipal), e.Client(zeroPrincipal)
		twoItems(t, c)
		twoItems(t, forger)
		res, _ := c.PostForm(bulky+"/pay", nil)
		res, _ = payAt(t, e, c, res, paytest.OutcomeSuccess)
		wantRedirect(t, "paid", res, bulky+"/questions/collection")
		if res, _ := c.Get(bulky + "/questions/items"); res.StatusCode != http.StatusOK { // GOV.UK Pay asked, and confirms
			t.Fatalf("the page paid for, GOV.UK Pay up: %d", res.StatusCode)
		}
		forger.PostForm(bulky+"/pay", nil)                                                // a payment started, for the forger's draft's id
		ps, err := e.Store.PaymentsBetween(ctx, time.Time{}, time.Now().AddDate(1, 0, 0)) // the store keeps its own clock here
		if err != nil || len(ps) != 2 || ps[0].Status != cases.PaymentSucceeded || ps[0].Confirmation == "" {
			t.Fatalf("payments: %+v %v", ps, err)
		}
		paid, started := ps[0], ps[1]
		forged := cases.Payment{PaymentID: "invented0000000000000000", DraftID: started.DraftID, ServiceID: "bulky-waste",
			Reference: started.Reference, AmountPence: paid.AmountPence, Status: cases.PaymentSucceeded}
		if err := e.Store.CreatePayment(ctx, forged); err != nil {
			t.Fatal(err)
		}
		if err := e.Store.ConfirmPayment(ctx, forged.PaymentID, paid.Confirmation); err != nil {
			t.Fatal(err)
		}

		pay.Close()
		if res, body := c.Get(bulky + "/questions/items"); res.StatusCode != http.StatusOK || !strings.Contains(body, "You have paid <strong>£24.00</strong>") {
			t.Fatalf("the page paid for, GOV.UK Pay down: %d\n%s", res.StatusCode, errorSummary(body))
		}
		res, _ = c.Get(bulky + "/pay")
		wantRedirect(t, "the payment page, GOV.UK Pay down", res, bulky+"/questions/collection")
		for _, step := range []struct {
			path string
			form url.Values
			to   string
		}{
			{bulky + "/questions/collection", url.Values{"where": {"By the front gate"}}, bulky + "/questions/you"},
			{bulky + "/questions/you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}}, bulky + "/check-answers"},
			{bulky + "/check-answers", nil, bulky + "/confirmation"},
		} {
			if res, body := c.Get(step.path); res.StatusCode != http.StatusOK {
				t.Fatalf("%s with GOV.UK Pay down: %d\n%s", step.path, res.StatusCode, errorSummary(body))
			}
			res, body := c.PostForm(step.path, step.form)
			wantRedirect(t, step.path+errorSummary(body), res, step.to)
		}
		if res, body := forger.Get(bulky + "/questions/items"); res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("the page the forged payment pays for, GOV.UK Pay down: %d\n%s", res.StatusCode, text(body))
		}
		if res, _ := forger.PostForm(bulky+"/check-answers", nil); res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("the forged payment's accept and send with GOV.UK Pay down: %d", res.StatusCode)
		}
		if n := caseCount(e, "bulky-waste"); n != 1 {
			t.Errorf("%d cases, want the one paid for", n)
		}
	})
}

// TestPaymentForAnswersThatChanged: answers changed in another tab while
// the person was on GOV.UK Pay. The payment went through for two vehicles;
// the answers now have three, so it pays for nothing: no case is made with
// a fee that was never paid, and the person is told and pays the new fee.
func TestPaymentForAnswersThatChanged(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	permitDraft(t, c, 2)
	const permit = "/services/resident-parking-permit"
	res, _ := c.PostForm(permit+"/check-answers", nil)
	payNext := res.Header.Get("Location")
	// The other tab adds a vehicle while the first is on GOV.UK Pay.
	res, body := c.PostForm(permit+"/questions/vehicles/items/3", url.Values{"registration": {"AB13 CDE"}, "make": {"Ford"}, "keeper": {"yes"}})
	wantRedirect(t, "third vehicle"+errorSummary(body), res, permit+"/questions/vehicles")
	res, body = c.Get(finishAt(t, payNext, paytest.OutcomeSuccess))
	wantPage(t, "fee changed", res, body, "Apply for a resident parking permit Your answers changed while you were paying "+
		"You paid £100.00, but you changed your answers while you were paying. The fee for your answers is now £150.00. "+
		"Pay again to send your request. We will refund the £100.00 you paid first. Try to pay again Check your answers")
	if n := caseCount(e, "resident-parking-permit"); n != 0 {
		t.Fatalf("%d cases made for a fee that was not paid", n)
	}
	// Nor can anything else make it: the case service itself refuses the
	// £100 payment for answers whose fee is £150.
	ctx := context.Background()
	first, err := e.Store.PaymentsBetween(ctx, e.Clock.Now().Add(-time.Hour), e.Clock.Now().Add(time.Hour))
	if err != nil || len(first) != 1 {
		t.Fatalf("payments: %+v %v", first, err)
	}
	svc, answers, _, err := e.Store.PaidDraft(ctx, first[0].DraftID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Cases.Submit(ctx, access.System, cases.Submission{ServiceID: svc, Answers: answers, Channel: cases.ChannelWeb,
		IdempotencyKey: first[0].DraftID, PaymentID: first[0].PaymentID})
	if !errors.Is(err, fault.Conflict) || fault.Public(err) != "the fee for these answers is not the £100.00 that was paid" {
		t.Fatalf("the case service made a case with a payment of another fee: %v", err)
	}
	res, _ = c.PostForm(permit+"/check-answers", nil)
	res, _ = payAt(t, e, c, res, paytest.OutcomeSuccess)
	wantRedirect(t, "paid the new fee", res, permit+"/confirmation")
	paid, err := e.Store.PaymentsBetween(context.Background(), e.Clock.Now().Add(-time.Hour), e.Clock.Now().Add(time.Hour))
	if err != nil || len(paid) != 2 || paid[1].AmountPence != 15000 || paid[1].CaseRef == "" || paid[0].CaseRef != "" {
		t.Errorf("payments: %+v %v", paid, err)
	}
}
