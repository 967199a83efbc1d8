package frontdoor

import (
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// How did we do? A closing email links here (cases.Service.Rate keeps the
// one answer per case). GOV.UK's satisfaction question, one page, an
// optional comment; nothing on the page names the case or the resident.

type feedbackPage struct {
	ServiceName, Action string
	Rating, Comment     web.Field
	Errors              []web.FieldError
	// Gone is set for a link unknown or already answered; Done once the
	// answer is kept.
	Gone, Done bool
}

// FieldErrors lists the form's errors.
func (p feedbackPage) FieldErrors() []web.FieldError { return p.Errors }

func newFeedbackPage(r *http.Request, def *service.Definition, rating, comment string) feedbackPage {
	opts := make([]web.Option, len(cases.Ratings))
	for i, o := range cases.Ratings {
		opts[i] = web.Option{Value: o.Value, Label: web.T(r, o.Label)}
	}
	return feedbackPage{ServiceName: def.Name, Action: r.URL.Path,
		Rating: web.Field{ID: "rating", Label: web.T(r, "Overall, how did you feel about the service you received?"), Heading: true,
			Options: opts, Value: rating},
		Comment: web.Field{ID: "comment", Label: web.T(r, "How could we improve this service? (optional)"),
			Hint:  web.T(r, "Do not include personal or financial information, like your National Insurance number or credit card details."),
			Value: comment, Rows: 5}}
}

// feedbackGet asks the question, or says the link is gone.
func (h *handler) feedbackGet(w http.ResponseWriter, r *http.Request) error {
	def, err := h.Cases.FeedbackServiceOf(r.Context(), r.PathValue("token"))
	if errors.Is(err, fault.NotFound) {
		return h.rd.Render(w, r, http.StatusNotFound, "feedback", feedbackPage{Gone: true})
	}
	if err != nil {
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "feedback", newFeedbackPage(r, def, "", ""))
}

// feedbackPost keeps the answer once.
func (h *handler) feedbackPost(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	def, err := h.Cases.FeedbackServiceOf(r.Context(), token)
	if errors.Is(err, fault.NotFound) {
		return h.rd.Render(w, r, http.StatusNotFound, "feedback", feedbackPage{Gone: true})
	}
	if err != nil {
		return err
	}
	page := newFeedbackPage(r, def, r.PostFormValue("rating"), r.PostFormValue("comment"))
	err = h.Cases.Rate(r.Context(), web.LangOf(r), token, page.Rating.Value, page.Comment.Value)
	var ve *service.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, fe := range ve.Errors {
			msg := web.T(r, fe.Message) // a catalogue key, or already in the resident's language
			page.Errors = append(page.Errors, web.FieldError{Field: fe.Field, Message: msg})
			if fe.Field == "rating" {
				page.Rating.Error = msg
			} else {
				page.Comment.Error = msg
			}
		}
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "feedback", page)
	case errors.Is(err, fault.NotFound):
		return h.rd.Render(w, r, http.StatusNotFound, "feedback", feedbackPage{Gone: true})
	case err != nil:
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "feedback", feedbackPage{ServiceName: def.Name, Done: true})
}
