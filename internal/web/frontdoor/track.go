package frontdoor

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type trackPage struct {
	Ref, Contact web.Field
	Errors       []web.FieldError
}

func newTrackPage(r *http.Request, ref, contact string) trackPage {
	return trackPage{
		Ref: web.Field{ID: "ref", Label: web.T(r, "Reference number"), Hint: web.T(r, "For example, %s", "K7QD-M2XH"), Value: ref, Width: "10", NoSpellcheck: true},
		Contact: web.Field{ID: "contact", Label: web.T(r, "Email address or phone number"), Value: contact, NoSpellcheck: true,
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
	return h.rd.Render(w, r, http.StatusOK, "track", newTrackPage(r, r.URL.Query().Get("ref"), ""))
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
	page := newTrackPage(r, ref, contact)
	if ref == "" {
		page.fail(&page.Ref, web.T(r, "Enter your reference number"))
	}
	if contact == "" {
		page.fail(&page.Contact, web.T(r, "Enter the email address or phone number you gave"))
	}
	if p := service.CharacterProblem(ref); p != "" {
		page.fail(&page.Ref, service.CharacterMessageIn(web.LangOf(r), p, "Reference number"))
	}
	if p := service.CharacterProblem(contact); p != "" {
		page.fail(&page.Contact, service.CharacterMessageIn(web.LangOf(r), p, "Email address or phone number"))
	}
	if len(page.Errors) > 0 {
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "track", page)
	}
	c, events, err := h.Cases.Track(r.Context(), ref, contact)
	if errors.Is(err, fault.NotFound) {
		page.fail(&page.Ref, web.T(r, "No request matches that reference number and email address or phone number. Check both and try again"))
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "track", page)
	}
	if err != nil {
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "track_result", h.trackResult(web.LangOf(r), c, events))
}

func (h *handler) trackResult(l lang.Tag, c cases.Case, events []cases.Event) trackResultPage {
	p := trackResultPage{Ref: c.Ref, Status: c.State, Closed: c.ClosedAt != nil, SubmittedAt: c.SubmittedAt,
		Waiting: c.PausedSince != nil}
	if d, ok := c.DueDate(); ok {
		p.Due = l.FormatDay(d.Start(), lang.DateLayout)
	}
	var def *service.Definition
	if cat := h.Services.Load(); cat != nil {
		def, _ = cat.Get(c.ServiceID)
	}
	if def != nil {
		def = def.In(l)
	}
	if def != nil {
		p.ServiceName = def.Name
		p.Status = def.StateLabel(c.State)
	}
	for i := len(events) - 1; i >= 0; i-- { // newest first
		e := events[i]
		item := historyItem{At: e.At, Text: eventText(l, def, e), Note: e.Note}
		if e.Kind == cases.EventMerged {
			item.Note = "" // the reference is in the text
		}
		p.History = append(p.History, item)
	}
	return p
}

func eventText(l lang.Tag, def *service.Definition, e cases.Event) string {
	switch e.Kind {
	case cases.EventSubmitted:
		return web.Messages.Sprintf(l, "Request received")
	case cases.EventTransitioned:
		return web.Messages.Sprintf(l, "Status changed to %s", def.StateLabel(e.ToState))
	case cases.EventResidentUpdate:
		return web.Messages.Sprintf(l, "You added an update")
	case cases.EventMerged:
		return web.Messages.Sprintf(l, "Closed as a duplicate of report %s", e.Note)
	case cases.EventNote:
		return web.Messages.Sprintf(l, "Message from the council")
	case cases.EventAttachment:
		return web.Messages.Sprintf(l, "Document added")
	}
	return web.Messages.Sprintf(l, "Updated")
}
