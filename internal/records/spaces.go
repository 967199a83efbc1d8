package records

import (
	"context"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Audit actions on collaboration spaces. Their entries name a space and a
// note by id and never hold a note's words: the audit log outlives what it
// records.
const (
	AuditSpaceView   = "records.space.view"
	AuditSpaceMember = "records.space.member"
	AuditSpaceNote   = "records.space.note"
)

// The most a space page shows of each list; a space is a working place for
// a project or a partnership, not an archive.
const (
	spaceListMax = 200
	spacePageMax = 100
)

// SpaceNote is a note a member left in a space.
type SpaceNote struct {
	ID, SpaceID int64
	Body        string
	Author      string
	AuthorName  string
	CreatedAt   time.Time
}

// SpaceView is a space as one reader opens it: its documents, notes and
// members, and what the policy lets them do there.
type SpaceView struct {
	Space     Space
	Documents []Document
	Notes     []SpaceNote
	// MayNote, MayFile and MayShare say whether the reader may add a note,
	// file a document in it, and invite members.
	MayNote, MayFile, MayShare bool
}

// resource is what the access policy needs to know about a space: it is
// decided on as a document filed in it by whoever opened it.
func (sp Space) resource(partnerDomains []string) access.Resource {
	return Document{Team: sp.Team, Classification: sp.Classification, CreatedBy: sp.CreatedBy}.resource(&sp, partnerDomains)
}

// CreateSpace opens a collaboration space for one of p's teams, if the
// policy lets p file into it. An OFFICIAL-SENSITIVE space takes members
// only from the council's own domains and the approved partner domains.
// Errors: fault.Invalid, fault.Forbidden.
func (s *Documents) CreateSpace(ctx context.Context, p access.Principal, sp Space) (int64, error) {
	sp.Name = strings.TrimSpace(sp.Name)
	opening := Space{Team: sp.Team, Classification: sp.Classification} // nobody is its member or opener yet
	if !access.Decide(p, access.ActionCreate, opening.resource(s.PartnerDomains)).Allow {
		return 0, fault.New(fault.Forbidden, "You can open spaces only for your own team")
	}
	var fe service.FieldErrors
	if sp.Name == "" {
		fe = append(fe, service.FieldError{Field: "name", Message: "Enter the space's name"})
	}
	if sp.Classification != service.Official && sp.Classification != service.OfficialSensitive {
		fe = append(fe, service.FieldError{Field: "classification", Message: "Choose OFFICIAL or OFFICIAL-SENSITIVE"})
	}
	for i, m := range sp.Members {
		sp.Members[i] = strings.ToLower(strings.TrimSpace(m))
		if msg := s.memberProblem(sp, sp.Members[i]); msg != "" {
			fe = append(fe, service.FieldError{Field: "members", Message: msg})
			break
		}
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	sp.CreatedBy, sp.CreatedAt = p.UserID, s.now()
	e := audit.Entry{At: sp.CreatedAt, Actor: p.UserID, Action: AuditSpaceCreate, Classification: string(sp.Classification),
		Detail: audit.Detail(map[string]any{"name": sp.Name, "members": sp.Members})}
	return s.Store.CreateSpace(ctx, sp, e)
}

// memberProblem says why email cannot join sp, or "" when it can: it must
// be an email address, and an OFFICIAL-SENSITIVE space shares only with the
// council's own domains and the partner domains an administrator approved
// (the policy would never let anyone else read it).
func (s *Documents) memberProblem(sp Space, email string) string {
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || !strings.Contains(email, "@") {
		return "Enter an email address in the correct format, like name@example.gov.uk"
	}
	d := email[strings.LastIndexByte(email, '@')+1:]
	if sp.Classification == service.OfficialSensitive && !slices.Contains(s.PartnerDomains, d) && !slices.Contains(s.CouncilDomains, d) {
		return email + " is not on the council's domain or an approved partner domain: an OFFICIAL-SENSITIVE space cannot include them"
	}
	return ""
}

// Spaces lists the spaces p may open, newest first: their team's, those
// they opened and those they are a member of.
func (s *Documents) Spaces(ctx context.Context, p access.Principal) ([]Space, error) {
	found, err := s.Store.SearchSpaces(ctx, SpaceQuery{Access: access.RecordScopeOf(p, s.PartnerDomains)}, spaceListMax)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(found, func(sp Space) bool {
		return !access.Decide(p, access.ActionFind, sp.resource(s.PartnerDomains)).Allow
	}), nil
}

// OpenSpace returns space id as p may see it: its documents, notes and
// members. A space p may not open is fault.NotFound, as one that does not
// exist; opening an OFFICIAL-SENSITIVE one is audited.
func (s *Documents) OpenSpace(ctx context.Context, p access.Principal, id int64) (SpaceView, error) {
	sp, err := s.spaceFor(ctx, p, access.ActionView, id)
	if err != nil {
		return SpaceView{}, err
	}
	v := SpaceView{Space: sp}
	r := sp.resource(s.PartnerDomains)
	v.MayNote = access.Decide(p, access.ActionAct, r).Allow
	v.MayShare = access.Decide(p, access.ActionShare, r).Allow
	filing := r
	filing.CreatedBy = "" // as Create asks: filing makes nobody the opener
	v.MayFile = access.Decide(p, access.ActionCreate, filing).Allow
	if v.Documents, err = s.Store.SpaceDocuments(ctx, id, spacePageMax); err != nil {
		return v, err
	}
	v.Notes, err = s.Store.SpaceNotes(ctx, id, spacePageMax)
	return v, err
}

// AddMember invites email into space id. Errors: fault.NotFound,
// fault.Forbidden (p may not invite), fault.Invalid (not an address, or a
// domain an OFFICIAL-SENSITIVE space may not include), fault.Conflict
// (already a member).
func (s *Documents) AddMember(ctx context.Context, p access.Principal, id int64, email string) error {
	sp, err := s.spaceFor(ctx, p, access.ActionShare, id)
	if err != nil {
		return err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if msg := s.memberProblem(sp, email); msg != "" {
		return service.FieldErrors{{Field: "email", Message: msg}}.Err()
	}
	e := s.spaceEntry(p, AuditSpaceMember, sp, map[string]any{"member": email})
	return s.Store.AddSpaceMember(ctx, id, email, p.UserID, e.At, e)
}

// AddNote leaves a note in space id. Errors: fault.NotFound,
// fault.Forbidden, fault.Invalid (empty or too long).
func (s *Documents) AddNote(ctx context.Context, p access.Principal, id int64, body string) error {
	sp, err := s.spaceFor(ctx, p, access.ActionAct, id)
	if err != nil {
		return err
	}
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return service.FieldErrors{{Field: "note", Message: "Enter a note"}}.Err()
	case len([]rune(body)) > 5000:
		return service.FieldErrors{{Field: "note", Message: "Note must be 5,000 characters or fewer"}}.Err()
	}
	name := p.Name
	if name == "" {
		name = p.Email
	}
	e := s.spaceEntry(p, AuditSpaceNote, sp, nil)
	_, err = s.Store.AddSpaceNote(ctx, SpaceNote{SpaceID: id, Body: body, Author: p.UserID, AuthorName: name, CreatedAt: e.At}, e)
	return err
}

// spaceFor returns space id if p may do a with it. Whoever may not see it
// is told it does not exist; a member who sees it but may not do a is
// refused. A view of an OFFICIAL-SENSITIVE space is audited.
func (s *Documents) spaceFor(ctx context.Context, p access.Principal, a access.Action, id int64) (Space, error) {
	refusal := map[access.Action]string{access.ActionShare: "Only the space's team can invite members", access.ActionAct: "You cannot add notes to this space"}[a]
	sp, err := s.Store.Space(ctx, id)
	if err != nil {
		return sp, err
	}
	r := sp.resource(s.PartnerDomains)
	view := access.Decide(p, access.ActionView, r)
	if !view.Allow {
		return sp, fault.New(fault.NotFound, "space %d", id)
	}
	if a != access.ActionView && !access.Decide(p, a, r).Allow {
		return sp, fault.New(fault.Forbidden, "%s", refusal)
	}
	if a == access.ActionView && view.Audit {
		return sp, s.Store.AppendAudit(ctx, s.spaceEntry(p, AuditSpaceView, sp, nil))
	}
	return sp, nil
}

func (s *Documents) spaceEntry(p access.Principal, action string, sp Space, detail map[string]any) audit.Entry {
	actor := p.UserID
	if actor == "" {
		actor = string(p.Kind)
	}
	e := audit.Entry{At: s.now(), Actor: actor, Action: action, Subject: "space:" + strconv.FormatInt(sp.ID, 10), Classification: string(sp.Classification)}
	if detail != nil {
		e.Detail = audit.Detail(detail)
	}
	return e
}
