package workspace

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// auditPageSize is how many entries a page of the audit log shows.
const auditPageSize = 50

// auditQuery is the audit log search as it appears in the URL.
type auditQuery struct {
	Actor, Action, Subject, From, To string
	Before                           int64
}

// auditPage is the data of the audit template.
type auditPage struct {
	Action      string
	Left, Right []auditInput
	Entries     []auditRow
	CSV, JSONL  string
	Next        string
	Errors      []web.FieldError
}

// auditInput is one search box.
type auditInput struct{ ID, Label, Hint, Value, Error string }

// auditRow is one entry as the table shows it.
type auditRow struct{ At, Actor, Action, Subject, Classification string }

// FieldErrors lists the search's date problems.
func (d auditPage) FieldErrors() []web.FieldError { return d.Errors }

// mayAudit: the audit log is for auditors across the council, with a second
// factor (it names OFFICIAL-SENSITIVE cases). Everyone else gets 404.
func mayAudit(p access.Principal) bool {
	return p.Kind == access.KindStaff && p.MFA && p.HasRole(access.RoleAuditor, "*")
}

// auditSearch shows the audit log, newest first, filtered by actor, action,
// subject and date range.
func (h *handler) auditSearch(w http.ResponseWriter, r *http.Request) error {
	if h.Audit == nil || !mayAudit(principal(r)) {
		return fault.New(fault.NotFound, "audit log")
	}
	q := parseAuditQuery(r.URL.Query())
	f, errs := q.filter()
	data := auditPage{Action: pathAudit, CSV: q.exportURL(audit.CSV), JSONL: q.exportURL(audit.JSONLines)}
	data.Left, data.Right, data.Errors = q.inputs(errs)
	if len(errs) > 0 {
		return h.page(w, r, http.StatusUnprocessableEntity, "audit", data)
	}
	f.Newest, f.Limit, f.AfterSeq = true, auditPageSize, q.Before
	entries, err := h.Audit.Search(r.Context(), f)
	if err != nil {
		return err
	}
	for _, e := range redact(entries, f.Subject != "") {
		data.Entries = append(data.Entries, auditRow{At: formatTime(e.At), Actor: e.Actor, Action: e.Action, Subject: e.Subject, Classification: e.Classification})
	}
	if len(entries) == auditPageSize {
		next := q
		next.Before = entries[len(entries)-1].Seq
		data.Next = pathAudit + "?" + next.values().Encode()
	}
	return h.page(w, r, http.StatusOK, "audit", data)
}

func parseAuditQuery(v url.Values) auditQuery {
	q := auditQuery{}
	for k, dst := range map[string]*string{"actor": &q.Actor, "action": &q.Action, "subject": &q.Subject, "from": &q.From, "to": &q.To} {
		*dst = strings.TrimSpace(v.Get(k))
	}
	q.Before, _ = strconv.ParseInt(v.Get("before"), 10, 64)
	return q
}

func (q auditQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"actor": q.Actor, "action": q.Action, "subject": q.Subject, "from": q.From, "to": q.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Before > 0 {
		v.Set("before", strconv.FormatInt(q.Before, 10))
	}
	return v
}

func (q auditQuery) exportURL(f audit.Format) string {
	q.Before = 0
	v := q.values()
	v.Set("format", string(f))
	return pathAudit + "/export?" + v.Encode()
}

// filter turns the query into the audit service's filter. Dates are UK days:
// "to" includes the whole of its day.
func (q auditQuery) filter() (audit.Filter, map[string]string) {
	f := audit.Filter{Actor: q.Actor, Action: q.Action, Subject: q.Subject}
	errs := map[string]string{}
	if q.From != "" {
		d, err := workday.ParseDate(q.From)
		if err != nil {
			errs["from"] = "Enter the from date as year-month-day, for example, 2026-11-01"
		}
		f.From = d.Start()
	}
	if q.To != "" {
		d, err := workday.ParseDate(q.To)
		if err != nil {
			errs["to"] = "Enter the to date as year-month-day, for example, 2026-11-30"
		}
		f.To = d.End()
	}
	if len(errs) == 0 && !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		errs["to"] = "The to date must be the same as or after the from date"
	}
	return f, errs
}

func (q auditQuery) inputs(errs map[string]string) (left, right []auditInput, summary []web.FieldError) {
	left = []auditInput{
		{ID: "actor", Label: "Who did it", Hint: "A user ID, or system", Value: q.Actor},
		{ID: "action", Label: "What they did", Hint: "For example, case.view or case.transition", Value: q.Action},
		{ID: "subject", Label: "What it was done to", Hint: "For example, a case reference", Value: q.Subject},
	}
	right = []auditInput{
		{ID: "from", Label: "From date", Hint: "For example, 2026-11-01", Value: q.From, Error: errs["from"]},
		{ID: "to", Label: "To date", Hint: "Up to and including this day, for example, 2026-11-30", Value: q.To, Error: errs["to"]},
	}
	for _, in := range right {
		if in.Error != "" {
			summary = append(summary, web.FieldError{Field: in.ID, Message: in.Error})
		}
	}
	return left, right, summary
}
