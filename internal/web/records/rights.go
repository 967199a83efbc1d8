package records

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// rightsPage is one data protection rights request: who it is about,
// found in the single view, and what an erasure would do, item by item.
type rightsPage struct {
	Ref        string
	Chosen     bool
	Records    []string
	Items      []erasureRow
	Erasure    string
	Name       web.Field
	Found      []foundPerson
	Searched   bool
	Restricted bool
	// LiftReason is the lifting form's one question.
	LiftReason web.Field
	// Corrections are the rectification's corrections; CorrectCase,
	// CorrectQuestion and CorrectValue the form proposing one more.
	Corrections                                []correctionRow
	CorrectCase, CorrectQuestion, CorrectValue web.Field
	CorrectionsWaiting                         bool
	Problem                                    string
	// CanGovern and CanManage say which buttons the reader has.
	CanGovern, CanManage bool
}

type correctionRow struct{ Case, Question, Value, State string }

type erasureRow struct {
	What, Action, Why string
}

type foundPerson struct {
	ID                int64
	Name, DateOfBirth string
	Postcode          string
	Cases             int
}

var erasureActionText = map[string]string{records.ActionDelete: "Delete", records.ActionAnonymise: "Anonymise", records.ActionKeep: "Keep"}

// rightsRef reads the {ref} path value as a case reference.
func rightsRef(r *http.Request) string { return strings.ToUpper(strings.TrimSpace(r.PathValue("ref"))) }

func (h *handler) rightsFind(w http.ResponseWriter, r *http.Request) error {
	if ref := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("ref"))); ref != "" {
		http.Redirect(w, r, PathRights+"/"+url.PathEscape(ref), http.StatusSeeOther)
		return nil
	}
	waiting, err := h.Records.Erasures(r.Context(), principal(r))
	if err != nil && !isForbidden(err) {
		return err
	}
	p := &rightsListPage{Ref: web.Field{ID: "ref", Label: "Reference of the request", Hint: "As the case shows it, like K7QD-M2XH", NoSpellcheck: true, Width: "10"}}
	for _, q := range waiting {
		p.Waiting = append(p.Waiting, erasureWaiting{Ref: q.Ref, Asked: date(derefTime(q.ErasureAt)), By: q.ErasureBy})
	}
	return h.render.Render(w, r, http.StatusOK, "rights", p)
}

type rightsListPage struct {
	Ref     web.Field
	Waiting []erasureWaiting
}

type erasureWaiting struct{ Ref, Asked, By string }

func (h *handler) rightsView(w http.ResponseWriter, r *http.Request) error {
	return h.renderRights(w, r, http.StatusOK, "")
}

func (h *handler) renderRights(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	ref := rightsRef(r)
	p := &rightsPage{Ref: ref, Problem: problem, CanGovern: people.MaySubjectAccess(principal(r)),
		Name:            web.Field{ID: "name", Label: "Name", Hint: "As the request gives it, like Jane Smith", Value: r.URL.Query().Get("name")},
		LiftReason:      web.Field{ID: "reason", Label: "Why is the restriction lifted?", Hint: "This is sent to the person, who must be told before their information is used again."},
		CorrectCase:     web.Field{ID: "case", Label: "Case reference", Hint: "One of the person's cases above, like K7QD-M2XH", NoSpellcheck: true, Width: "10"},
		CorrectQuestion: web.Field{ID: "question", Label: "Question", Hint: "The question's id in the service definition, like full_name or email. Only written answers can be corrected here", NoSpellcheck: true, Width: "20"},
		CorrectValue:    web.Field{ID: "value", Label: "What it should say"}}
	p.CanManage = records.MayManage(principal(r))
	q, items, err := h.Records.RightsRequest(r.Context(), principal(r), ref)
	switch {
	case err == nil:
		p.Chosen, p.Records, p.Erasure, p.Restricted = true, q.RecordKeys, q.Erasure, q.Restricted
		for _, it := range items {
			p.Items = append(p.Items, erasureRow{What: itemText(it), Action: erasureActionText[it.Action], Why: it.Why})
		}
		cs, err := h.Records.Corrections(r.Context(), principal(r), ref)
		if err != nil {
			return err
		}
		for _, c := range cs {
			p.Corrections = append(p.Corrections, correctionRow{Case: c.Case, Question: c.Question, Value: c.Value, State: c.State})
			p.CorrectionsWaiting = p.CorrectionsWaiting || c.State == records.CorrectionProposed
		}
	case isNotFound(err):
		// no person chosen yet: the officer searches the single view
	default:
		return err
	}
	if p.Name.Value != "" && h.People != nil && p.CanGovern {
		p.Searched = true
		found, err := h.People.Search(r.Context(), principal(r), people.SearchQuery{Name: p.Name.Value})
		if err != nil && !isInvalid(err) {
			return err
		}
		for _, f := range found {
			p.Found = append(p.Found, foundPerson{ID: f.ID, Name: f.Person.Name(), DateOfBirth: f.Person.DateOfBirth, Postcode: f.Person.Address.Postcode, Cases: f.Cases})
		}
	}
	return h.render.Render(w, r, status, "rights_request", p)
}

func itemText(it records.ErasureItem) string {
	switch it.Kind {
	case records.KindCase:
		return "Case " + it.Subject
	case records.KindDocument:
		return "Document " + it.Subject
	}
	return "Single view record " + it.Subject
}

// rightsSubject records the person chosen from the single view: their
// records as the officer may see them.
func (h *handler) rightsSubject(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if err != nil || h.People == nil {
		return fault.New(fault.NotFound, "person %q", r.PostFormValue("person"))
	}
	v, err := h.People.Person(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	keys := make([]string, len(v.Records))
	for i, rec := range v.Records {
		keys[i] = rec.Key
	}
	if err := h.Records.SetSubject(r.Context(), principal(r), rightsRef(r), keys); err != nil {
		return h.rightsProblem(w, r, err)
	}
	return h.backToRights(w, r)
}

func (h *handler) rightsPropose(w http.ResponseWriter, r *http.Request) error {
	if err := h.Records.ProposeErasure(r.Context(), principal(r), rightsRef(r)); err != nil {
		return h.rightsProblem(w, r, err)
	}
	return h.backToRights(w, r)
}

func (h *handler) rightsApprove(w http.ResponseWriter, r *http.Request) error {
	cert, err := h.Records.ApproveErasure(r.Context(), principal(r), rightsRef(r))
	if err != nil {
		return h.rightsProblem(w, r, err)
	}
	http.Redirect(w, r, PathCertificates+"?erased="+strconv.FormatInt(cert.ID, 10), http.StatusSeeOther)
	return nil
}

func (h *handler) rightsRestrict(w http.ResponseWriter, r *http.Request) error {
	if err := h.Records.Restrict(r.Context(), principal(r), rightsRef(r)); err != nil {
		return h.rightsProblem(w, r, err)
	}
	return h.backToRights(w, r)
}

// rightsCorrect proposes a correction of one of the person's answers.
func (h *handler) rightsCorrect(w http.ResponseWriter, r *http.Request) error {
	err := h.Records.ProposeCorrection(r.Context(), principal(r), rightsRef(r), r.PostFormValue("case"), r.PostFormValue("question"), r.PostFormValue("value"))
	if err != nil {
		return h.rightsProblem(w, r, err)
	}
	return h.backToRights(w, r)
}

// rightsApproveCorrections makes the proposed corrections (records managers).
func (h *handler) rightsApproveCorrections(w http.ResponseWriter, r *http.Request) error {
	if err := h.Records.ApproveCorrections(r.Context(), principal(r), rightsRef(r)); err != nil {
		return h.rightsProblem(w, r, err)
	}
	return h.backToRights(w, r)
}

// rightsLift lifts the restriction the request placed; the person is told.
func (h *handler) rightsLift(w http.ResponseWriter, r *http.Request) error {
	if err := h.Records.LiftRestriction(r.Context(), principal(r), rightsRef(r), r.PostFormValue("reason")); err != nil {
		return h.rightsProblem(w, r, err)
	}
	return h.backToRights(w, r)
}

func (h *handler) backToRights(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, PathRights+"/"+url.PathEscape(rightsRef(r)), http.StatusSeeOther)
	return nil
}

// rightsProblem shows a refusal the officer can act on (a conflict, a
// problem with what they chose) on the page; anything else is an error.
func (h *handler) rightsProblem(w http.ResponseWriter, r *http.Request, err error) error {
	if isConflict(err) || isInvalid(err) {
		return h.renderRights(w, r, http.StatusConflict, fault.Public(err))
	}
	return err
}

func isForbidden(err error) bool { return errors.Is(err, fault.Forbidden) }
func isNotFound(err error) bool  { return errors.Is(err, fault.NotFound) }
func isInvalid(err error) bool   { return errors.Is(err, fault.Invalid) }
func isConflict(err error) bool  { return errors.Is(err, fault.Conflict) }

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
