package workspace

import (
	"context"
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/web"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// casePage is the data of the case template.
type casePage struct {
	Ref string
	// Tools are links to help with a case its officer may work (routing
	// help, a drafted reply), from the areas that provide them.
	Tools          []web.NavItem
	Service        string
	State          string
	Assignee       string
	Submitted      string
	Channel        string
	Classification string
	Sensitive      bool
	Clock          clockView
	Version        int
	CanAct         bool
	AssignedToMe   bool
	// CanTake is true when the viewer may be given the case themselves.
	CanTake bool
	Me      string
	// Officers are who the case may be given to, by name (and Nobody).
	Officers    []choice
	Transitions []transitionLink
	Answers     []answerRow
	Attachments []attachmentRow
	Timeline    []eventRow
	// Photos are the case's photos, each with whether the public sees it
	// and, when the viewer may hide it or show it again, the form's action.
	Photos     []photoRow
	AssignURL  string
	NoteURL    string
	Flash      string
	NoteErrors []web.FieldError
	// AttachURL takes an officer's document; AttachErrors are its problems.
	AttachURL    string
	AttachErrors []web.FieldError
	// NoteTo is who a note marked for them is sent to: the resident, or the
	// councillor who raised a member enquiry.
	NoteTo string
	// PublicNote offers a public update: the case is a public report.
	PublicNote bool
	// Problem is the heading of an error summary, e.g. a stale version.
	Problem string
	// Payment is the case's fee and refunds; nil when it took none.
	Payment *paymentView
	// RefundURL takes a refund when the viewer may make one; the form's
	// problems and what was typed come back with RefundErrors.
	RefundURL                  string
	RefundErrors               []web.FieldError
	RefundAmount, RefundReason string
	// RefundKey is the form's own: posted many times, it refunds once.
	RefundKey string
	// MergeURL is the "close as a duplicate" page, when the viewer may merge.
	MergeURL string
	// Restricted: processing of the person's information is restricted
	// (UK GDPR Art. 18); Notice says so. Withheld: the viewer may not read
	// the case because of it, so the page shows only its reference and the
	// notice.
	Restricted, Withheld bool
	Notice               string
}

// RefundError is the refund form's problem with field ("amount", "reason").
func (d casePage) RefundError(field string) string {
	for _, e := range d.RefundErrors {
		if e.Field == "refund-"+field {
			return e.Message
		}
	}
	return ""
}

// caseView shows one case. cases.Service.Get applies the access policy and
// audits the view; a case the caller may not see is 404 like a missing one.
func (h *handler) caseView(w http.ResponseWriter, r *http.Request) error {
	data, err := h.caseData(r, r.PathValue("ref"))
	if errors.Is(err, cases.ErrRestricted) {
		ref := cases.NormaliseRef(r.PathValue("ref"))
		return h.page(w, r, http.StatusForbidden, "case", casePage{Ref: ref, Restricted: true, Withheld: true, Notice: access.RestrictedReason})
	}
	if err != nil {
		return err
	}
	data.Flash = flashMessage(r.URL.Query().Get("done"))
	return h.page(w, r, http.StatusOK, "case", data)
}

// caseData loads everything the case page shows: cases.Service.Actions
// reads the case once, applies the policy, audits the view and says which
// actions to offer; this only lays them out.
func (h *handler) caseData(r *http.Request, ref string) (casePage, error) {
	p := principal(r)
	a, err := h.Cases.Actions(r.Context(), p, ref)
	if err != nil {
		return casePage{}, err
	}
	c, events := a.Case, a.Timeline
	def := h.definition(c.ServiceID)
	names := h.Cases.OfficerNames(r.Context(), peopleNamed(&c, events))
	d := casePage{
		Ref: c.Ref, Service: h.serviceName(c.ServiceID), State: def.StateLabel(c.State),
		Assignee: nameOf(names, c.Assignee), Submitted: formatTime(c.SubmittedAt), Channel: c.Channel.Label(),
		Classification: string(c.Classification), Sensitive: isSensitive(&c), Version: c.Version,
		Clock: newClockView(&c, def, h.calendar(), h.now()), Me: p.UserID, AssignedToMe: c.Assignee == p.UserID,
		CanAct: a.Act, CanTake: a.Take, Transitions: transitionLinks(c.Ref, a.Transitions),
		AssignURL: caseURL(c.Ref) + "/assign", NoteURL: caseURL(c.Ref) + "/notes", AttachURL: caseURL(c.Ref) + "/attachments",
		NoteTo: recipientName(a.NoteTo), PublicNote: a.PublicNote, Payment: newPaymentView(a.Payment),
	}
	if c.Restricted {
		d.Restricted, d.Notice = true, access.RestrictedReason
	}
	if a.Merge {
		d.MergeURL = caseURL(c.Ref) + "/duplicate"
	}
	if a.Refund {
		d.RefundURL, d.RefundKey = caseURL(c.Ref)+"/refunds", cases.NewRefundKey()
	}
	if a.Act {
		d.Officers = officerChoices(a.Officers, c.Assignee)
		if h.CaseTools != nil {
			d.Tools = h.CaseTools(c)
		}
	}
	d.Answers, d.Attachments = answerRows(def, &c)
	d.Attachments = append(d.Attachments, attachedRows(&c, events)...)
	d.Timeline = h.timeline(def, c.Ref, events, p.Kind == access.KindStaff, names, h.teamNames(r.Context()))
	d.Photos = photoRows(c.Ref, a)
	return d, nil
}

// transitionLinks are the buttons and links of the transitions the case
// service lets the viewer apply.
func transitionLinks(ref string, ts []cases.AllowedTransition) []transitionLink {
	out := make([]transitionLink, 0, len(ts))
	for _, t := range ts {
		out = append(out, transitionLink{ID: t.ID, Label: t.Label, URL: caseURL(ref) + "/transitions/" + t.ID, Direct: len(t.Fields) == 0})
	}
	return out
}

// recipientName is how the page names who a note is sent to.
func recipientName(recipient string) string {
	if recipient == service.RecipientRaisedBy {
		return "the councillor"
	}
	return "the resident"
}

// FieldErrors lists the note form's problems for the error summary.
func (d casePage) FieldErrors() []web.FieldError {
	return append(append(append([]web.FieldError(nil), d.NoteErrors...), d.AttachErrors...), d.RefundErrors...)
}

// officerChoices offers the officers a case may be given to, by name, with
// the current assignee selected; the first choice unassigns.
func officerChoices(officers []access.Officer, current string) []choice {
	out := []choice{{Value: "", Label: "Nobody (unassigned)", Checked: current == ""}}
	for _, o := range officers {
		out = append(out, choice{Value: o.ID, Label: o.Name, Checked: o.ID == current})
	}
	return out
}

// peopleNamed is every account id the case page shows: its assignee and
// those of its assignment events.
func peopleNamed(c *cases.Case, events []cases.Event) []string {
	ids := []string{c.Assignee}
	for _, e := range events {
		if e.Assignee != "" {
			ids = append(ids, e.Assignee)
		}
	}
	return ids
}

// nameOf shows an account by name; an id no longer known (a deleted
// account) is shown as "a former member of staff", never as an internal id.
func nameOf(names map[string]string, id string) string {
	if id == "" {
		return ""
	}
	if n := names[id]; n != "" {
		return n
	}
	return "a former member of staff"
}

// teamNames maps team ids to the names an administrator gave them; a team
// the directory cannot list shows by its id.
func (h *handler) teamNames(ctx context.Context) map[string]string {
	out := map[string]string{}
	teams, err := h.Cases.Teams(ctx)
	if err != nil {
		return out
	}
	for _, t := range teams {
		out[t.ID] = t.Name
	}
	return out
}
