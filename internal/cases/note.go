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
// on "track my request" and queues the definition's note notification; a
// Public one (a public report's only) is also shown on the report's public
// page and told to its followers.
// Errors: fault.NotFound, fault.Forbidden, fault.Invalid (empty note).
func (s *Service) AddNote(ctx context.Context, p access.Principal, ref, text string, vis Visibility) (Event, error) {
	return s.Note(ctx, p, NoteRequest{Ref: ref, Text: text, Visibility: vis})
}

// NoteRequest is a note to add to a case, for callers that must look at the
// case before the note is written.
type NoteRequest struct {
	Ref, Text  string
	Visibility Visibility
	// Accept, when set, is given the case as read (the one read the note
	// makes) before anything is written; an error it returns stops the note
	// and is Note's error. Open311 uses it to check the case's service is
	// one the client may update and to claim the update's id.
	Accept func(Case) error
	// Photos are photos sent with the note (a reporter's update through
	// Open311), already scanned and cleaned; at most MaxUpdatePhotos.
	Photos []*service.FileRef
	// drafted is the note's origin when a language model drafted it.
	drafted Drafted
}

// Note adds a note as AddNote does, reading the case once.
func (s *Service) Note(ctx context.Context, p access.Principal, req NoteRequest) (Event, error) {
	return s.addNote(ctx, p, req)
}

// AddDraftedNote adds a note whose text began as a language model's draft.
// It is AddNote with the origin kept on the timeline event and in the audit
// entry: the officer who sends it is its author, and the record says how it
// was written (docs/ai.md).
func (s *Service) AddDraftedNote(ctx context.Context, p access.Principal, ref, text string, vis Visibility, by Drafted) (Event, error) {
	if by != DraftedByModel && by != DraftedByModelEdited {
		return Event{}, fault.New(fault.Invalid, "note: unknown draft origin %q", by)
	}
	return s.addNote(ctx, p, NoteRequest{Ref: ref, Text: text, Visibility: vis, drafted: by})
}

func (s *Service) addNote(ctx context.Context, p access.Principal, req NoteRequest) (Event, error) {
	text, vis, by := req.Text, req.Visibility, req.drafted
	// Browsers send a text box's line breaks as CRLF; a message carries LF.
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if err := CheckNote(text); err != nil {
		return Event{}, err
	}
	if vis != Resident && vis != Public {
		vis = Internal
	}
	fields, err := withPhotos(req.Photos)
	if err != nil {
		return Event{}, err
	}
	c, err := s.forAct(ctx, p, req.Ref, 0)
	if err != nil {
		return Event{}, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return Event{}, err
	}
	if vis == Public && !isPublic(def, c) {
		return Event{}, fault.New(fault.Invalid, "note: %s is not a public report, so its notes cannot be public", c.Ref)
	}
	if req.Accept != nil {
		if err := req.Accept(c); err != nil {
			return Event{}, err
		}
	}
	now := s.now().UTC()
	before := c.Version
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: EventNote, Note: text, Visibility: vis, Drafted: by, Fields: fields}
	meta := map[string]any{"visibility": string(vis)}
	if len(fields) > 0 {
		meta["photos"] = len(fields)
	}
	if by != "" {
		meta["drafted"] = string(by)
	}
	ch := Change{Case: c, ExpectVersion: before, Events: []Event{ev},
		Audit: []audit.Entry{caseEntry(now, actor, AuditNote, c, meta)}}
	if vis.ToResident() {
		ch.Outbox = s.notifications(ctx, def, c, notice{event: service.EventNote, note: text}, now)
	}
	if vis == Public {
		told, err := s.updateNotices(ctx, def, c, followNote, text, now, addressed(ch.Outbox))
		if err != nil {
			return Event{}, fmt.Errorf("note on %s: followers: %w", c.Ref, err)
		}
		ch.Outbox = append(ch.Outbox, told...)
	}
	ch.Outbox = append(ch.Outbox, webhook("case.note", c, "", now))
	ch.SearchAppend = text
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Event{}, fmt.Errorf("note on %s: %w", c.Ref, err)
	}
	return ev, nil
}

// CheckNote says what is wrong with a note's text, if anything: it is empty,
// or holds characters a message cannot carry. Errors: fault.Invalid, or a
// *service.ValidationError naming the field "note".
func CheckNote(text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return fault.New(fault.Invalid, "note: enter the note")
	}
	if p := service.CharacterProblem(text); p != "" {
		return &service.ValidationError{Errors: service.FieldErrors{{Field: "note", Message: service.CharacterMessage(p, "The note")}}}
	}
	return nil
}

// Label says how a note's text was written, for the timeline; "" for a
// note a person wrote.
func (d Drafted) Label() string {
	switch d {
	case DraftedByModel:
		return "Drafted by a language model, sent unchanged"
	case DraftedByModelEdited:
		return "Drafted by a language model, edited by the officer"
	}
	return ""
}
