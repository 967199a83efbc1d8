package frontdoor

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// DraftStore keeps answers in progress server-side, by browser session and
// service. internal/store implements it (the drafts table).
type DraftStore interface {
	// LoadDraft returns the session's most recent draft of a service: its id,
	// its answers and, once submitted, the case reference it became. It
	// returns fault.NotFound when the session has none.
	LoadDraft(ctx context.Context, session, serviceID string) (id string, answers service.Answers, caseRef string, err error)
	// SaveDraft creates the draft id or replaces its answers.
	SaveDraft(ctx context.Context, id, session, serviceID string, answers service.Answers) error
	// SubmitDraft records the case reference a draft became; later loads
	// return it, and a new draft must be started to apply again.
	SubmitDraft(ctx context.Context, id, caseRef string) error
	// DeleteSessionDrafts deletes every draft (submitted or not) of the
	// sessions, returning how many: the session has ended.
	DeleteSessionDrafts(ctx context.Context, sessions ...string) (int, error)
	ResumeStore
}

// draft is one form in progress.
type draft struct {
	ID        string
	Session   string
	ServiceID string
	Answers   service.Answers
	CaseRef   string
}

// loadDraft returns the session's draft of def, or a new empty one (not yet
// saved) when there is none or the last one was submitted.
func (h *handler) loadDraft(ctx context.Context, session string, def *service.Definition) (draft, error) {
	d := draft{Session: session, ServiceID: def.ID, Answers: service.Answers{}}
	if session == "" {
		return d, nil
	}
	id, answers, ref, err := h.Drafts.LoadDraft(ctx, session, def.ID)
	switch {
	case errors.Is(err, fault.NotFound):
		return d, nil
	case err != nil:
		return d, err
	}
	d.ID, d.CaseRef = id, ref
	if answers != nil {
		d.Answers = answers
	}
	return d, nil
}

// current returns the draft being filled in: a submitted draft is finished,
// so the resident starts a new, empty one.
func (h *handler) current(ctx context.Context, session string, def *service.Definition) (draft, error) {
	d, err := h.loadDraft(ctx, session, def)
	if err != nil {
		return d, err
	}
	if d.CaseRef != "" {
		d = draft{Session: session, ServiceID: def.ID, Answers: service.Answers{}}
	}
	if d.ID == "" {
		prefill(web.PrincipalFrom(ctx), def, d.Answers)
	}
	return d, nil
}

// prefill starts a staff service with the signed-in person's own name and
// work email in its applicant questions: the council already knows them
// (captured once). They stay ordinary answers the person can change. Public
// services are never prefilled (staff filling one in are helping a resident),
// nor councillor services (a Member enquiry's applicant is the resident).
func prefill(p access.Principal, def *service.Definition, answers service.Answers) {
	if !internal(def) || !def.HasAudience(service.AudienceStaff) || p.Kind != access.KindStaff {
		return
	}
	for id, value := range map[string]string{def.Applicant.Name: p.Name, def.Applicant.Email: p.Email} {
		if id == "" || strings.TrimSpace(value) == "" {
			continue
		}
		if _, answered := answers[id]; !answered {
			answers[id] = service.Answer{Text: value}
		}
	}
}

// saveDraft keeps the answers; a signed-in resident's form also becomes
// theirs, listed on "Your requests" on any device.
func (h *handler) saveDraft(r *http.Request, d *draft) error {
	if d.ID == "" {
		d.ID = newDraftID()
	}
	if err := h.Drafts.SaveDraft(r.Context(), d.ID, d.Session, d.ServiceID, d.Answers); err != nil {
		return err
	}
	if a, _, err := h.signedIn(r); err == nil {
		return h.Residents.KeepForm(r.Context(), a, d.ID)
	}
	return nil
}

var draftIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newDraftID is 128 random bits: the draft's id and its case's idempotency key.
func newDraftID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "d-" + strings.ToLower(draftIDEncoding.EncodeToString(b))
}

// publicService returns the definition of a service the caller may fill in
// (see mayUse), or fault.NotFound (residents never see staff or councillor services).
func (h *handler) publicService(r *http.Request) (*service.Definition, error) {
	id := r.PathValue("service")
	cat := h.Services.Load()
	if cat == nil {
		return nil, fault.New(fault.Unavailable, "no services loaded")
	}
	def, ok := cat.Get(id)
	if !ok || !usable(r, def) {
		return nil, fault.New(fault.NotFound, "no public service %q", id)
	}
	return def.In(web.LangOf(r)), nil
}
