package advice

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// routeSuggestion is one suggested service with the team that handles it.
type routeSuggestion struct {
	ID, Name, Team, Reason string
	Percent                int
}

type routePage struct {
	CaseRef      string
	CaseURL      string
	Text         web.Field
	Suggested    bool
	SuggestionID int64
	Suggestions  []routeSuggestion
	DontKnow     bool
	Duplicates   []duplicateView
	Choice       web.Field
	Errors       []web.FieldError
}

// FieldErrors lists the form's errors.
func (p routePage) FieldErrors() []web.FieldError { return p.Errors }

// routeGet shows the routing help: for ?case=REF the case's own words, or
// a box to paste an enquiry; with text, the suggestions and a choice that
// no suggestion fills in.
func (h *handler) routeGet(w http.ResponseWriter, r *http.Request) error {
	page, err := h.routeText(r, r.URL.Query().Get("case"), "")
	if err != nil {
		return err
	}
	if page.Text.Value != "" {
		if err := h.routeSuggest(r.Context(), &page); err != nil {
			return err
		}
		if page.Duplicates, err = h.duplicates(r.Context(), principal(r), page.Text.Value, page.CaseRef); err != nil {
			return err
		}
	}
	return h.staff.Render(w, r, http.StatusOK, "route", page)
}

// routeSuggestPost suggests for pasted text. It is a post so the enquiry
// stays out of addresses and logs.
func (h *handler) routeSuggestPost(w http.ResponseWriter, r *http.Request) error {
	page, _ := h.routeText(r, "", r.PostFormValue("text"))
	if page.Text.Value == "" {
		page.Text.Error = "Enter the enquiry"
		page.Errors = []web.FieldError{{Field: "text", Message: page.Text.Error}}
		return h.staff.Render(w, r, http.StatusUnprocessableEntity, "route", page)
	}
	if err := h.routeSuggest(r.Context(), &page); err != nil {
		return err
	}
	var err error
	if page.Duplicates, err = h.duplicates(r.Context(), principal(r), page.Text.Value, ""); err != nil {
		return err
	}
	return h.staff.Render(w, r, http.StatusOK, "route", page)
}

// routeText builds the page from a case (read with the officer's access) or
// from pasted text, redacted either way.
func (h *handler) routeText(r *http.Request, ref, text string) (routePage, error) {
	page := routePage{Text: web.Field{ID: "text", Label: "The enquiry", Rows: 6, Value: triage.Redact(strings.TrimSpace(text)),
		Hint: "Paste the enquiry in its own words. Email addresses, phone numbers and postcodes are removed before it is kept."}}
	if ref == "" {
		return page, nil
	}
	c, err := h.Cases.Get(r.Context(), principal(r), ref)
	if err != nil {
		return page, err
	}
	def, ok := h.catalog().Get(c.ServiceID)
	if !ok {
		return page, fault.New(fault.NotFound, "service %q", c.ServiceID)
	}
	page.CaseRef, page.CaseURL, page.Text.Value = c.Ref, pathCaseView+c.Ref, triage.CaseText(def, c.Answers)
	return page, nil
}

// routeSuggest classifies among every service but the enquiry itself, logs
// the suggestion and offers the choice with nothing selected.
func (h *handler) routeSuggest(ctx context.Context, page *routePage) error {
	return h.routeSuggestLogged(ctx, page, 0)
}

// routeSuggestLogged suggests for the page; a suggestion already logged
// (logged > 0, when the form comes back with an error) is not logged again.
func (h *handler) routeSuggestLogged(ctx context.Context, page *routePage, logged int64) error {
	page.Suggested = true
	page.Choice = h.choiceField()
	m := h.model()
	if m == nil {
		return nil
	}
	res := m.Classify(page.Text.Value, "")
	rec := triage.Record{Feature: triage.FeatureRouting, CaseRef: page.CaseRef, DontKnow: res.DontKnow, Model: m.Describe()}
	for _, s := range res.Suggestions {
		if !h.On(triage.FeatureRouting, s.Service.ID) {
			continue
		}
		rec.Suggested = append(rec.Suggested, s.Service.ID)
		page.Suggestions = append(page.Suggestions, routeSuggestion{ID: s.Service.ID, Name: s.Service.Name,
			Team: s.Service.Team, Reason: s.Reason(), Percent: int(100*s.Probability + 0.5)})
	}
	page.DontKnow = res.DontKnow
	if logged > 0 {
		page.SuggestionID = logged
		return nil
	}
	id, err := h.Log.LogSuggestion(ctx, rec)
	page.SuggestionID = id
	return err
}

// choiceField lists every service a case can be routed to.
func (h *handler) choiceField() web.Field {
	f := web.Field{ID: "service", Label: "Which service should deal with it?",
		Hint: "You decide. Your choice is recorded and teaches the suggestions."}
	for _, d := range h.catalog().All() {
		if d.ID != "member-enquiry" {
			f.Options = append(f.Options, web.Option{Value: d.ID, Label: d.Name, Hint: "Team: " + d.Team})
		}
	}
	return f
}

type routeDonePage struct {
	CaseURL, ServiceName, Team string
}

// routePost records the officer's decision as a correction (the labelled
// example) and retrains the model in the background. It changes no case:
// the officer moves the case themselves.
func (h *handler) routePost(w http.ResponseWriter, r *http.Request) error {
	page, err := h.routeText(r, r.PostFormValue("case"), r.PostFormValue("text"))
	if err != nil {
		return err
	}
	chosen := r.PostFormValue("service")
	sid, _ := strconv.ParseInt(r.PostFormValue("suggestion"), 10, 64)
	def, ok := h.catalog().Get(chosen)
	if !ok || page.Text.Value == "" {
		return h.routeInvalid(w, r, page, sid)
	}
	err = h.Log.RecordCorrection(r.Context(), triage.Correction{SuggestionID: sid, CaseRef: page.CaseRef,
		Text: page.Text.Value, ServiceID: def.ID, Officer: principal(r).UserID})
	if err != nil {
		return err
	}
	if h.Triage != nil {
		h.Triage.Kick()
	}
	return h.staff.Render(w, r, http.StatusOK, "route_done", routeDonePage{CaseURL: page.CaseURL, ServiceName: def.Name, Team: def.Team})
}

func (h *handler) routeInvalid(w http.ResponseWriter, r *http.Request, page routePage, sid int64) error {
	if err := h.routeSuggestLogged(r.Context(), &page, sid); err != nil {
		return err
	}
	msg := "Select the service that should deal with it"
	if page.Text.Value == "" {
		msg = "Enter the enquiry"
	}
	page.Choice.Error = msg
	page.Errors = []web.FieldError{{Field: "service", Message: msg}}
	return h.staff.Render(w, r, http.StatusUnprocessableEntity, "route", page)
}
