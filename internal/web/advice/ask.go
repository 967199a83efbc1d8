package advice

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/advice"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// maxAsk bounds what a resident may write: enough for several sentences.
const maxAsk = 1000

type askPage struct {
	Need   web.Field
	Errors []web.FieldError
}

// FieldErrors lists the form's errors.
func (p askPage) FieldErrors() []web.FieldError { return p.Errors }

func newAskPage(r *http.Request, text string) askPage {
	return askPage{Need: web.Field{ID: "need", Label: web.T(r, "Tell us what you need"), Heading: true, Value: text, Rows: 4,
		Hint: web.T(r, "Write it in your own words, in English or Welsh. For example, “there is a mattress dumped in the lane behind my house”. Do not include your name, address or other personal details.")}}
}

// askGet shows the "Tell us what you need" form.
func (h *handler) askGet(w http.ResponseWriter, r *http.Request) error {
	return h.public.Render(w, r, http.StatusOK, "ask", newAskPage(r, ""))
}

// suggestionView is one suggested service as the resident sees it: in
// their language when the service is offered in it, otherwise in English
// marked as such (Lang).
type suggestionView struct {
	ID, Name, Summary, Reason string
	Lang                      lang.Tag
}

type askResultsPage struct {
	Text         string
	SuggestionID int64
	Suggestions  []suggestionView
	DontKnow     bool
	TriageOn     bool
	GeneralURL   string
	Quotes       []advice.Passage
	Summary      string // a language model's answer that passed advice.Grounded
}

// askPost answers on the same response (no redirect), so what the resident
// wrote never appears in an address, a log or their history.
func (h *handler) askPost(w http.ResponseWriter, r *http.Request) error {
	text := strings.TrimSpace(r.PostFormValue("need"))
	if page, bad := validateAsk(r, text); bad {
		return h.public.Render(w, r, http.StatusUnprocessableEntity, "ask", page)
	}
	page := askResultsPage{Text: text, GeneralURL: h.generalURL(), TriageOn: h.model() != nil}
	if page.TriageOn {
		if err := h.suggest(r, &page); err != nil {
			return err
		}
	}
	h.answer(r.Context(), web.LangOf(r), &page)
	return h.public.Render(w, r, http.StatusOK, "ask_results", page)
}

func validateAsk(r *http.Request, text string) (askPage, bool) {
	page := newAskPage(r, text)
	msg := ""
	switch {
	case text == "":
		msg = web.T(r, "Tell us what you need")
	case utf8.RuneCountInString(text) > maxAsk:
		msg = web.T(r, "What you need must be %d characters or fewer", maxAsk)
	case service.CharacterProblem(text) != "":
		msg = service.CharacterMessageIn(web.LangOf(r), service.CharacterProblem(text), "What you need")
	}
	if msg == "" {
		return page, false
	}
	page.Need.Error = msg
	page.Errors = []web.FieldError{{Field: "need", Message: msg}}
	return page, true
}

// suggest classifies the text among public services and logs what was
// suggested (never the text).
func (h *handler) suggest(r *http.Request, page *askResultsPage) error {
	l, m := web.LangOf(r), h.model()
	say := func(format string, args ...any) string { return web.T(r, format, args...) }
	res := m.Classify(page.Text, service.AudiencePublic)
	rec := triage.Record{Feature: triage.FeatureTriage, DontKnow: res.DontKnow, Model: m.Describe()}
	for _, s := range res.Suggestions {
		if !h.On(triage.FeatureTriage, s.Service.ID) {
			continue
		}
		rec.Suggested = append(rec.Suggested, s.Service.ID)
		v := suggestionView{ID: s.Service.ID, Reason: s.ReasonIn(say)}
		if d := s.Service; d.Offers(l) {
			d = d.In(l)
			v.Name, v.Summary = d.Name, d.Summary
		} else {
			v.Name, v.Summary, v.Lang = d.Name, d.Summary, lang.English
		}
		page.Suggestions = append(page.Suggestions, v)
	}
	page.DontKnow = res.DontKnow || len(page.Suggestions) == 0
	rec.DontKnow = page.DontKnow
	id, err := h.Log.LogSuggestion(r.Context(), rec)
	page.SuggestionID = id
	return err
}

// answer quotes the council's pages, and adds a language model's summary,
// asked for in the resident's language l, only when it keeps to them.
func (h *handler) answer(ctx context.Context, l lang.Tag, page *askResultsPage) {
	if h.Advice == nil {
		return
	}
	a := h.Advice().Answer(page.Text)
	if a.DontKnow {
		return
	}
	page.Quotes = a.Quotes
	if h.Generate == nil {
		return
	}
	summary, err := h.Generate(ctx, l, page.Text, a.Quotes)
	if err != nil {
		h.Logger.Warn("advice: language model answer not used", "err", err, "ungrounded", errors.Is(err, advice.ErrUngrounded))
		return
	}
	page.Summary = summary
}

// model is the current triage model, nil when triage is off or the first
// model is still training.
func (h *handler) model() *triage.Model {
	if h.Triage == nil {
		return nil
	}
	return h.Triage.Model()
}

func (h *handler) generalURL() string {
	if h.GeneralEnquiryURL != "" {
		return h.GeneralEnquiryURL
	}
	return "/"
}

// askChoose records which suggested service the resident chose, then sends
// them to it. The log is best effort: a resident is never stopped by it.
func (h *handler) askChoose(w http.ResponseWriter, r *http.Request) error {
	id := r.PostFormValue("service")
	d, ok := h.catalog().Get(id)
	if !ok || !d.HasAudience(service.AudiencePublic) {
		return fault.New(fault.NotFound, "service %q", id)
	}
	if sid, err := strconv.ParseInt(r.PostFormValue("suggestion"), 10, 64); err == nil {
		if err := h.Log.DecideSuggestion(r.Context(), sid, triage.FeatureTriage, id, ""); err != nil &&
			!errors.Is(err, fault.Conflict) && !errors.Is(err, fault.NotFound) {
			h.Logger.Warn("advice: choice not logged", "err", err)
		}
	}
	http.Redirect(w, r, "/services/"+id, http.StatusSeeOther)
	return nil
}
