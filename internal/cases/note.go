package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// AddNote adds a note to a case's timeline. A Resident-visible note is shown
// on "track my request" and queues the definition's note notification.
// Errors: fault.NotFound, fault.Forbidden, fault.Invalid (empty note).
func (s *Service) AddNote(ctx context.Context, p access.Principal, ref, text string, vis Visibility) (Event, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Event{}, fault.New(fault.Invalid, "note: enter the note")
	}
	if p := service.CharacterProblem(text); p != "" {
		return Event{}, &service.ValidationError{Errors: service.FieldErrors{{Field: "note", Message: service.CharacterMessage(p, "The note")}}}
	}
	if vis != Resident {
		vis = Internal
	}
	c, err := s.forAct(ctx, p, ref, 0)
	if err != nil {
		return Event{}, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return Event{}, err
	}
	now := s.now().UTC()
	before := c.Version
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: EventNote, Note: text, Visibility: vis}
	ch := Change{Case: c, ExpectVersion: before, Events: []Event{ev},
		Audit: []audit.Entry{caseEntry(now, actor, AuditNote, c, map[string]any{"visibility": string(vis)})}}
	if vis == Resident {
		ch.Outbox = s.notifications(ctx, def, c, notice{event: service.EventNote, note: text}, now)
	}
	ch.Outbox = append(ch.Outbox, webhook("case.note", c, "", now))
	ch.SearchAppend = text
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Event{}, fmt.Errorf("note on %s: %w", c.Ref, err)
	}
	return ev, nil
}
