package frontdoor_test

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// presses is how many identical requests each race sends at once.
const presses = 20

// pressAtOnce sends the same request presses times at once from one
// browser and returns where each answer sends it; any other answer than
// a redirect fails the test.
func pressAtOnce(t *testing.T, send func() *http.Response) []string {
	t.Helper()
	got := make([]string, presses)
	codes := make([]int, presses)
	webtest.AtOnce(presses, func(i int) {
		res := send()
		codes[i], got[i] = res.StatusCode, res.Header.Get("Location")
	})
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Fatalf("press %d answered %d, want 303", i, code)
		}
	}
	return got
}

// allTo fails unless every press was sent to the same place, and returns it.
func allTo(t *testing.T, what string, to []string) string {
	t.Helper()
	for _, l := range to {
		if l != to[0] {
			t.Fatalf("%s sent presses to %q and %q", what, to[0], l)
		}
	}
	return to[0]
}

// draftPayments are the payments recorded for the draft that payment id
// is for, and GOV.UK Pay's payments with that draft's reference.
func draftPayments(t *testing.T, e *platformtest.Platform, id string) (ours []cases.Payment, theirs []govukpay.Payment) {
	t.Helper()
	ctx := context.Background()
	one, err := e.Store.PaymentByID(ctx, id)
	if err != nil {
		t.Fatalf("payment %s: %v", id, err)
	}
	draft := one.DraftID
	all, err := e.Store.PaymentsBetween(ctx, e.Clock.Now().Add(-time.Hour), e.Clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if p.DraftID == draft {
			ours = append(ours, p)
		}
	}
	pay := &govukpay.Client{BaseURL: e.Config.PayBaseURL, APIKey: e.Config.PayAPIKey}
	// The local GOV.UK Pay keeps the wall clock's time, not the test's.
	list, err := pay.Search(ctx, time.Unix(0, 0), time.Now().AddDate(10, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Reference == draft {
			theirs = append(theirs, p)
		}
	}
	return ours, theirs
}

// TestPaymentPressedAtOnce, on SQLite and PostgreSQL: "Accept and pay" at
// the end of a form, and "Continue to payment" part-way through one, each
// pressed twenty times at once, create one GOV.UK Pay payment and send
// every press to its card page; pressed again later (back from GOV.UK
// Pay) they send the person back to the same payment. GOV.UK Pay's return
// hit twenty times at once then makes one case at the end, and part-way
// sends every hit on to the next page without making a case; the form
// then ends in one case.
func TestPaymentPressedAtOnce(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		for _, j := range []struct {
			name, service, press, onward string
			fill                         func(t *testing.T, c *webtest.Client)
		}{
			{"at the end", "resident-parking-permit", "/check-answers", "/confirmation", func(t *testing.T, c *webtest.Client) { permitDraft(t, c, 3) }},
			{"part-way", "bulky-waste", "/pay", "/questions/collection", bulkyItems},
		} {
			t.Run(j.name, func(t *testing.T) {
				svc := "/services/" + j.service
				c := e.Client(zeroPrincipal)
				j.fill(t, c)
				next := allTo(t, "pressing at once", pressAtOnce(t, func() *http.Response { res, _ := c.PostForm(svc+j.press, nil); return res }))
				ours, theirs := draftPayments(t, e, path.Base(next))
				if len(ours) != 1 || len(theirs) != 1 || next != e.Config.PayBaseURL+"/pay/"+theirs[0].PaymentID {
					t.Fatalf("%d payments recorded, %d at GOV.UK Pay, presses sent to %s; want one", len(ours), len(theirs), next)
				}
				res, _ := c.PostForm(svc+j.press, nil)
				if again := res.Header.Get("Location"); again != next {
					t.Errorf("pressed again later: sent to %q, want the same payment %q", again, next)
				}
				back := finishAt(t, next, paytest.OutcomeSuccess)
				onward := allTo(t, "returning at once", pressAtOnce(t, func() *http.Response { res, _ := c.Get(back); return res }))
				if onward != svc+j.onward {
					t.Errorf("returns sent to %s, want %s", onward, svc+j.onward)
				}
				if j.name == "part-way" {
					if n := caseCount(e, j.service); n != 0 {
						t.Fatalf("paying part-way made %d cases", n)
					}
					finishBulky(t, c)
				}
				ours, theirs = draftPayments(t, e, path.Base(next))
				if n := caseCount(e, j.service); n != 1 || len(ours) != 1 || len(theirs) != 1 || ours[0].CaseRef == "" {
					t.Errorf("%d cases, payments %+v, %d at GOV.UK Pay; want one case, paid once", n, ours, len(theirs))
				}
			})
		}
	}, payOption(t), platformtest.Fixtures("bulky-waste"), platformtest.BundledServices("resident-parking-permit"))
}

// bulkyItems answers the bulky waste form up to its payment.
func bulkyItems(t *testing.T, c *webtest.Client) {
	t.Helper()
	c.Get(bulky + "/questions/items/items/1")
	for i, what := range []string{"Sofa", "Wardrobe"} {
		res, body := c.PostForm(bulky+"/questions/items/items/"+itoa(i+1), url.Values{"what": {what}})
		wantRedirect(t, "item "+what+errorSummary(body), res, bulky+"/questions/items")
	}
	res, _ := c.PostForm(bulky+"/questions/items", url.Values{"add-another": {"no"}})
	wantRedirect(t, "items done", res, bulky+"/pay")
}

// finishBulky answers the rest of the bulky waste form once paid, and sends it.
func finishBulky(t *testing.T, c *webtest.Client) {
	t.Helper()
	res, _ := c.PostForm(bulky+"/questions/collection", url.Values{"where": {"By the front gate"}})
	wantRedirect(t, "collection", res, bulky+"/questions/you")
	res, _ = c.PostForm(bulky+"/questions/you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}})
	wantRedirect(t, "you", res, bulky+"/check-answers")
	res, _ = c.PostForm(bulky+"/check-answers", nil)
	wantRedirect(t, "accept and send", res, bulky+"/confirmation")
}
