package frontdoor

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type confirmationPage struct {
	ServiceName string
	Ref         string
	// Spoken is the reference spelled out for reading aloud on the phone.
	Spoken   string
	TrackURL string
	Assisted bool
	// Due is the statutory last day in time ("4 December 2026"), if the service has a clock.
	Due string
}

// confirmation shows the reference of the session's submitted request. A
// refresh shows it again and submits nothing.
func (h *handler) confirmation(w http.ResponseWriter, r *http.Request) error {
	def, err := h.publicService(r)
	if err != nil {
		return err
	}
	d, err := h.loadDraft(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	if d.CaseRef == "" {
		http.Redirect(w, r, startPath(def.ID), http.StatusSeeOther)
		return nil
	}
	page := confirmationPage{
		ServiceName: def.Name, Ref: d.CaseRef, Spoken: spoken(d.CaseRef),
		TrackURL: "/track?ref=" + url.QueryEscape(d.CaseRef), Assisted: assisted(r, def),
	}
	due, ok, err := h.Cases.DueDate(r.Context(), d.CaseRef)
	if err != nil {
		return err
	}
	if ok {
		// The date in the page's language: "4 Mawrth 2026" on the Welsh site.
		page.Due = web.LangOf(r).Format(time.Date(due.Year, due.Month, due.Day, 0, 0, 0, 0, time.UTC), lang.DateLayout)
	}
	return h.rd.Render(w, r, http.StatusOK, "confirmation", page)
}

// spoken spaces a reference out character by character ("K 7 Q D, M 2 X H"),
// which screen readers and officers on the phone read one symbol at a time.
func spoken(ref string) string {
	var b strings.Builder
	for i, r := range ref {
		switch {
		case r == '-':
			b.WriteString(",")
		case i > 0:
			b.WriteByte(' ')
			fallthrough
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
