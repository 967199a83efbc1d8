package frontdoor

import (
	"errors"
	"maps"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// checkPost submits the draft. The draft id is the idempotency key, so a
// refresh, a double click or a replayed POST makes exactly one case; a draft
// already submitted goes straight to its confirmation.
func (h *handler) checkPost(w http.ResponseWriter, r *http.Request) error {
	def, d, ok, err := h.draftToSend(w, r)
	if !ok || err != nil {
		return err
	}
	if def.Payment != nil {
		return h.pay(w, r, def, d)
	}
	_, err = h.submit(w, r, def, d, "")
	return err
}

// draftToSend loads the service and the person's draft for sending (or
// paying for) it. ok is false when there is nothing to send and the person
// has been redirected: to the confirmation when the draft is already a
// case (a refresh, a double click, a replay), to the start when there is
// no draft.
func (h *handler) draftToSend(w http.ResponseWriter, r *http.Request) (def *service.Definition, d draft, ok bool, err error) {
	def, err = h.publicService(r)
	if err != nil {
		return nil, draft{}, false, err
	}
	d, err = h.loadDraft(r.Context(), h.session(r), def)
	switch {
	case err != nil:
		return nil, draft{}, false, err
	case d.CaseRef != "":
		http.Redirect(w, r, confirmationPath(def.ID), http.StatusSeeOther)
		return nil, draft{}, false, nil
	case d.ID == "":
		http.Redirect(w, r, startPath(def.ID), http.StatusSeeOther)
		return nil, draft{}, false, nil
	}
	return def, d, true, nil
}

// submit makes the draft's case (once, whatever the number of calls: the
// draft id is the idempotency key) and shows its confirmation; the case
// reference is "" when a saved answer no longer passes and the person was
// sent back to it. paymentID is the draft's successful payment when the
// service takes a fee.
func (h *handler) submit(w http.ResponseWriter, r *http.Request, def *service.Definition, d draft, paymentID string) (string, error) {
	ctx := r.Context()
	answers := maps.Clone(d.Answers)
	p := web.PrincipalFrom(ctx)
	sub := cases.Submission{ServiceID: def.ID, Answers: answers, Channel: cases.ChannelWeb, IdempotencyKey: d.ID, PaymentID: paymentID,
		Lang: web.LangOf(r)}
	if web.IsStaff(r) {
		sub.Channel, sub.CreatedBy = cases.ChannelAssisted, p.UserID
		if internal(def) {
			sub.Channel = cases.RaisedBy(p) // for themselves (or, for a councillor, a constituent)
		}
	} else {
		p = access.Anonymous
	}
	c, err := h.Cases.Submit(ctx, p, sub)
	var ve *service.ValidationError
	if errors.As(err, &ve) && len(ve.Errors) > 0 {
		// The case service validates once, for every channel. A saved answer
		// that no longer passes (a date now in the past, a changed
		// definition) sends the resident back to the page that asks it.
		http.Redirect(w, r, h.pageOfError(def, d.Answers, ve.Errors[0].Field), http.StatusSeeOther)
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if err := h.Drafts.SubmitDraft(ctx, d.ID, c.Ref); err != nil && !errors.Is(err, fault.NotFound) {
		return "", err
	}
	h.rememberDetails(r, c.Applicant)
	h.Logger.InfoContext(ctx, "case submitted", "ref", c.Ref, "service", def.ID, "channel", sub.Channel, "request_id", web.RequestID(ctx))
	http.Redirect(w, r, confirmationPath(def.ID), http.StatusSeeOther)
	return c.Ref, nil
}

// pageOfError is the page asking the question a field error names, or the
// first incomplete page when none does.
func (h *handler) pageOfError(def *service.Definition, answers service.Answers, field string) string {
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if field == q.ID || strings.HasPrefix(field, q.ID+"-") {
				return questionPath(def.ID, p.ID) + "?change=1"
			}
		}
	}
	return h.resume(def, answers, firstIncomplete(def, answers))
}
