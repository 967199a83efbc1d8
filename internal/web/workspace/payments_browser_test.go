package workspace_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestPaymentsInBrowser: an officer refunds part of a fee from the case
// page (a refund too large first), and a finance officer reconciles the
// day and reads its report: in real Chromium with JavaScript, and without
// it at 320px, with axe-core (WCAG 2.2 A and AA) finding nothing on each
// page, the error state included.
func TestPaymentsInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		pay := paytest.New("api_test_browser")
		t.Cleanup(pay.Close)
		e := platformtest.New(t, platformtest.Bundled(), platformtest.Staff(parkingOfficer, financeOfficer), platformtest.At(testNow),
			platformtest.Configure(func(c *platform.Config) { c.PayAPIKey, c.PayBaseURL = pay.APIKey, pay.URL }))
		pay.Now = e.Clock.Now
		c, _ := paidPermit(t, e, pay, "draft-browser", 2)

		tab := m.NewPage(t)
		e.SignInTab(tab, parkingOfficer)
		tab.Navigate(e.URL + "/workspace/cases/" + c.Ref)
		check(t, tab, "Payment", "£100.00 on", "Refund a payment")
		typeInto(tab, "#refund-amount", "100.50")
		typeInto(tab, "#refund-reason", "Permit no longer needed")
		tab.Click(`form[action$="/refunds"] button`)
		check(t, tab, "There is a problem", "The refund must be £100.00 or less", `href="#refund-amount"`)
		tab.Do(chromedp.SetValue(chromedp.CSS("#refund-amount"), "40"))
		tab.Click(`form[action$="/refunds"] button`)
		check(t, tab, "The refund was sent to GOV.UK Pay", "£40.00 asked of GOV.UK Pay. Reason: Permit no longer needed", "Up to £60.00.")

		fin := m.NewPage(t)
		e.SignInTab(fin, financeOfficer)
		fin.Navigate(e.URL + "/workspace")
		fin.Click(`a[href="/workspace/payments"]`)
		check(t, fin, "Payments reconciliation", "No day has been reconciled yet")
		fin.Do(chromedp.SetValue(chromedp.CSS("#day"), "next week"))
		fin.Click(`form[action="/workspace/payments"] button`)
		check(t, fin, "There is a problem", "Enter a day that has begun")
		fin.Do(chromedp.SetValue(chromedp.CSS("#day"), "2026-11-23"))
		fin.Click(`form[action="/workspace/payments"] button`)
		check(t, fin, "Payments on Monday 23 November 2026", "Paid, case made", c.Ref, "Download as CSV")
		if !strings.HasSuffix(fin.Location(), "/workspace/payments/2026-11-23") {
			t.Errorf("after reconciling at %s", fin.Location())
		}
		for _, pg := range []*browsertest.Page{tab, fin} {
			if !m.JavaScript && pg.Overflow() > 0 {
				t.Errorf("%s is wider than 320px", pg.Location())
			}
			if errs := pg.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		}
	})
}
