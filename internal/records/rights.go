package records

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
)

// RightsServiceID is the bundled service whose cases are data protection
// rights requests (services/data-protection-rights.yaml).
const RightsServiceID = "data-protection-rights"

// KindErasure is the kind of a certificate an erasure leaves.
const KindErasure = "erasure"

// ActionKeep is what an erasure does to an item a rule or hold keeps.
const ActionKeep = "keep"

// Erasure states of a rights request.
const (
	ErasureNone     = ""
	ErasureProposed = "proposed" // waiting for a records manager
	ErasureDone     = "erased"
)

// Audit actions of rights requests.
const (
	AuditRightsSubject   = "rights.subject"
	AuditErasureProposed = "rights.erasure.propose"
	AuditRestricted      = "rights.restrict"
)

// RightsRequest is a data protection rights request and the person it is
// about, as the people records an information governance officer chose in
// the single view (systems share no identifier, so a person is found by
// record).
type RightsRequest struct {
	Ref        string
	RecordKeys []string
	FoundBy    string
	FoundAt    time.Time
	Erasure    string
	ErasureBy  string
	ErasureAt  *time.Time
	// Restricted: processing of the person's records is restricted under
	// this request, until LiftRestriction.
	Restricted bool
}

// CaseFact is what an erasure plan needs to know of a case.
type CaseFact struct {
	Ref, Service       string
	Submitted, Updated time.Time
	Closed             *time.Time
	Anonymised         bool
}

// DocumentFact is what an erasure plan needs to know of a document.
type DocumentFact struct {
	ID, Class        string
	Created, Updated time.Time
	Declared         *time.Time
}

// ErasureItem is one thing linked to the person and what erasure does to
// it: delete, anonymise, or keep, and why (the rule or hold that keeps it).
type ErasureItem struct {
	Kind    string `json:"kind"` // case, document or record (a people record)
	Subject string `json:"subject"`
	Action  string `json:"action"`
	Why     string `json:"why"`
	// Keep are the answers an anonymised case keeps; Holds the targets
	// the store checks again in the erasing transaction.
	Keep  []string     `json:"-"`
	Holds []HoldTarget `json:"-"`
}

// Erasure is an approved erasure, ready for the store.
type Erasure struct {
	Request     string
	Items       []ErasureItem
	HoldsSeen   int64
	Certificate Certificate
}

// mayGovern asks whether p may work rights requests: information
// governance staff with a second factor, as for subject access.
func mayGovern(p access.Principal) error {
	if !people.MaySubjectAccess(p) {
		return fault.New(fault.Forbidden, "Only information governance staff may do this")
	}
	return nil
}

// SetSubject records who request ref is about: the people records with
// keys (chosen in the single view). It cannot change once an erasure was
// asked for. Errors: fault.Forbidden, fault.Invalid, fault.Conflict.
func (s *Service) SetSubject(ctx context.Context, p access.Principal, ref string, keys []string) error {
	if err := mayGovern(p); err != nil {
		return err
	}
	if len(keys) == 0 {
		return fault.New(fault.Invalid, "Choose the person the request is about")
	}
	if facts, err := s.Store.CaseFacts(ctx, []string{ref}); err != nil {
		return err
	} else if len(facts) != 1 || facts[0].Service != RightsServiceID {
		return fault.New(fault.NotFound, "There is no data protection rights request %s", ref)
	}
	links, err := s.Store.PersonLinks(ctx, keys)
	if err != nil {
		return err
	}
	if len(links.Records) == 0 {
		return fault.New(fault.Invalid, "There are no such people records")
	}
	r := RightsRequest{Ref: ref, RecordKeys: links.Records, FoundBy: p.UserID, FoundAt: s.now()}
	e := audit.Entry{At: r.FoundAt, Actor: p.UserID, Action: AuditRightsSubject, Subject: "case:" + ref,
		Detail: audit.Detail(map[string]any{"records": len(r.RecordKeys)})}
	return s.Store.SaveRightsSubject(ctx, r, e)
}

// RightsRequest returns request ref and, once its person is chosen, what
// an erasure would do now, item by item. Information governance staff and
// records managers may see it. Errors: fault.Forbidden, fault.NotFound.
func (s *Service) RightsRequest(ctx context.Context, p access.Principal, ref string) (RightsRequest, []ErasureItem, error) {
	if mayGovern(p) != nil && mayManage(p) != nil {
		return RightsRequest{}, nil, fault.New(fault.Forbidden, "Only information governance staff and records managers may do this")
	}
	r, err := s.Store.RightsRequest(ctx, ref)
	if err != nil {
		return r, nil, err
	}
	c, err := s.coverage(ctx)
	if err != nil {
		return r, nil, err
	}
	items, err := s.erasurePlan(ctx, r, c)
	return r, items, err
}

// ProposeErasure asks a records manager to approve erasing the person of
// request ref. Errors: fault.Forbidden, fault.NotFound, fault.Conflict.
func (s *Service) ProposeErasure(ctx context.Context, p access.Principal, ref string) error {
	if err := mayGovern(p); err != nil {
		return err
	}
	e := audit.Entry{At: s.now(), Actor: p.UserID, Action: AuditErasureProposed, Subject: "case:" + ref}
	return s.Store.ProposeErasure(ctx, ref, p.UserID, e)
}

// Erasures lists the requests whose erasure waits for a records manager.
// Errors: fault.Forbidden.
func (s *Service) Erasures(ctx context.Context, p access.Principal) ([]RightsRequest, error) {
	if err := mayManage(p); err != nil {
		return nil, err
	}
	return s.Store.Erasures(ctx, ErasureProposed)
}

// ApproveErasure erases the person of request ref as the plan says at this
// moment (holds and rules worked out again), in one transaction that
// leaves a certificate chained into the audit log. Only a records manager
// may. Errors: fault.Forbidden, fault.NotFound, fault.Conflict (not
// proposed, or a hold placed meanwhile: look again).
func (s *Service) ApproveErasure(ctx context.Context, p access.Principal, ref string) (StoredCertificate, error) {
	if err := mayManage(p); err != nil {
		return StoredCertificate{}, err
	}
	r, err := s.Store.RightsRequest(ctx, ref)
	if err != nil {
		return StoredCertificate{}, err
	}
	if r.Erasure != ErasureProposed {
		return StoredCertificate{}, fault.New(fault.Conflict, "No erasure waits for approval on %s", ref)
	}
	c, err := s.coverage(ctx)
	if err != nil {
		return StoredCertificate{}, err
	}
	items, err := s.erasurePlan(ctx, r, c)
	if err != nil {
		return StoredCertificate{}, err
	}
	now := s.now()
	cert := Certificate{Kind: KindErasure, Subject: ref, Scope: RightsServiceID, Action: "erase",
		Rule:  Rule{Action: "erase", Authority: "UK GDPR Art. 17 (right to erasure)", Source: "request:" + ref},
		DueAt: derefOr(r.ErasureAt, now), ApprovedBy: p.UserID, ApprovedAt: now, DisposedAt: now, Items: items}
	stored, err := s.Store.Erase(ctx, Erasure{Request: ref, Items: items, HoldsSeen: c.seen, Certificate: cert})
	if err == ErrHeld {
		return stored, fault.New(fault.Conflict, "A legal hold was placed while this erasure was being approved: look at what it would do again")
	}
	return stored, err
}

func derefOr(t *time.Time, or time.Time) time.Time {
	if t != nil {
		return *t
	}
	return or
}

// erasurePlan says, item by item, what erasing r's person would do now.
func (s *Service) erasurePlan(ctx context.Context, r RightsRequest, c coverage) ([]ErasureItem, error) {
	if len(r.RecordKeys) == 0 {
		return nil, nil
	}
	links, err := s.Store.PersonLinks(ctx, r.RecordKeys)
	if err != nil {
		return nil, err
	}
	facts, err := s.Store.CaseFacts(ctx, links.Cases)
	if err != nil {
		return nil, err
	}
	var items []ErasureItem
	kept := map[string]bool{}
	for _, f := range facts {
		it, err := s.planCase(ctx, r.Ref, f, c)
		if err != nil {
			return nil, err
		}
		kept[f.Ref] = it.Action == ActionKeep
		items = append(items, it)
	}
	docs, err := s.Store.DocumentFacts(ctx, links.Documents)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		it, err := s.planDocument(ctx, d, c)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	for _, k := range links.Records {
		items = append(items, planRecord(k, kept, c))
	}
	return items, nil
}

func (s *Service) planCase(ctx context.Context, request string, f CaseFact, c coverage) (ErasureItem, error) {
	it := ErasureItem{Kind: KindCase, Subject: f.Ref, Action: ActionKeep}
	if f.Ref == request {
		it.Why = "This request: kept as the record of how the council answered it, under its own retention rule"
		return it, nil
	}
	def, ok := s.Services.Load().Get(f.Service)
	if !ok {
		it.Why = "Its service " + f.Service + " is no longer defined, so nothing says what of it is personal: kept for review"
		return it, nil
	}
	rule := s.Plan.CaseRule(def)
	d := Due{Kind: KindCase, Subject: f.Ref, Scope: f.Service, Rule: rule}
	it.Holds = targets(d)
	held, err := s.heldBy(ctx, d, c)
	if err != nil || len(held) > 0 {
		it.Why = heldWhy(held)
		return it, err
	}
	if f.Closed == nil {
		it.Why = "The case is still open: close it first"
		return it, nil
	}
	start := map[string]time.Time{TriggerClosed: *f.Closed, TriggerCreated: f.Submitted, TriggerLastAction: f.Updated}[rule.Trigger]
	if until := rule.DueAt(start); s.now().Before(until) {
		it.Why = fmt.Sprintf("Retention rule %s (%s from %s: %s) keeps it until %s", rule.Source, rule.Period, rule.Trigger, rule.Authority, until.Format(time.DateOnly))
		return it, nil
	}
	keep, anonymise := s.keep(KindCase, f.Service, rule)
	it.Action, it.Keep, it.Why = ActionDelete, keep, "Retention rule "+rule.Source+" has run: the case is deleted"
	if anonymise {
		it.Action, it.Why = ActionAnonymise, "Retention rule "+rule.Source+" has run and anonymises: its statistics stay, its personal data goes"
	}
	return it, nil
}

func (s *Service) planDocument(ctx context.Context, f DocumentFact, c coverage) (ErasureItem, error) {
	it := ErasureItem{Kind: KindDocument, Subject: f.ID, Action: ActionKeep}
	class, err := s.Plan.Class(f.Class)
	if err != nil {
		it.Why = "Its file plan class " + f.Class + " is not in the plan: kept for review"
		return it, nil
	}
	rule := class.Rule()
	d := Due{Kind: KindDocument, Subject: f.ID, Scope: f.Class, Rule: rule}
	it.Holds = targets(d)
	held, err := s.heldBy(ctx, d, c)
	if err != nil || len(held) > 0 {
		it.Why = heldWhy(held)
		return it, err
	}
	start := map[string]*time.Time{TriggerClosed: f.Declared, TriggerCreated: &f.Created, TriggerLastAction: &f.Updated}[rule.Trigger]
	if start == nil {
		it.Why = fmt.Sprintf("Retention rule class:%s (%s from declaration: %s) has not started: the document is not yet declared a record", f.Class, rule.Period, rule.Authority)
		return it, nil
	}
	if until := rule.DueAt(*start); s.now().Before(until) {
		it.Why = fmt.Sprintf("Retention rule class:%s (%s from %s: %s) keeps it until %s", f.Class, rule.Period, rule.Trigger, rule.Authority, until.Format(time.DateOnly))
		return it, nil
	}
	it.Action, it.Why = ActionDelete, "Retention rule class:"+f.Class+" has run: the document and every version are deleted"
	return it, nil
}

// planRecord keeps a people record a person hold covers, or one whose
// case is kept: a later subject access request must still find what is
// kept about the person. The rest go.
func planRecord(key string, keptCase map[string]bool, c coverage) ErasureItem {
	it := ErasureItem{Kind: HoldRecord, Subject: key, Action: ActionKeep}
	if held := c.holds(HoldTarget{HoldRecord, key}); len(held) > 0 {
		it.Why = heldWhy(held)
		return it
	}
	ref, fromCase := strings.CutPrefix(key, "case:")
	switch {
	case fromCase && keptCase[ref]:
		it.Why = "It links case " + ref + ", which is kept, to the person: a subject access request must still find it"
	case fromCase:
		it.Action, it.Why = ActionDelete, "Goes with case "+ref
	default:
		it.Action, it.Why = ActionDelete, "The single view's copy of a record from "+source(key)+" (the source system keeps its own; tell its owner)"
	}
	return it
}

func source(key string) string {
	if i := strings.IndexByte(key, ':'); i > 0 {
		return key[:i]
	}
	return key
}

func heldWhy(hs []Hold) string {
	var parts []string
	for _, h := range hs {
		parts = append(parts, fmt.Sprintf("#%d %s", h.ID, h.Reason))
	}
	return "Legal hold " + strings.Join(parts, "; ")
}
