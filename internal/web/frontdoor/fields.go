package frontdoor

import (
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// form is posted or reconstructed form values by field name.
type form map[string][]string

func (f form) get(k string) string {
	if v := f[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// views builds the page's visible questions with the shared widgets. A
// question that depends on another on the same page is always drawn (in
// its conditional reveal), so the page works without JavaScript; the codec
// decodes it only when its condition holds. A question is the page's
// heading when it is alone on the page and its label says the same as the
// page title (GOV.UK's one question per page).
func views(def *service.Definition, page *service.Page, vals form, answers service.Answers, errs service.FieldErrors) []web.Question {
	var visible []service.Question
	for i := range page.Questions {
		q := &page.Questions[i]
		if sameParent(page, q) || def.QuestionVisible(q, answers) {
			visible = append(visible, *q)
		}
	}
	out := web.Questions(web.QuestionInput{Questions: visible, Values: service.Form(vals), Errors: errs,
		Answers: answers, Applicant: def.Applicant, Lang: def.Lang()})
	if len(out) == 1 {
		out[0].Field.Heading = headingLike(out[0].Field.Label, page.Title)
	}
	return out
}

// sameParent reports whether q depends on a question on the same page.
func sameParent(page *service.Page, q *service.Question) bool {
	if q.ShowIf == nil {
		return false
	}
	for _, other := range page.Questions {
		if other.ID == q.ShowIf.Question {
			return true
		}
	}
	return false
}

func headingLike(label, title string) bool {
	norm := func(s string) string { return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), "?.")) }
	return norm(label) == norm(title)
}

// yesNo are the options of a yes or no question the front door asks itself.
func yesNo(r *http.Request) []web.Option {
	return []web.Option{{Value: "yes", Label: web.T(r, "Yes")}, {Value: "no", Label: web.T(r, "No")}}
}

// emailError is what a resident reads for an address service.NormaliseEmail
// refuses, in their language.
func emailError(r *http.Request, err error) string {
	if errors.Is(err, service.ErrEmailEmpty) {
		return web.T(r, "Enter your email address")
	}
	return web.T(r, "Enter an email address in the correct format, like name@example.com")
}
