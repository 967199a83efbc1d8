package advice

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Draft is a language model's draft reply to a case, for an officer.
type Draft struct {
	SuggestionID int64
	Text         string
	// Unsupported are the draft's sentences whose words are not in the case
	// history: what the officer should check first.
	Unsupported []string
	// To is who a note marked for sending reaches (the resident, or the
	// councillor who raised the case).
	To string
	// PersonalDataRemoved says the prompt had personal data patterns removed.
	PersonalDataRemoved bool
}

// Drafter drafts replies and carries out the officer's decision. Every
// method refuses a case the officer may not work, or a service drafting is
// switched off for.
type Drafter interface {
	Draft(ctx context.Context, p access.Principal, ref string) (Draft, error)
	// Send sends the officer's text as a note (to the resident when vis is
	// cases.Resident), marked as drafted by the model; a draft already sent
	// or discarded is fault.Conflict.
	Send(ctx context.Context, p access.Principal, ref string, id int64, text string, vis cases.Visibility) error
	Discard(ctx context.Context, p access.Principal, ref string, id int64) error
}

type draftPage struct {
	CaseRef, CaseURL string
	Drafted          bool
	Draft            Draft
	Reply            web.Field
	Send             web.Field
	Problem          string // why there is no draft (the model failed), shown above the button
	Errors           []web.FieldError
}

// FieldErrors lists the form's errors.
func (p draftPage) FieldErrors() []web.FieldError { return p.Errors }

// draftGet explains what drafting does and offers to write a draft.
func (h *handler) draftGet(w http.ResponseWriter, r *http.Request) error {
	ref := strings.TrimSpace(r.URL.Query().Get("case"))
	if ref == "" {
		return fault.New(fault.NotFound, "no case named")
	}
	return h.staff.Render(w, r, http.StatusOK, "route_draft", draftPage{CaseRef: ref, CaseURL: pathCaseView + ref})
}

// draftPost asks the model for a draft. A model that fails or times out is
// said so on the page, with the way to write the reply by hand.
func (h *handler) draftPost(w http.ResponseWriter, r *http.Request) error {
	ref := strings.TrimSpace(r.PostFormValue("case"))
	page := draftPage{CaseRef: ref, CaseURL: pathCaseView + ref}
	d, err := h.Drafter.Draft(r.Context(), principal(r), ref)
	switch {
	case errors.Is(err, fault.Unavailable), errors.Is(err, fault.TooMany), errors.Is(err, fault.Invalid):
		page.Problem = modelProblem(err)
		return h.staff.Render(w, r, http.StatusServiceUnavailable, "route_draft", page)
	case err != nil:
		return err
	}
	page.Drafted, page.Draft = true, d
	page.Reply, page.Send = replyField(d.Text), sendField(d.To)
	return h.staff.Render(w, r, http.StatusOK, "route_draft", page)
}

// modelProblem says what went wrong with the model in words an officer can
// act on; the cause is logged by the caller's error handling, not shown.
func modelProblem(err error) string {
	if errors.Is(err, fault.TooMany) {
		return "The language model has been used as much as the council allows today. Write the reply yourself, or try again tomorrow."
	}
	return "The language model did not give a draft. Write the reply yourself on the case page, or try again in a few minutes."
}

func replyField(text string) web.Field {
	return web.Field{ID: "reply", Label: "Reply", Rows: 12, Value: text,
		Hint: "Check every fact against the case and change anything that is wrong or missing."}
}

func sendField(to string) web.Field {
	return web.Field{ID: "visibility", Label: "Who should see it?", Options: []web.Option{
		{Value: string(cases.Resident), Label: "Send it to " + to},
		{Value: string(cases.Internal), Label: "Keep it as a staff note"}}}
}

// draftSend sends the officer's reply. The officer must choose who sees
// it: a draft is never sent by default.
func (h *handler) draftSend(w http.ResponseWriter, r *http.Request) error {
	ref := strings.TrimSpace(r.PostFormValue("case"))
	id, _ := strconv.ParseInt(r.PostFormValue("suggestion"), 10, 64)
	text, vis := r.PostFormValue("reply"), r.PostFormValue("visibility")
	page := draftPage{CaseRef: ref, CaseURL: pathCaseView + ref, Drafted: true,
		Draft: Draft{SuggestionID: id, To: r.PostFormValue("to")}, Reply: replyField(text)}
	page.Send = sendField(page.Draft.To)
	page.Send.Value = vis
	if vis != string(cases.Resident) && vis != string(cases.Internal) {
		page.Send.Error = "Select who should see the reply"
		page.Errors = append(page.Errors, web.FieldError{Field: "visibility", Message: page.Send.Error})
	}
	if len(page.Errors) == 0 {
		err := h.Drafter.Send(r.Context(), principal(r), ref, id, text, cases.Visibility(vis))
		if err == nil {
			http.Redirect(w, r, pathCaseView+ref+"#timeline", http.StatusSeeOther)
			return nil
		}
		if !page.noteProblem(err) {
			return err
		}
	}
	return h.staff.Render(w, r, http.StatusUnprocessableEntity, "route_draft", page)
}

// noteProblem puts a refused reply's reason on the page, and says whether
// err was one the officer can put right.
func (p *draftPage) noteProblem(err error) bool {
	msg := ""
	var ve *service.ValidationError
	switch {
	case errors.As(err, &ve) && len(ve.Errors) > 0:
		msg = strings.Replace(ve.Errors[0].Message, "The note", "The reply", 1)
	case errors.Is(err, fault.Invalid):
		msg = "Enter the reply"
	case errors.Is(err, fault.Conflict):
		msg = "This draft has already been sent or discarded. Ask for a new draft, or write the reply on the case page"
	default:
		return false
	}
	p.Reply.Error = msg
	p.Errors = append(p.Errors, web.FieldError{Field: "reply", Message: msg})
	return true
}

// draftDiscard records that the draft was thrown away.
func (h *handler) draftDiscard(w http.ResponseWriter, r *http.Request) error {
	ref := strings.TrimSpace(r.PostFormValue("case"))
	id, _ := strconv.ParseInt(r.PostFormValue("suggestion"), 10, 64)
	if err := h.Drafter.Discard(r.Context(), principal(r), ref, id); err != nil && !errors.Is(err, fault.Conflict) {
		return err
	}
	http.Redirect(w, r, pathCaseView+ref, http.StatusSeeOther)
	return nil
}
