package workspace

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/web"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
)

// queuePage is the data of the queue template.
type queuePage struct {
	Title      string
	Action     string
	BulkAction string
	Here       string
	Query      queueQuery
	States     []choice
	Assignees  []choice
	// Officers are who the selected cases may be given to, by name.
	Officers     []choice
	Sorts        []choice
	Rows         []caseRow
	AnySensitive bool
	CanBulk      bool
	First, Next  string
	// Matches says how many cases a search found; ManyMatches, that it
	// stopped counting.
	Matches     string
	ManyMatches bool
	Flash       string
	Errors      []web.FieldError
}

// choice is one option of a select, radios or checkboxes.
type choice struct {
	Value, Label string
	Checked      bool
}

// queueList shows a work queue: one team's or service's cases, filtered,
// sorted and paged by cursor. Only cases the policy lets the caller find are
// returned by cases.Service.Find; there is no total count, by design.
func (h *handler) queueList(w http.ResponseWriter, r *http.Request) error {
	q := parseQueueQuery(r.URL.Query())
	p := principal(r)
	page, err := h.Cases.Find(r.Context(), p, h.filter(p, q))
	if err != nil {
		return err
	}
	data := h.queueData(r.Context(), p, q, page)
	data.Flash = flashMessage(r.URL.Query().Get("done"))
	return h.page(w, r, http.StatusOK, "queue", data)
}

// filter turns a queue's URL into the case service's filter.
func (h *handler) filter(p access.Principal, q queueQuery) cases.Filter {
	f := cases.Filter{States: q.States, Overdue: q.Overdue, Query: q.Query, Sort: cases.Sort(q.Sort), Cursor: q.Cursor, Open: len(q.States) == 0}
	if q.Team != "" {
		f.Teams = []string{q.Team}
	}
	if q.Service != "" {
		f.ServiceIDs = []string{q.Service}
	}
	switch q.Assignee {
	case "":
	case "me":
		f.Assignee = p.UserID
	default:
		f.Assignee = q.Assignee // "none" is the service's word for unassigned
	}
	if q.DueWeek {
		end := endOfWeek(h.now())
		f.DueBefore = &end
	}
	return f
}

func (h *handler) queueData(ctx context.Context, p access.Principal, q queueQuery, page cases.Page) queuePage {
	d := queuePage{
		Title: h.queueTitle(q), Action: pathQueue, BulkAction: pathReassign,
		Here: q.URL(), Query: q, States: h.stateChoices(q), Assignees: assigneeChoices(q.Assignee),
		Sorts: sortChoices(q), CanBulk: canBulk(p, q, page.Cases),
	}
	if q.Query != "" {
		d.Matches, d.ManyMatches = matchesSentence(page, q.Query), page.ManyMatches
	}
	now := h.now()
	ids := make([]string, 0, len(page.Cases))
	for _, c := range page.Cases {
		ids = append(ids, c.Assignee)
	}
	names := h.Cases.OfficerNames(ctx, ids)
	if d.CanBulk {
		d.Officers = h.bulkOfficers(ctx, p, page.Cases)
	}
	for i := range page.Cases {
		row := h.row(&page.Cases[i], now)
		row.Assignee = nameOf(names, row.Assignee)
		d.AnySensitive = d.AnySensitive || row.Sensitive
		d.Rows = append(d.Rows, row)
	}
	if page.Next != "" {
		d.Next = q.withCursor(page.Next).URL()
	}
	if q.Cursor != "" {
		d.First = q.withCursor("").URL()
	}
	return d
}

// row is one case as a queue shows it.
func (h *handler) row(c *cases.Case, now time.Time) caseRow {
	def := h.definition(c.ServiceID)
	return caseRow{
		Ref: c.Ref, URL: caseURL(c.Ref), Service: h.serviceName(c.ServiceID),
		State: def.StateLabel(c.State), Assignee: c.Assignee, Submitted: formatDate(c.SubmittedAt),
		Clock: newClockView(c, def, h.calendar(), now), Sensitive: isSensitive(c),
	}
}

func (h *handler) queueTitle(q queueQuery) string {
	switch {
	case q.Service != "":
		return h.serviceName(q.Service)
	case q.Team != "":
		return "Team " + q.Team
	case q.Assignee == "me":
		return "My cases"
	}
	return "All your cases"
}

// stateChoices offers the states of the queue's service, or of none when the
// queue spans services (states are per service).
func (h *handler) stateChoices(q queueQuery) []choice {
	def := h.definition(q.Service)
	if def == nil {
		return nil
	}
	out := make([]choice, 0, len(def.Workflow.States))
	for _, s := range def.Workflow.States {
		out = append(out, choice{Value: s.ID, Label: s.Label, Checked: contains(q.States, s.ID)})
	}
	return out
}

func assigneeChoices(cur string) []choice {
	out := []choice{{Value: "", Label: "Anyone"}, {Value: "me", Label: "Me"}, {Value: "none", Label: "Nobody (unassigned)"}}
	known := false
	for i := range out {
		out[i].Checked = out[i].Value == cur
		known = known || out[i].Checked
	}
	if !known {
		out = append(out, choice{Value: cur, Label: cur, Checked: true})
	}
	return out
}

func sortChoices(q queueQuery) []choice {
	labels := map[string]string{bestMatch: "Best match", "due": "Due soonest", "updated": "Recently updated", "submitted": "Newest first"}
	var out []choice
	for _, s := range q.sortsOf() {
		out = append(out, choice{Value: s, Label: labels[s], Checked: s == q.Sort})
	}
	return out
}

// matchesSentence says how many cases a search found. Past the search's
// bound it gives no number (the bound is counted before the access check,
// and counting every match of a common word is what made search slow).
func matchesSentence(page cases.Page, words string) string {
	switch {
	case page.ManyMatches:
		return fmt.Sprintf("More than %s cases match ‘%s’. These are the best matches among the %s most recent: add words or filters to narrow your search.",
			thousands(cases.MaxTextMatches), words, thousands(cases.MaxTextMatches))
	case page.Matches == 1:
		return fmt.Sprintf("1 case matches ‘%s’.", words)
	}
	return fmt.Sprintf("%s cases match ‘%s’.", thousands(page.Matches), words)
}

// thousands writes n with a comma between thousands, as GOV.UK style does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// bulkOfficers offers, by name, everyone at least one case on the page may
// be given to (each distinct service and team asked once); the case service
// still refuses a case that officer cannot work, and then none are moved.
func (h *handler) bulkOfficers(ctx context.Context, p access.Principal, page []cases.Case) []choice {
	seen := map[string]bool{}
	asked := map[string]bool{}
	var out []choice
	for _, c := range page {
		if asked[c.ServiceID+"\x00"+c.Team] {
			continue
		}
		asked[c.ServiceID+"\x00"+c.Team] = true
		officers, err := h.Cases.Assignable(ctx, p, c.Ref)
		if err != nil {
			continue // a case this viewer may not act on offers nobody
		}
		for _, o := range officers {
			if !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, choice{Value: o.ID, Label: o.Name})
			}
		}
	}
	slices.SortFunc(out, func(a, b choice) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// canBulk offers the queue's bulk reassignment to a leader of its team or,
// on a queue of many teams, of the team of a case on the page. Who may do it
// is access.LeadsTeam's decision, and cases.BulkAssign asks the policy
// again of every case, so this only spares others a form that would fail.
func canBulk(p access.Principal, q queueQuery, page []cases.Case) bool {
	if q.Team != "" {
		return access.LeadsTeam(p, q.Team)
	}
	return slices.ContainsFunc(page, func(c cases.Case) bool { return access.LeadsTeam(p, c.Team) })
}

// flashMessage turns a "done" marker in a redirect's URL into the success banner.
func flashMessage(done string) string {
	return map[string]string{
		"reassigned":   "The cases were reassigned",
		"assigned":     "The case was assigned",
		"note":         "Your note was added",
		"attached":     "The document was added",
		"transitioned": "The case was updated",
		"merged":       "The case was closed as a duplicate",
		"refund":       "The refund was sent to GOV.UK Pay",
		"photo-hidden": "The photo was hidden from the public",
		"photo-shown":  "The photo is shown to the public again",
	}[done]
}

// FieldErrors lists the reassign form's problems for the error summary.
func (d queuePage) FieldErrors() []web.FieldError { return d.Errors }
