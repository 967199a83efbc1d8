package workspace

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// pathPayments is the daily payments reconciliation.
const pathPayments = "/workspace/payments"

// outcomeLabels say what reconciliation found, for people, with the tag
// colour of each.
var outcomeLabels = map[cases.PayOutcome][2]string{
	cases.OutcomeCase:       {"Paid, case made", "govuk-tag--green"},
	cases.OutcomeCaseMade:   {"Paid, case made by reconciliation", "govuk-tag--turquoise"},
	cases.OutcomeNoCase:     {"Paid, no case: needs action", "govuk-tag--red"},
	cases.OutcomeFailed:     {"Not paid", "govuk-tag--grey"},
	cases.OutcomeUnfinished: {"Not finished", "govuk-tag--yellow"},
	cases.OutcomeNotOurs:    {"In GOV.UK Pay only: needs action", "govuk-tag--red"},
	cases.OutcomeNotTheirs:  {"Not in GOV.UK Pay: needs action", "govuk-tag--red"},
}

// outcomeOrder is the order of a report's summary.
var outcomeOrder = []cases.PayOutcome{cases.OutcomeCase, cases.OutcomeCaseMade, cases.OutcomeNoCase, cases.OutcomeNotOurs, cases.OutcomeNotTheirs, cases.OutcomeFailed, cases.OutcomeUnfinished}

type paymentsPage struct {
	Reports []reportLink
	Action  string
	Day     string
	Errors  []web.FieldError
}

type reportLink struct{ URL, Day, Summary string }

type reportPage struct {
	Day, ISODay, Made, CSV, Action string
	Unchecked                      bool
	Summary                        []answerRow
	Lines                          []reportRow
}

type reportRow struct {
	At, PaymentID, Reference, Service, Amount, Status, Case, CaseURL, Refunded, Outcome, Tag, Note string
}

// paymentsHome lists the reports and offers to reconcile a day now.
func (h *handler) paymentsHome(w http.ResponseWriter, r *http.Request) error {
	return h.paymentsList(w, r, http.StatusOK, h.now().In(workday.London).AddDate(0, 0, -1).Format(time.DateOnly), nil)
}

func (h *handler) paymentsList(w http.ResponseWriter, r *http.Request, status int, day string, problems []web.FieldError) error {
	reports, err := h.Cases.Reconciliations(r.Context(), principal(r), 31)
	if err != nil {
		return err
	}
	data := paymentsPage{Action: pathPayments, Day: day, Errors: problems}
	for _, rep := range reports {
		n, pence := rep.Count(cases.OutcomeCase)
		m, more := rep.Count(cases.OutcomeCaseMade)
		bad, _ := rep.Count(cases.OutcomeNoCase)
		other, _ := rep.Count(cases.OutcomeNotOurs)
		forged, _ := rep.Count(cases.OutcomeNotTheirs)
		other += forged
		summary := strconv.Itoa(n+m) + " paid (" + cases.Pounds(pence+more) + ")"
		if bad+other > 0 {
			summary += ", " + strconv.Itoa(bad+other) + " need action"
		}
		data.Reports = append(data.Reports, reportLink{URL: pathPayments + "/" + rep.Day, Day: dayLabel(rep.Day), Summary: summary})
	}
	return h.page(w, r, status, "payments", data)
}

// paymentsReconcile reconciles the day asked for now.
func (h *handler) paymentsReconcile(w http.ResponseWriter, r *http.Request) error {
	day := r.PostFormValue("day")
	_, err := h.Cases.Reconcile(r.Context(), principal(r), day)
	if errors.Is(err, fault.Invalid) {
		return h.paymentsList(w, r, http.StatusUnprocessableEntity, day, []web.FieldError{{Field: "day", Message: "Enter a day that has begun, like " + h.now().In(workday.London).AddDate(0, 0, -1).Format(time.DateOnly)}})
	}
	if errors.Is(err, fault.Forbidden) {
		return fault.New(fault.NotFound, "no payments reconciliation")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, pathPayments+"/"+day, http.StatusSeeOther)
	return nil
}

// paymentsReport shows one day's report.
func (h *handler) paymentsReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Cases.ReconciliationOf(r.Context(), principal(r), r.PathValue("day"))
	if err != nil {
		return err
	}
	data := reportPage{Day: dayLabel(rep.Day), ISODay: rep.Day, Made: formatTime(rep.MadeAt), CSV: pathPayments + "/" + rep.Day + "/csv",
		Action: pathPayments, Unchecked: rep.Unchecked}
	for _, o := range outcomeOrder {
		if n, pence := rep.Count(o); n > 0 {
			data.Summary = append(data.Summary, answerRow{Label: outcomeLabels[o][0], Value: strconv.Itoa(n) + " (" + cases.Pounds(pence) + ")"})
		}
	}
	data.Summary = append(data.Summary, answerRow{Label: "Refunded", Value: cases.Pounds(rep.RefundedPence())})
	for _, l := range rep.Lines {
		row := reportRow{At: formatTime(l.CreatedAt), PaymentID: l.PaymentID, Reference: l.Reference, Service: h.serviceName(l.ServiceID),
			Amount: cases.Pounds(l.AmountPence), Status: l.Status, Case: l.CaseRef, Refunded: cases.Pounds(l.RefundedPence),
			Outcome: outcomeLabels[l.Outcome][0], Tag: outcomeLabels[l.Outcome][1], Note: l.Note}
		if l.CaseRef != "" {
			row.CaseURL = caseURL(l.CaseRef)
		}
		data.Lines = append(data.Lines, row)
	}
	return h.page(w, r, http.StatusOK, "payments_day", data)
}

// reconcileColumns are the report's CSV columns.
var reconcileColumns = []string{"created_at", "payment_id", "reference", "service", "amount", "govuk_pay_status", "case", "refunded", "outcome", "note"}

// paymentsCSV is one day's report as CSV, through csvsafe: references
// and notes hold text people typed.
func (h *handler) paymentsCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Cases.ReconciliationOf(r.Context(), principal(r), r.PathValue("day"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="payments-`+rep.Day+`.csv"`)
	cw := csvsafe.NewWriter(w)
	_ = cw.Write(reconcileColumns)
	for _, l := range rep.Lines {
		_ = cw.Write([]string{l.CreatedAt.UTC().Format(time.RFC3339), l.PaymentID, l.Reference, l.ServiceID, pounds(l.AmountPence),
			l.Status, l.CaseRef, pounds(l.RefundedPence), string(l.Outcome), l.Note})
	}
	cw.Flush()
	return cw.Error()
}

// pounds writes pence as a plain decimal for a spreadsheet: 150.00.
func pounds(pence int64) string { return strconv.FormatFloat(float64(pence)/100, 'f', 2, 64) }

// dayLabel writes 2026-12-03 as people read it: Thursday 3 December 2026.
func dayLabel(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("Monday 2 January 2006")
}
