package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// EventResidentUpdate is something a resident added to their own request:
// on the officer's timeline and on the resident's tracking page, never on
// the public report page (it is theirs, unmoderated).
const EventResidentUpdate EventKind = "resident_update"

// AuditResidentUpdate is the audit action of a resident's update.
const AuditResidentUpdate = "case.resident_update"

// ResidentUpdateField is the form field of a resident's update, and of its
// refusals.
const ResidentUpdateField = "update"

// ResidentUpdateMax is the longest update a resident may add, in characters:
// a few paragraphs, as a text message or email would carry.
const ResidentUpdateMax = 2000

// AddResidentUpdate adds a resident's update to their own open request: the
// access policy must let p add one (access.ActionUpdate: a signed-in
// resident whose address the request was made with, so holding the
// reference is never enough). An update is text, photos (already scanned
// and cleaned, as web.Uploads.StorePhoto keeps them), or both. Updates
// sent at the same moment are each added: one that finds the case changed
// meanwhile is written again on the case as it now is, since an update
// depends on nothing of it but its being open. Errors: fault.NotFound for
// a request p may not update (alike one that does not exist);
// fault.Conflict for a closed one; a *service.ValidationError on
// ResidentUpdateField for an empty, too long or unsendable text (the last
// in l, the resident's language, as only the service package can write it;
// the others are catalogue keys).
func (s *Service) AddResidentUpdate(ctx context.Context, l lang.Tag, p access.Principal, ref, text string, photos ...*service.FileRef) (Event, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text != "" || len(photos) == 0 {
		if err := checkResidentUpdate(l, text); err != nil {
			return Event{}, err
		}
	}
	fields, err := withPhotos(photos)
	if err != nil {
		return Event{}, err
	}
	for try := 0; ; try++ {
		ev, err := s.addResidentUpdate(ctx, p, ref, text, fields)
		if !errors.Is(err, errChanged) || try == residentUpdateTries {
			return ev, err
		}
	}
}

// residentUpdateTries bounds the writes of one update when others keep
// landing first: each round one of them is written, so this many rounds
// add that many updates sent at the same moment.
const residentUpdateTries = 100

// errChanged marks a resident's update that found the case changed since
// it was read.
var errChanged = errors.New("the request changed while the update was written")

func (s *Service) addResidentUpdate(ctx context.Context, p access.Principal, ref, text string, fields service.Answers) (Event, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Event{}, err
	}
	if !s.ask(p, access.ActionUpdate, c).Allow {
		return Event{}, errNotFound(c.Ref)
	}
	if c.ClosedAt != nil {
		return Event{}, fault.New(fault.Conflict, "request %s is closed", c.Ref)
	}
	now := s.now().UTC()
	before := c.Version
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: c.Applicant.Name, Kind: EventResidentUpdate, Note: text, Visibility: Resident, Fields: fields}
	detail := map[string]any{"characters": utf8.RuneCountInString(text)}
	if len(fields) > 0 {
		detail["photos"] = len(fields)
	}
	ch := Change{Case: c, ExpectVersion: before, Events: []Event{ev}, SearchAppend: text,
		Audit:  []audit.Entry{caseEntry(now, actor, AuditResidentUpdate, c, detail)},
		Outbox: []jobs.Message{webhook("case.note", c, "", now)}}
	err = s.Store.ApplyChanges(ctx, ch)
	switch {
	case errors.Is(err, fault.Conflict):
		return Event{}, fmt.Errorf("resident update on %s: %w: %w", c.Ref, errChanged, err)
	case err != nil:
		return Event{}, fmt.Errorf("resident update on %s: %w", c.Ref, err)
	}
	return ev, nil
}

// MayAddUpdate reports whether p may add an update to c now, so that a page
// offers exactly what AddResidentUpdate accepts.
func (s *Service) MayAddUpdate(p access.Principal, c Case) bool {
	return c.ClosedAt == nil && s.ask(p, access.ActionUpdate, c).Allow
}

// checkResidentUpdate refuses an update that is empty, too long, or holds
// characters a message cannot carry.
func checkResidentUpdate(l lang.Tag, text string) error {
	bad := func(msg string) error {
		return &service.ValidationError{Errors: []service.FieldError{{Field: ResidentUpdateField, Message: msg}}}
	}
	switch {
	case text == "":
		return bad(lang.N("Enter your update"))
	case utf8.RuneCountInString(text) > ResidentUpdateMax:
		return bad(lang.N("Your update must be 2000 characters or fewer")) // ResidentUpdateMax
	}
	if p := service.CharacterProblem(text); p != "" {
		return bad(service.CharacterMessageIn(l, p, "Your update"))
	}
	return nil
}
