package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

var financeOfficer = access.Principal{Kind: access.KindStaff, UserID: "finance-1", Name: "Fin Ance",
	Grants: []access.Grant{{Role: cases.RoleFinance, Team: "*"}}, MFA: true}

// startPayment records a payment begun for draftID as "Accept and pay"
// does, and returns GOV.UK Pay's id for it.
func startPayment(t *testing.T, e *env, pay *paytest.Server, draftID string, pence int64) string {
	t.Helper()
	client := &govukpay.Client{BaseURL: pay.URL, APIKey: pay.APIKey}
	p, err := client.Create(context.Background(), govukpay.CreateRequest{Amount: pence, Reference: draftID, Description: "Resident parking permit", ReturnURL: "http://127.0.0.1/r"})
	if err != nil {
		t.Fatal(err)
	}
	rec := cases.Payment{PaymentID: p.PaymentID, DraftID: draftID, ServiceID: "resident-parking-permit", Reference: draftID, AmountPence: pence, Status: p.State.Status}
	if err := e.Store.CreatePayment(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	return p.PaymentID
}

// TestReconcileDay: a day of payments — one paid with its case and part
// refunded, one paid by a resident who closed the browser on GOV.UK Pay
// (its case is made from the draft, once, however often reconciliation
// runs), one declined, one never finished, and one GOV.UK Pay holds that
// Guildhall never recorded — reconciled by the nightly task, shown to a
// finance officer and downloaded as CSV; other officers are not shown it.
func TestReconcileDay(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		ctx := context.Background()
		pay.Now = e.Clock.Now
		paid, paidID := paidPermit(t, e, pay, "draft-paid", 2)
		cl := atDesk(e, parkingOfficer)
		if res, _ := cl.PostForm("/workspace/cases/"+paid.Ref+"/refunds", url.Values{"amount": {"25"}, "reason": {"Half a year"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refund: %d", res.StatusCode)
		}
		pay.SettleRefund(paidID, pay.Refunds(paidID)[0].RefundID, govukpay.RefundSuccess)
		if err := e.Cases.SettleRefunds(ctx); err != nil {
			t.Fatal(err)
		}

		e.Clock.Add(time.Hour)
		if err := e.Store.SaveDraft(ctx, "draft-closed", "session-gone", "resident-parking-permit", permitAnswers(1)); err != nil {
			t.Fatal(err)
		}
		closedID := startPayment(t, e, pay, "draft-closed", 5000)
		pay.Finish(closedID, paytest.OutcomeSuccess) // and the browser was closed: no return

		e.Clock.Add(time.Hour)
		declinedID := startPayment(t, e, pay, "draft-declined", 5000)
		pay.Finish(declinedID, paytest.OutcomeDeclined)
		e.Clock.Add(time.Hour)
		unfinishedID := startPayment(t, e, pay, "draft-unfinished", 10000)
		e.Clock.Add(time.Hour)
		client := &govukpay.Client{BaseURL: pay.URL, APIKey: pay.APIKey}
		stray, err := client.Create(ctx, govukpay.CreateRequest{Amount: 1234, Reference: "=HYPERLINK(1)", Description: "Taken elsewhere", ReturnURL: "http://x/r"})
		if err != nil {
			t.Fatal(err)
		}

		e.Clock.Set(time.Date(2026, 11, 24, 1, 30, 0, 0, time.UTC))
		if err := e.Cases.ReconcileTask(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Store.ReconciliationOf(ctx, "2026-11-23"); err == nil {
			t.Fatal("reconciled before 2am")
		}
		e.Clock.Set(time.Date(2026, 11, 24, 2, 5, 0, 0, time.UTC))
		if err := e.Cases.ReconcileTask(ctx); err != nil {
			t.Fatal(err)
		}
		rep, err := e.Store.ReconciliationOf(ctx, "2026-11-23")
		if err != nil || len(rep.Lines) != 5 {
			t.Fatalf("report: %+v %v", rep, err)
		}
		made := rep.Lines[1].CaseRef
		if made == "" || rep.Lines[1].Outcome != cases.OutcomeCaseMade {
			t.Fatalf("the paid draft made no case: %+v", rep.Lines[1])
		}
		c, err := e.Store.CaseByRef(ctx, made)
		if err != nil || c.Applicant.Email != "sam@example.org" || len(c.Answers["vehicles"].Items) != 1 {
			t.Fatalf("made case: %+v %v", c, err)
		}

		fin := atDesk(e, financeOfficer)
		// Reconciling again makes no second case and finds the case made.
		if res, _ := fin.PostForm("/workspace/payments", url.Values{"day": {"2026-11-23"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reconcile again: %d", res.StatusCode)
		}
		if n := countCases(t, e, "resident-parking-permit"); n != 2 {
			t.Errorf("%d permit cases, want 2 (one paid at the return, one made by reconciliation)", n)
		}
		csvWant := strings.Join([]string{
			"created_at,payment_id,reference,service,amount,govuk_pay_status,case,refunded,outcome,note",
			"2026-11-23T10:00:00Z," + paidID + ",draft-paid,resident-parking-permit,100.00,success," + paid.Ref + ",25.00,case,",
			"2026-11-23T11:00:00Z," + closedID + ",draft-closed,resident-parking-permit,50.00,success," + made + ",0.00,case,",
			"2026-11-23T12:00:00Z," + declinedID + ",draft-declined,resident-parking-permit,50.00,failed,,0.00,failed,",
			"2026-11-23T13:00:00Z," + unfinishedID + ",draft-unfinished,resident-parking-permit,100.00,created,,0.00,unfinished,",
			"2026-11-23T14:00:00Z," + stray.PaymentID + ",'=HYPERLINK(1),,12.34,created,,0.00,not-recorded,GOV.UK Pay holds this payment (Taken elsewhere) but Guildhall has no record of it",
		}, "\n") + "\n"
		webtest.Run(t, fin, []webtest.Scenario{
			{Name: "home links to it", URL: "/workspace", Status: http.StatusOK, Contains: []string{`href="/workspace/payments"`}},
			{Name: "list", URL: "/workspace/payments", Status: http.StatusOK, Contains: []string{"Monday 23 November 2026", "2 paid (£150.00), 1 need action"}},
			{Name: "day", URL: "/workspace/payments/2026-11-23", Status: http.StatusOK, Contains: []string{
				"Payments on Monday 23 November 2026", "Paid, case made</dt><dd class=\"govuk-summary-list__value\">2 (£150.00)",
				"In GOV.UK Pay only: needs action</dt><dd class=\"govuk-summary-list__value\">1 (£12.34)", "Refunded</dt><dd class=\"govuk-summary-list__value\">£25.00",
				`href="/workspace/cases/` + made + `"`, "Not paid", "Not finished"}},
			{Name: "csv", URL: "/workspace/payments/2026-11-23/csv", Status: http.StatusOK, Check: func(t *testing.T, _ *http.Response, body string) {
				if body != csvWant {
					t.Errorf("CSV:\n%s\nwant:\n%s", body, csvWant)
				}
			}},
			{Name: "a day not begun", Method: "POST", URL: "/workspace/payments", Form: url.Values{"day": {"2026-11-25"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Enter a day that has begun, like 2026-11-23"}},
		})
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "an officer without the role", URL: "/workspace/payments", Status: http.StatusNotFound},
			{Name: "nor a day", URL: "/workspace/payments/2026-11-23/csv", Status: http.StatusNotFound},
			{Name: "nor reconcile", Method: "POST", URL: "/workspace/payments", Form: url.Values{"day": {"2026-11-23"}}, Status: http.StatusNotFound},
		})
	}, platformtest.Staff(financeOfficer))
}

func countCases(t *testing.T, e *env, serviceID string) int {
	t.Helper()
	found, err := e.Store.FindCases(context.Background(), cases.Query{ServiceIDs: []string{serviceID}, Limit: 200, Access: access.Scope{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	return len(found)
}

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
		fin := atDesk(e, financeOfficer)
		webtest.Run(t, fin, []webtest.Scenario{
			{Name: "day", URL: "/workspace/payments/" + day, Status: http.StatusOK, Contains: []string{
				"Not in GOV.UK Pay: needs action</dt><dd class=\"govuk-summary-list__value\">1 (£100.00)",
				"invented0000000000000000"}},
		})
	}, platformtest.Staff(financeOfficer))
}
