package records

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Audit actions of rectification (UK GDPR Art. 16).
const (
	AuditCorrectionProposed = "rights.correct.propose"
	AuditCorrectionsMade    = "rights.correct"
)

// Correction states.
const (
	CorrectionProposed = "proposed"
	CorrectionMade     = "made"
)

// Correction is one answer of one of the person's cases that a
// rectification request corrects.
type Correction struct {
	ID                    int64
	Request               string
	Case, Question, Value string
	State                 string
	ProposedBy, MadeBy    string
	ProposedAt            time.Time
	MadeAt                *time.Time
}

// CorrectFunc makes one approved correction to a case's answer
// (cases.Service.Correct, wired by the platform): audited, with a
// "corrected" event keeping the old value. It returns fault.Conflict when
// the answer already says value.
type CorrectFunc func(ctx context.Context, p access.Principal, caseRef, question, value, request string) error

// RefreshFunc rewrites the single view's record of a case from the case as
// it now is (people.Service.RefreshCase), so the person's details follow.
type RefreshFunc func(ctx context.Context, caseRef string) error

// ProposeCorrection asks for answer question of case caseRef to read value,
// on rectification request ref. The case must be one of the request's
// person's. Only information governance may. Errors: fault.Forbidden,
// fault.NotFound, fault.Invalid.
func (s *Service) ProposeCorrection(ctx context.Context, p access.Principal, ref, caseRef, question, value string) error {
	if err := mayGovern(p); err != nil {
		return err
	}
	r, err := s.Store.RightsRequest(ctx, ref)
	if err != nil {
		return err
	}
	caseRef, question, value = strings.ToUpper(strings.TrimSpace(caseRef)), strings.TrimSpace(question), strings.TrimSpace(value)
	if question == "" || value == "" {
		return fault.New(fault.Invalid, "Say which answer to correct and what it should say")
	}
	links, err := s.Store.PersonLinks(ctx, r.RecordKeys)
	if err != nil {
		return err
	}
	if !slices.Contains(links.Cases, caseRef) {
		return fault.New(fault.Invalid, "Case %s is not one of this person's", caseRef)
	}
	now := s.now()
	c := Correction{Request: ref, Case: caseRef, Question: question, Value: value, ProposedBy: p.UserID, ProposedAt: now}
	e := audit.Entry{At: now, Actor: p.UserID, Action: AuditCorrectionProposed, Subject: "case:" + ref,
		Detail: audit.Detail(map[string]any{"case": caseRef, "question": question})}
	return s.Store.ProposeCorrection(ctx, c, e)
}

// Corrections lists request ref's corrections, oldest first. Information
// governance and records managers may. Errors: fault.Forbidden.
func (s *Service) Corrections(ctx context.Context, p access.Principal, ref string) ([]Correction, error) {
	if mayGovern(p) != nil && mayManage(p) != nil {
		return nil, fault.New(fault.Forbidden, "Only information governance staff and records managers may do this")
	}
	return s.Store.Corrections(ctx, ref)
}

// ApproveCorrections makes request ref's proposed corrections, as a
// records manager approves (as an erasure is approved): each through the
// case service, then the single view's record of the case is rewritten,
// and the requester is told what was corrected. A correction the case
// already shows (a run stopped half-way) counts as made. Errors:
// fault.Forbidden, fault.Conflict (nothing to approve), fault.Invalid (a
// value its question refuses: nothing after it is made).
func (s *Service) ApproveCorrections(ctx context.Context, p access.Principal, ref string) error {
	if err := mayManage(p); err != nil {
		return err
	}
	all, err := s.Store.Corrections(ctx, ref)
	if err != nil {
		return err
	}
	todo := slices.DeleteFunc(all, func(c Correction) bool { return c.State != CorrectionProposed })
	if len(todo) == 0 {
		return fault.New(fault.Conflict, "No correction on %s waits for approval", ref)
	}
	who, err := s.Store.Requester(ctx, ref)
	if err != nil {
		return err
	}
	for _, c := range todo {
		if err := s.Correct(ctx, p, c.Case, c.Question, c.Value, ref); err != nil && !errors.Is(err, fault.Conflict) {
			return err
		}
		if err := s.Refresh(ctx, c.Case); err != nil {
			return err
		}
	}
	notice, err := correctedNotice(who, ref, todo, s.now())
	if err != nil {
		return err
	}
	ids := make([]int64, len(todo))
	for i, c := range todo {
		ids[i] = c.ID
	}
	e := audit.Entry{At: s.now(), Actor: p.UserID, Action: AuditCorrectionsMade, Subject: "case:" + ref,
		Detail: audit.Detail(map[string]any{"corrections": ids, "told": notice.ID})}
	return s.Store.CorrectionsMade(ctx, ids, p.UserID, e, notice)
}

// correctedNotice tells the requester which answers were corrected.
func correctedNotice(who service.Applicant, ref string, cs []Correction, now time.Time) (jobs.Message, error) {
	channel, to := who.Contact()
	if to == "" {
		return jobs.Message{}, fault.New(fault.Invalid, "Request %s gives no email address or phone number to tell the person at", ref)
	}
	var lines []string
	for _, c := range cs {
		lines = append(lines, fmt.Sprintf("- on %s, your answer now reads: %s", c.Case, c.Value))
	}
	body := fmt.Sprintf("We have corrected your personal information as you asked in request %s:\n\n%s\n\n"+
		"If anything is still wrong, reply to this message. You can also complain to the Information Commissioner's Office: https://ico.org.uk/make-a-complaint/",
		ref, strings.Join(lines, "\n"))
	msg := map[string]string{"channel": channel, "to": to, "body": body}
	if channel == service.ContactEmail {
		msg["subject"] = "We have corrected your personal information " + ref
	} else {
		msg["body"] = fmt.Sprintf("We have corrected your personal information as you asked in request %s.", ref)
	}
	m := jobs.Message{ID: jobs.NewID(), Topic: jobs.TopicNotify, Key: ref, CreatedAt: now, AvailableAt: now}
	msg["id"] = m.ID
	var err error
	m.Payload, err = json.Marshal(msg)
	return m, err
}
