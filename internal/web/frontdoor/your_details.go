package frontdoor

import (
	"maps"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// A signed-in resident gives their details once: the name and phone number
// of their first request are kept on their account, and the applicant
// questions of a new form (name, email, phone, as the service maps them)
// start filled in. The email is always the proven address. Nothing is put
// in the draft until the resident posts the page, and staff helping a
// resident never see a resident's details.

// prefilled returns answers with the applicant questions the draft has not
// answered yet filled from the signed-in resident's account.
func (h *handler) prefilled(r *http.Request, def *service.Definition, answers service.Answers) service.Answers {
	if web.IsStaff(r) {
		return answers
	}
	a, _, err := h.signedIn(r)
	if err != nil {
		return answers
	}
	out := maps.Clone(answers)
	if out == nil {
		out = service.Answers{}
	}
	for id, v := range map[string]string{def.Applicant.Name: a.Details.Name, def.Applicant.Email: a.Email, def.Applicant.Phone: a.Details.Phone} {
		if id != "" && v != "" && out[id].Text == "" {
			out[id] = service.Answer{Text: v}
		}
	}
	return out
}

// rememberDetails keeps a signed-in resident's name and phone from a
// request they submitted, where their account has none yet. The request is
// already made, so a failure is logged, not shown.
func (h *handler) rememberDetails(r *http.Request, who service.Applicant) {
	if web.IsStaff(r) {
		return
	}
	a, _, err := h.signedIn(r)
	if err != nil {
		return
	}
	if err := h.Residents.Remember(r.Context(), a, auth.ResidentDetails{Name: who.Name, Phone: who.Phone}); err != nil {
		h.Logger.ErrorContext(r.Context(), "keeping a resident's details", "err", err, "request_id", web.RequestID(r.Context()))
	}
}
