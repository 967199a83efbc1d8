package platform

import (
	"context"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/advice"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/chat"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	webadvice "github.com/guildhall-platform/guildhall/internal/web/advice"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// drafter is the language model's help with replies (docs/ai.md): it
// drafts from a case's own history for an officer who works the case, and
// the officer sends, edits or discards the draft. Nothing it writes reaches
// anyone without that officer's action.
type drafter struct{ p *Platform }

// workable reads case ref as who opens it, and refuses unless who may work
// it and drafting is on for its service.
func (d drafter) workable(ctx context.Context, who access.Principal, ref string) (cases.CaseActions, *service.Definition, error) {
	a, err := d.p.Cases.Actions(ctx, who, ref)
	if err != nil {
		return a, nil, err
	}
	if !a.Act {
		return a, nil, fault.New(fault.Forbidden, "only an officer who works the case may draft a reply to it")
	}
	def, ok := d.p.Registry.Load().Get(a.Case.ServiceID)
	if !ok || !d.p.AIOn(triage.FeatureDraft, def.ID) {
		return a, nil, fault.New(fault.Forbidden, "drafting replies is switched off for this service")
	}
	return a, def, nil
}

// Draft asks the language model for a reply and logs the suggestion by its
// digest (the log keeps no case text).
func (d drafter) Draft(ctx context.Context, who access.Principal, ref string) (webadvice.Draft, error) {
	a, def, err := d.workable(ctx, who, ref)
	if err != nil {
		return webadvice.Draft{}, err
	}
	personal := slices.Contains(d.p.Config.AI.PersonalData, def.ID)
	facts := caseFacts(d.p.Config.CouncilName, def, a, personal)
	system, user := advice.DraftPrompt(facts)
	text, err := d.p.AI.llm.Complete(ctx, []chat.Message{{Role: "system", Content: system}, {Role: "user", Content: user}})
	if err != nil {
		return webadvice.Draft{}, err
	}
	if text = strings.TrimSpace(text); text == "" {
		return webadvice.Draft{}, fault.New(fault.Unavailable, "the language model returned an empty draft")
	}
	id, err := d.p.Store.LogSuggestion(ctx, triage.Record{Feature: triage.FeatureDraft, CaseRef: a.Case.Ref,
		Suggested: []string{triage.DraftDigest(text)}, Model: d.p.Config.AI.LLMModel})
	if err != nil {
		return webadvice.Draft{}, err
	}
	return webadvice.Draft{SuggestionID: id, Text: text, Unsupported: advice.Unsupported(text, facts),
		To: a.NoteTo, PersonalDataRemoved: !personal}, nil
}

// Send claims the draft, then adds the officer's text as a note marked as
// drafted by the model (and whether it was changed). Claiming first means a
// draft sent twice at once is sent once.
func (d drafter) Send(ctx context.Context, who access.Principal, ref string, id int64, text string, vis cases.Visibility) error {
	if err := cases.CheckNote(text); err != nil {
		return err
	}
	a, _, err := d.workable(ctx, who, ref)
	if err != nil {
		return err
	}
	edited, err := d.p.Store.DecideDraft(ctx, id, a.Case.Ref, triage.DraftDigest(text), who.UserID)
	if err != nil {
		return err
	}
	by := cases.DraftedByModel
	if edited {
		by = cases.DraftedByModelEdited
	}
	_, err = d.p.Cases.AddDraftedNote(ctx, who, a.Case.Ref, text, vis, by)
	return err
}

// Discard records that the officer threw the draft away.
func (d drafter) Discard(ctx context.Context, who access.Principal, ref string, id int64) error {
	a, _, err := d.workable(ctx, who, ref)
	if err != nil {
		return err
	}
	_, err = d.p.Store.DecideDraft(ctx, id, a.Case.Ref, "", who.UserID)
	return err
}

// caseFacts are what a draft may be written from: the request in the
// submitter's words and what the person has been told since (transitions
// and notes sent to them, with the answers of transition forms). Internal
// notes are left out: a reply must not repeat what staff wrote for staff.
func caseFacts(council string, def *service.Definition, a cases.CaseActions, personal bool) advice.CaseFacts {
	clean := triage.Redact
	if personal {
		clean = func(s string) string { return s }
	}
	c := a.Case
	f := advice.CaseFacts{Council: council, Service: def.Name, Ref: c.Ref, State: def.StateLabel(c.State),
		Request: clean(triage.RequestText(def, c.Answers))}
	if d, ok := c.DueDate(); ok {
		f.Due = d.Long()
	}
	for _, e := range a.Timeline {
		day := workday.DateOf(e.At).Long()
		switch {
		case e.Kind == cases.EventTransitioned:
			line := day + ", status changed to " + def.StateLabel(e.ToState)
			for _, v := range fieldText(def, e) {
				line += "; " + clean(v)
			}
			f.History = append(f.History, line)
		case e.Kind == cases.EventNote && e.Visibility.ToResident():
			f.History = append(f.History, day+", message sent: "+clean(e.Note))
		}
	}
	return f
}

// fieldText are a transition's long-text answers (a response, a reason).
func fieldText(def *service.Definition, e cases.Event) []string {
	t, ok := def.Transition(e.Transition)
	if !ok {
		return nil
	}
	var out []string
	for _, q := range t.Fields {
		if v := strings.TrimSpace(e.Fields[q.ID].Text); v != "" && q.Type == service.TypeTextarea {
			out = append(out, q.Label+": "+v)
		}
	}
	return out
}
