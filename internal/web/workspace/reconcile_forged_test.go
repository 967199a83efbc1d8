package workspace_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// TestReconcileRecordsWrittenByHand: someone with access to the database
// makes two saved permit applications look paid: it inserts a 'success'
// payment GOV.UK Pay has never heard of for one, and marks the other's
// declined payment 'success'. Reconciliation asks GOV.UK Pay about each,
// makes no case for either, lists the invented one for a finance officer
// as needing action, saying why, and puts the declined one back as not
// paid.
func TestReconcileRecordsWrittenByHand(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		ctx := context.Background()
		pay.Now = e.Clock.Now
		for _, d := range []string{"draft-invented", "draft-declined"} {
			if err := e.Store.SaveDraft(ctx, d, "session-"+d, "resident-parking-permit", permitAnswers(2)); err != nil {
				t.Fatal(err)
			}
		}
		declined := startPayment(t, e, pay, "draft-declined", 10000)
		if _, err := pay.Finish(declined, paytest.OutcomeDeclined); err != nil {
			t.Fatal(err)
		}
		if err := e.Store.UpdatePayment(ctx, declined, cases.PaymentSucceeded, "", ""); err != nil {
			t.Fatal(err)
		}
		if err := e.Store.CreatePayment(ctx, cases.Payment{PaymentID: "invented0000000000000000", DraftID: "draft-invented",
			ServiceID: "resident-parking-permit", Reference: "draft-invented", AmountPence: 10000, Status: cases.PaymentSucceeded}); err != nil {
			t.Fatal(err)
		}
		day := e.Clock.Now().In(workday.London).Format("2006-01-02")
		rep, err := e.Cases.Reconcile(ctx, access.System, day)
		if err != nil {
			t.Fatal(err)
		}
		if n := countCases(t, e, "resident-parking-permit"); n != 0 {
			t.Errorf("%d permit cases made from payments GOV.UK Pay did not take", n)
		}
		got := map[string]cases.ReconcileLine{}
		for _, l := range rep.Lines {
			got[l.Reference] = l
		}
		if l := got["draft-invented"]; l.Outcome != cases.OutcomeNotTheirs || l.CaseRef != "" ||
			l.Note != "Guildhall records this payment but GOV.UK Pay has no record of it, so it paid for nothing. Find out who recorded it" {
			t.Errorf("invented payment: %+v", l)
		}
		if l := got["draft-declined"]; l.Outcome != cases.OutcomeFailed || l.Status != "failed" || l.CaseRef != "" {
			t.Errorf("declined payment marked paid: %+v", l)
		}
		fin := e.Client(financeOfficer)
		fin.Get("/workspace")
		webtest.Run(t, fin, []webtest.Scenario{
			{Name: "day", URL: "/workspace/payments/" + day, Status: http.StatusOK, Contains: []string{
				"Not in GOV.UK Pay: needs action</dt><dd class=\"govuk-summary-list__value\">1 (£100.00)",
				"invented0000000000000000"}},
		})
	}, platformtest.Staff(financeOfficer))
}
