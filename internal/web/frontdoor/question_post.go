package frontdoor

import (
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// questionPost checks a page's answers. With errors it shows the page again
// with the error summary; otherwise it saves the draft and moves on: to the
// next page shown, or back to "Check your answers" when changing an answer.
func (h *handler) questionPost(w http.ResponseWriter, r *http.Request) error {
	def, page, err := h.servicePage(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := h.current(ctx, h.ensureSession(w, r), def)
	if err != nil {
		return err
	}
	if repeatOf(page) != nil {
		return h.repeatPost(w, r, def, page, d.Answers)
	}
	vals := postedForm(r)
	if act := vals.get("action"); strings.HasPrefix(act, findPrefix) {
		return h.findAddress(w, r, def, page, d.Answers, vals, strings.TrimPrefix(act, findPrefix))
	}
	if act := vals.get("action"); strings.HasPrefix(act, placePrefix) {
		return h.findPlace(w, r, def, page, d.Answers, vals, strings.TrimPrefix(act, placePrefix))
	}
	if err := h.applyPicks(ctx, page, vals); err != nil {
		return err
	}
	if err := h.applyPlacePicks(ctx, page, vals); err != nil {
		return err
	}
	prior, fileErrs, err := h.takeUploads(r, def, page, d.Answers)
	if err != nil {
		return err
	}
	answers, errs := def.DecodePageAt(page, service.Form(vals), prior, h.Now())
	errs = mergeErrors(page, fileErrs, errs)
	if len(errs) == 0 {
		errs = cases.SharingProblems(def, web.PrincipalFrom(ctx), answers)
	}
	if len(errs) > 0 {
		return h.renderQuestions(w, r, http.StatusUnprocessableEntity, def, page, prior, vals, errs)
	}
	if outside, err := h.placeAnswers(ctx, page, answers); err != nil || outside != nil {
		if err != nil {
			return err
		}
		return h.renderOutside(w, r, def, page, outside)
	}
	d.Answers = answers
	if err := h.saveDraft(r, &d); err != nil {
		if errors.Is(err, fault.Conflict) { // submitted meanwhile (another tab)
			http.Redirect(w, r, confirmationPath(def.ID), http.StatusSeeOther)
			return nil
		}
		return err
	}
	change := r.URL.Query().Get("change") == "1"
	next := h.after(def, page, answers, change)
	if stop, err := h.nearbyStop(r, def, page, answers); !change && (err != nil || stop != "") {
		next = stop
		if err != nil {
			return err
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// postedForm is the body's form values (url-encoded or multipart).
func postedForm(r *http.Request) form {
	if r.MultipartForm != nil {
		return form(r.MultipartForm.Value)
	}
	return form(r.PostForm)
}

// mergeErrors puts upload errors among the others in page order, replacing
// the "select a file" error for a question whose upload was refused.
func mergeErrors(page *service.Page, fileErrs, errs service.FieldErrors) service.FieldErrors {
	if len(fileErrs) == 0 {
		return errs
	}
	var out service.FieldErrors
	for _, q := range page.Questions {
		if m := fileErrs.Get(q.ID); m != "" {
			out = append(out, service.FieldError{Field: q.ID, Message: m})
			continue
		}
		for _, e := range errs {
			if e.Field == q.ID || len(e.Field) > len(q.ID) && e.Field[:len(q.ID)+1] == q.ID+"-" {
				out = append(out, e)
			}
		}
	}
	return out
}

// after is where a completed page leads. Normally the next page shown, else
// "Check your answers"; from the page a fee is taken after, the payment. When changing an answer, back to "Check your answers"
// unless the change opened a branch whose questions are not yet answered.
func (h *handler) after(def *service.Definition, page *service.Page, answers service.Answers, change bool) string {
	if change {
		if p := firstIncomplete(def, answers); p != nil {
			return questionPath(def.ID, p.ID) + "?change=1"
		}
		return checkPath(def.ID)
	}
	if def.Payment.Midway() && def.Payment.After == page.ID {
		return payPath(def.ID) // which goes on at once when the fee is paid
	}
	if next, ok := def.NextPage(page.ID, answers); ok {
		return questionPath(def.ID, next.ID)
	}
	return checkPath(def.ID)
}

// firstIncomplete is the first page shown that has a required question
// without an answer, or nil.
func firstIncomplete(def *service.Definition, answers service.Answers) *service.Page {
	for p, ok := def.FirstPage(answers); ok; p, ok = def.NextPage(p.ID, answers) {
		for i := range p.Questions {
			q := &p.Questions[i]
			if unanswered(q, answers[q.ID]) && def.QuestionVisible(q, answers) {
				return p
			}
		}
	}
	return nil
}

// unanswered reports whether a required question, or a repeat with fewer
// items than it needs, still waits for its answer.
func unanswered(q *service.Question, a service.Answer) bool {
	if q.Type == service.TypeRepeat {
		return len(a.Items) < q.MinItems
	}
	return q.Validate.Required && a.IsEmpty()
}
