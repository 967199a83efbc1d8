package frontdoor

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Save and return: a resident part-way through a form asks for a link by
// email and finishes on any device. The link is single use, works for as
// long as unsent answers are kept (records.DraftRetentionDays), carries a
// random secret and never an answer, and a newer link replaces an older
// one. Opening it shows a button: the draft moves only on a POST, so a mail
// scanner that fetches links cannot use it up.

// ResumeStore keeps save-and-return links; internal/store implements it.
type ResumeStore interface {
	// SaveResumeLink keeps tokenHash as the one link to the unsent draft id
	// of session until expires and queues email, in one transaction.
	// fault.NotFound when the session has no such draft.
	SaveResumeLink(ctx context.Context, id, session, tokenHash string, expires time.Time, email jobs.Message) error
	// PeekResumeLink returns the service of a live link's draft without
	// using it; ClaimResumeLink uses it once, moving the draft to session.
	// Both return fault.NotFound for a link unknown, used or expired.
	PeekResumeLink(ctx context.Context, tokenHash string, now time.Time) (string, error)
	ClaimResumeLink(ctx context.Context, tokenHash, session string) (string, error)
}

// resumeFor is how long a link works: as long as the answers are kept.
const resumeFor = records.DraftRetentionDays * 24 * time.Hour

type savePage struct {
	ServiceName, Action, Back string
	Email                     web.Field
	Errors                    []web.FieldError
	// Sent is set once the email is queued; Until is when the link stops.
	Sent  bool
	Until string
}

func newSavePage(r *http.Request, def *service.Definition, email string) savePage {
	return savePage{ServiceName: def.Name, Action: savePath(def.ID), Back: checkPath(def.ID),
		Email: web.Field{ID: "email", Label: web.T(r, "Email address"), Hint: web.T(r, "We will send a link to this address. It does not contain your answers."),
			Value: email, Autocomplete: "email", NoSpellcheck: true, Type: "email"}}
}

// FieldErrors lists the form's errors.
func (p savePage) FieldErrors() []web.FieldError { return p.Errors }

type resumePage struct {
	ServiceName, Action, Start string
	// Gone is set for a link that was used, expired or never existed.
	Gone bool
}

func savePath(id string) string { return "/services/" + id + "/save" }

// saveOffered reports whether the question pages offer save and return:
// to residents only (staff drafts belong to their staff session), and only
// when the site knows its own address to put in the email.
func (h *handler) saveOffered(r *http.Request) bool {
	return !web.IsStaff(r) && h.srv.Config().BaseURL != ""
}

// saveGet asks for the email address to send the link to, prefilled with
// the applicant's email answer when there is one (captured once).
func (h *handler) saveGet(w http.ResponseWriter, r *http.Request) error {
	def, d, err := h.savedDraft(r)
	if err != nil {
		return err
	}
	email := ""
	if id := def.Applicant.Email; id != "" {
		email = d.Answers[id].Text
	}
	return h.rd.Render(w, r, http.StatusOK, "save", newSavePage(r, def, email))
}

// savePost sends the link and says where it went and until when.
func (h *handler) savePost(w http.ResponseWriter, r *http.Request) error {
	def, d, err := h.savedDraft(r)
	if err != nil {
		return err
	}
	page := newSavePage(r, def, r.PostFormValue("email"))
	email, err := service.NormaliseEmail(page.Email.Value)
	if err != nil {
		page.Email.Error = emailError(r, err)
		page.Errors = []web.FieldError{{Field: "email", Message: page.Email.Error}}
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "save", page)
	}
	token, hash := newResumeToken()
	expires := h.Now().Add(resumeFor)
	msg := h.resumeEmail(web.LangOf(r), def, email, token, expires)
	if err := h.Drafts.SaveResumeLink(r.Context(), d.ID, d.Session, hash, expires, msg); err != nil {
		return err
	}
	page.Sent, page.Email.Value, page.Until = true, email, web.LangOf(r).Format(expires, lang.TimeDayDateLayout)
	return h.rd.Render(w, r, http.StatusOK, "save", page)
}

// savedDraft is the caller's unsent draft with at least one answer.
func (h *handler) savedDraft(r *http.Request) (*service.Definition, draft, error) {
	def, err := h.publicService(r)
	if err != nil {
		return nil, draft{}, err
	}
	if !h.saveOffered(r) {
		return nil, draft{}, fault.New(fault.NotFound, "save and return is for residents")
	}
	d, err := h.loadDraft(r.Context(), h.session(r), def)
	if err != nil {
		return nil, draft{}, err
	}
	if d.ID == "" || d.CaseRef != "" || len(d.Answers) == 0 {
		return nil, draft{}, fault.New(fault.NotFound, "no answers to save for %s", def.ID)
	}
	return def, d, nil
}

// resumeGet shows the button that opens the draft, or says the link is gone.
func (h *handler) resumeGet(w http.ResponseWriter, r *http.Request) error {
	def, err := h.publicService(r)
	if err != nil {
		return err
	}
	page := resumePage{ServiceName: def.Name, Action: r.URL.Path, Start: startPath(def.ID)}
	sid, err := h.Drafts.PeekResumeLink(r.Context(), tokenHash(r.PathValue("token")), h.Now())
	switch {
	case errors.Is(err, fault.NotFound) || (err == nil && sid != def.ID):
		page.Gone = true
		return h.rd.Render(w, r, http.StatusNotFound, "resume", page)
	case err != nil:
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "resume", page)
}

// resumePost uses the link: the draft becomes this browser's and the
// resident goes on from the first question not yet answered.
func (h *handler) resumePost(w http.ResponseWriter, r *http.Request) error {
	def, err := h.publicService(r)
	if err != nil {
		return err
	}
	if web.IsStaff(r) {
		return fault.New(fault.NotFound, "save and return is for residents")
	}
	session := h.ensureSession(w, r)
	sid, err := h.Drafts.ClaimResumeLink(r.Context(), tokenHash(r.PathValue("token")), session)
	if errors.Is(err, fault.NotFound) || (err == nil && sid != def.ID) {
		return h.rd.Render(w, r, http.StatusNotFound, "resume", resumePage{ServiceName: def.Name, Start: startPath(def.ID), Gone: true})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, checkPath(def.ID), http.StatusSeeOther)
	return nil
}

// newResumeToken is a fresh secret for the link and the hash kept of it.
func newResumeToken() (token, hash string) {
	token = newSecret()
	return token, tokenHash(token)
}

// tokenHash is what the store keeps of a link's secret, hashed as session
// cookies are.
func tokenHash(token string) string { return sessionKey(token) }

// resumeEmail is the outbox message carrying the link, in the language
// the resident is using. It names the service, never an answer.
func (h *handler) resumeEmail(l lang.Tag, def *service.Definition, to, token string, expires time.Time) jobs.Message {
	link := strings.TrimRight(h.srv.Config().BaseURL, "/") + "/services/" + def.ID + "/resume/" + token
	body := web.Messages.Sprintf(l, "You saved your answers to \"%s\".\n\nTo carry on, open this link on any device:\n%s\n\nThe link works once, until %s. After that your answers are deleted.\n\nIf you did not ask for this link, you can ignore this email.\n\n%s",
		def.Name, link, l.Format(expires, lang.TimeDayDateLayout), h.srv.CouncilName(l))
	return h.emailNow(to, web.Messages.Sprintf(l, "Your saved answers: %s", def.Name), body, "resume:"+def.ID)
}

// emailNow is an email the front door sends a resident itself (not a
// service's notification): an outbox message due at once, written by the
// caller in the transaction that makes its link valid.
func (h *handler) emailNow(to, subject, body, key string) jobs.Message {
	id := jobs.NewID()
	payload, err := json.Marshal(notify.Message{ID: id, Channel: notify.Email, To: to, Subject: subject, Body: body})
	if err != nil {
		panic(err) // a struct of strings always encodes
	}
	now := h.Now().UTC()
	return jobs.Message{ID: id, Topic: jobs.TopicNotify, Key: key, Payload: payload, CreatedAt: now, AvailableAt: now}
}
