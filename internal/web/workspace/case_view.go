package workspace

import (
	"github.com/guildhall-platform/guildhall/internal/web"
	"net/http"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// casePage is the data of the case template.
type casePage struct {
	Ref            string
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
	Me             string
	Transitions    []transitionLink
	Answers        []answerRow
	Attachments    []attachmentRow
	Timeline       []eventRow
	AssignURL      string
	NoteURL        string
	Flash          string
	NoteErrors     []web.FieldError
	// Problem is the heading of an error summary, e.g. a stale version.
	Problem string
}

// caseView shows one case. cases.Service.Get applies the access policy and
// audits the view; a case the caller may not see is 404 like a missing one.
func (h *handler) caseView(w http.ResponseWriter, r *http.Request) error {
	data, err := h.caseData(r, r.PathValue("ref"))
	if err != nil {
		return err
	}
	data.Flash = flashMessage(r.URL.Query().Get("done"))
	return h.page(w, r, http.StatusOK, "case", data)
}

// caseData loads everything the case page shows, through the policy.
func (h *handler) caseData(r *http.Request, ref string) (casePage, error) {
	p := principal(r)
	c, err := h.Cases.Get(r.Context(), p, ref)
	if err != nil {
		return casePage{}, err
	}
	events, err := h.Cases.Timeline(r.Context(), p, c.Ref)
	if err != nil {
		return casePage{}, err
	}
	def := h.definition(c.ServiceID)
	d := casePage{
		Ref: c.Ref, Service: h.serviceName(c.ServiceID), State: stateLabel(def, c.State),
		Assignee: c.Assignee, Submitted: formatTime(c.SubmittedAt), Channel: channelLabel(c.Channel),
		Classification: string(c.Classification), Sensitive: isSensitive(&c), Version: c.Version,
		Clock: newClockView(&c, def, h.calendar(), h.now()), Me: p.UserID, AssignedToMe: c.Assignee == p.UserID,
		CanAct: mayAct(p, def, &c), AssignURL: caseURL(c.Ref) + "/assign", NoteURL: caseURL(c.Ref) + "/notes",
	}
	if d.CanAct {
		d.Transitions = allowedTransitions(p, def, &c)
	}
	d.Answers, d.Attachments = answerRows(def, &c)
	d.Attachments = append(d.Attachments, attachedRows(&c, events)...)
	d.Timeline = h.timeline(def, events, p.Kind == auth.KindStaff)
	return d, nil
}

// mayAct: staff the policy lets act on the case see the action forms.
// Councillors follow their enquiries; they do not work them.
func mayAct(p auth.Principal, def *service.Definition, c *cases.Case) bool {
	if p.Kind != auth.KindStaff || def == nil {
		return false
	}
	res := auth.Resource{ServiceID: c.ServiceID, Team: c.Team, Classification: c.Classification, Roles: def.Roles, CreatedBy: c.CreatedBy}
	return auth.Decide(p, auth.ActionAct, res).Allow
}

// allowedTransitions are those from the case's state that p holds a role for.
func allowedTransitions(p auth.Principal, def *service.Definition, c *cases.Case) []transitionLink {
	var out []transitionLink
	for _, t := range def.Workflow.Transitions {
		if !slices.Contains(t.From, c.State) || !slices.ContainsFunc(t.Roles, func(role string) bool { return p.HasRole(role, c.Team) }) {
			continue
		}
		out = append(out, transitionLink{ID: t.ID, Label: t.Label, URL: caseURL(c.Ref) + "/transitions/" + t.ID, Direct: len(t.Fields) == 0})
	}
	return out
}

func channelLabel(ch cases.Channel) string {
	switch ch {
	case cases.ChannelWeb:
		return "online"
	case cases.ChannelAssisted:
		return "assisted digital"
	case cases.ChannelStaff:
		return "raised by staff"
	case cases.ChannelAPI, cases.ChannelOpen311:
		return "through the API"
	}
	return string(ch)
}

// FieldErrors lists the note form's problems for the error summary.
func (d casePage) FieldErrors() []web.FieldError { return d.NoteErrors }
