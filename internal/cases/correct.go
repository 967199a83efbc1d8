package cases

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// AuditCorrect: an answer was corrected on an approved rectification
// request. The entry names the question and the request; the old and new
// values are in the case's "corrected" event, so that they go with the case
// when it is erased or disposed of.
const AuditCorrect = "case.correct"

// correctable are the question types whose answer is written text, which a
// rectification can replace word for word; choices, files, addresses and
// places are corrected by the resident or officer through their own forms.
var correctable = []service.QuestionType{service.TypeText, service.TypeTextarea, service.TypeEmail, service.TypePhone, service.TypePostcode}

// Correction is one answer an approved rectification request (UK GDPR
// Art. 16) corrects.
type Correction struct {
	Case, Question, Value string
	// Request is the rights request that asked for it.
	Request string
}

// Correct replaces one written answer of a case, as an approved
// rectification says: validated by the question's own rules, the applicant
// worked out again, the search entry rewritten, and a staff-only
// "corrected" event keeping the old value beside the new one, with an
// audit entry. Only the platform and records managers (who approve
// rectifications) may. Errors: fault.Forbidden, fault.NotFound, fault.Invalid
// (not a written answer, or the value fails its rules), fault.Conflict
// (the answer already says that).
func (s *Service) Correct(ctx context.Context, p access.Principal, c Correction) (Case, error) {
	if d := access.Decide(p, access.ActionManageRecords, access.Resource{}); !d.Allow {
		return Case{}, fault.New(fault.Forbidden, "Only a records manager approves a correction")
	}
	cs, err := s.Store.CaseByRef(ctx, NormaliseRef(c.Case))
	if err != nil {
		return Case{}, err
	}
	def, err := s.definition(cs.ServiceID)
	if err != nil {
		return Case{}, err
	}
	q, ok := def.Question(c.Question)
	if !ok || !slices.Contains(correctable, q.Type) {
		return Case{}, fault.New(fault.Invalid, "%s has no written answer %q to correct", cs.Ref, c.Question)
	}
	now := s.now()
	fields, errs := service.DecodeFields([]service.Question{*q}, service.EncodeForm([]service.Question{*q}, service.Answers{q.ID: {Text: c.Value}}), now)
	if len(errs) > 0 {
		return Case{}, &service.ValidationError{Errors: errs}
	}
	old, corrected := cs.Answers[q.ID], fields[q.ID]
	if old.String() == corrected.String() {
		return Case{}, fault.New(fault.Conflict, "%s already says that for %q", cs.Ref, q.Label)
	}
	next := cs
	next.Answers = maps.Clone(cs.Answers)
	next.Answers[q.ID] = corrected
	next.Applicant = def.ApplicantOf(next.Answers)
	next.Applicant.ContactBy = cs.Applicant.ContactBy
	next.Version, next.UpdatedAt = cs.Version+1, now
	ev := Event{At: now, Actor: actorOf(p), ActorName: p.Name, Kind: EventCorrected, Visibility: Internal,
		Note:   fmt.Sprintf("%s corrected on data protection request %s", q.Label, c.Request),
		Fields: service.Answers{"question": {Text: q.ID}, "from": old, "to": corrected}}
	doc := searchDoc(def, next)
	ch := Change{Case: next, ExpectVersion: cs.Version, Events: []Event{ev}, Search: &doc,
		Audit: []audit.Entry{caseEntry(now, actorOf(p), AuditCorrect, next, map[string]any{"question": q.ID, "request": c.Request})}}
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Case{}, err
	}
	return next, nil
}
