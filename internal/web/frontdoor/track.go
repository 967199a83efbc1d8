package frontdoor

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type trackPage struct {
	Ref, Contact web.Field
	Errors       []web.FieldError
}

func newTrackPage(ref, contact string) trackPage {
	return trackPage{
		Ref: web.Field{ID: "ref", Label: "Reference number", Hint: "For example, K7QD-M2XH", Value: ref, Width: "10", NoSpellcheck: true},
		Contact: web.Field{ID: "contact", Label: "Email address or phone number", Value: contact, NoSpellcheck: true,
			Autocomplete: "email"},
	}
}

func (p *trackPage) fail(f *web.Field, msg string) {
	f.Error = msg
	p.Errors = append(p.Errors, web.FieldError{Field: f.ID, Message: msg})
}

// FieldErrors lists the form's errors.
func (p trackPage) FieldErrors() []web.FieldError { return p.Errors }

// trackGet asks for the reference and the email address or phone number.
func (h *handler) trackGet(w http.ResponseWriter, r *http.Request) error {
	return h.rd.Render(w, r, http.StatusOK, "track", newTrackPage(r.URL.Query().Get("ref"), ""))
}

// historyItem is one entry of a request's history, as a resident sees it.
type historyItem struct {
	At   time.Time
	Text string
	Note string
}

type trackResultPage struct {
	ServiceName string
	Ref         string
	Status      string
	Closed      bool
	SubmittedAt time.Time
	// Due is the statutory last day in time ("4 December 2026"); empty when
	// there is none, or while the clock is stopped waiting for the resident.
	Due     string
	Waiting bool
	History []historyItem
}

// trackPost looks the request up. The contact is posted, not put in the URL,
// so it stays out of logs and browser history. A wrong reference and a wrong
// contact get the same answer, so nobody learns which references exist.
func (h *handler) trackPost(w http.ResponseWriter, r *http.Request) error {
	ref, contact := strings.TrimSpace(r.PostFormValue("ref")), strings.TrimSpace(r.PostFormValue("contact"))
	page := newTrackPage(ref, contact)
	if ref == "" {
		page.fail(&page.Ref, "Enter your reference number")
	}
	if contact == "" {
		page.fail(&page.Contact, "Enter the email address or phone number you gave")
	}
	if p := service.CharacterProblem(ref); p != "" {
		page.fail(&page.Ref, service.CharacterMessage(p, "Reference number"))
	}
	if p := service.CharacterProblem(contact); p != "" {
		page.fail(&page.Contact, service.CharacterMessage(p, "Email address or phone number"))
	}
	if len(page.Errors) > 0 {
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "track", page)
	}
	c, events, err := h.Cases.Track(r.Context(), ref, contact)
	if errors.Is(err, fault.NotFound) {
		page.fail(&page.Ref, "No request matches that reference number and email address or phone number. Check both and try again")
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "track", page)
	}
	if err != nil {
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "track_result", h.trackResult(c, events))
}

func (h *handler) trackResult(c cases.Case, events []cases.Event) trackResultPage {
	p := trackResultPage{Ref: c.Ref, Status: c.State, Closed: c.ClosedAt != nil, SubmittedAt: c.SubmittedAt,
		Waiting: c.PausedSince != nil}
	if d, ok := c.DueDate(); ok {
		p.Due = d.Long()
	}
	var def *service.Definition
	if cat := h.Services.Load(); cat != nil {
		def, _ = cat.Get(c.ServiceID)
	}
	if def != nil {
		p.ServiceName = def.Name
		p.Status = def.StateLabel(c.State)
	}
	for i := len(events) - 1; i >= 0; i-- { // newest first
		e := events[i]
		p.History = append(p.History, historyItem{At: e.At, Text: eventText(def, e), Note: e.Note})
	}
	return p
}

func eventText(def *service.Definition, e cases.Event) string {
	switch e.Kind {
	case cases.EventSubmitted:
		return "Request received"
	case cases.EventTransitioned:
		return "Status changed to " + def.StateLabel(e.ToState)
	case cases.EventNote:
		return "Message from the council"
	case cases.EventAttachment:
		return "Document added"
	}
	return "Updated"
}
