package auth

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// NewUser is what an administrator enters to create an account.
type NewUser struct {
	Email  string
	Name   string
	Kind   access.Kind // access.KindStaff (default), access.KindCouncillor or access.KindPartner
	Grants []access.Grant
}

// CreateUser makes an account with a one-time secret, returned to show once:
// the person signs in with it (once, within Options.SecretTTL), must choose a
// password and enrol a second factor.
func (s *Service) CreateUser(ctx context.Context, actor access.Principal, nu NewUser) (User, string, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, "", err
	}
	u, err := s.newUser(nu)
	if err != nil {
		return User{}, "", err
	}
	if err := s.checkPartnerDomain(u); err != nil {
		return User{}, "", err
	}
	if err := s.CheckGrants(ctx, u.Grants); err != nil {
		return User{}, "", err
	}
	secret := oneTimeSecret()
	if u.PasswordHash, err = HashPassword(secret); err != nil {
		return User{}, "", err
	}
	u.MustChangePassword, u.SecretExpiresAt = true, s.now().Add(s.opt.SecretTTL)
	e := s.entry(actor.UserID, "auth.user_created", u.ID, map[string]any{"email": u.Email, "kind": string(u.Kind), "grants": FormatGrants(u.Grants)})
	if err := s.store.CreateUser(ctx, u, e); err != nil {
		return User{}, "", err
	}
	return u, secret, nil
}

// newUser validates and fills a new account (no password).
func (s *Service) newUser(nu NewUser) (User, error) {
	email := strings.TrimSpace(nu.Email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return User{}, fault.New(fault.Invalid, "Enter an email address in the correct format, like name@example.gov.uk")
	}
	name := strings.TrimSpace(nu.Name)
	if name == "" || len(name) > 200 {
		return User{}, fault.New(fault.Invalid, "Enter the person's full name")
	}
	if err := checkPersonText("The person's full name", name); err != nil {
		return User{}, err
	}
	kind := nu.Kind
	if kind != access.KindCouncillor && kind != access.KindPartner {
		kind = access.KindStaff
	}
	if kind == access.KindPartner && len(nu.Grants) > 0 {
		return User{}, fault.New(fault.Invalid, "A partner holds no roles: they see only the spaces they are members of")
	}
	now := s.now()
	return User{ID: newID(), Email: email, Name: name, Kind: kind, Active: true, Grants: uniqueGrants(nu.Grants),
		CreatedAt: now, UpdatedAt: now}, nil
}

// oneTimeSecret is easy to read out: 20 base32 characters in groups (100 bits).
func oneTimeSecret() string {
	k, _ := NewTOTPSecret()
	return strings.ReplaceAll(GroupKey(strings.ToLower(k[:20])), " ", "-")
}

// User returns one account for administrators.
func (s *Service) User(ctx context.Context, actor access.Principal, id string) (User, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, err
	}
	return s.store.UserByID(ctx, id)
}

// Users lists accounts for administrators, ordered by email.
func (s *Service) Users(ctx context.Context, actor access.Principal) ([]User, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	us, _, err := s.store.Users(ctx, UserQuery{})
	return us, err
}

// SetGrants replaces a person's direct grants; each added and removed grant is
// audited. The change applies from the person's next request.
func (s *Service) SetGrants(ctx context.Context, actor access.Principal, id string, grants []access.Grant) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	grants = uniqueGrants(grants)
	if err := s.CheckGrants(ctx, grants); err != nil {
		return err
	}
	var entries []audit.Entry
	for _, g := range grants {
		if !slices.Contains(u.Grants, g) {
			entries = append(entries, s.entry(actor.UserID, "auth.grant", id, map[string]any{"role": g.Role, "team": g.Team}))
		}
	}
	for _, g := range u.Grants {
		if !slices.Contains(grants, g) {
			entries = append(entries, s.entry(actor.UserID, "auth.revoke", id, map[string]any{"role": g.Role, "team": g.Team}))
		}
	}
	if id == actor.UserID && !slices.Contains(grants, access.Grant{Role: access.RoleAdministrator, Team: "*"}) && slices.Contains(u.Grants, access.Grant{Role: access.RoleAdministrator, Team: "*"}) {
		return fault.New(fault.Invalid, "You cannot remove your own administrator role")
	}
	u.Grants, u.UpdatedAt = grants, s.now()
	return s.store.UpdateGrants(ctx, u, entries...)
}

// UpdateProfile changes a person's name, email address and kind.
func (s *Service) UpdateProfile(ctx context.Context, actor access.Principal, id string, nu NewUser) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	checked, err := s.newUser(nu)
	if err != nil {
		return err
	}
	u.Email, u.Name, u.Kind, u.UpdatedAt = checked.Email, checked.Name, checked.Kind, s.now()
	return s.store.UpdateUser(ctx, u, s.entry(actor.UserID, "auth.user_updated", id, map[string]any{"email": u.Email, "kind": string(u.Kind)}))
}

// Disable stops an account at once: its sessions are deleted in the same
// transaction, and every request checks that the account is active.
func (s *Service) Disable(ctx context.Context, actor access.Principal, id string) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	if id == actor.UserID {
		return fault.New(fault.Invalid, "You cannot disable your own account")
	}
	return s.store.DisableUserBy(ctx, id, DisabledByAdministrator, s.entry(actor.UserID, "auth.user_disabled", id, map[string]any{"by": DisabledByAdministrator}))
}

// Enable lets a disabled account sign in again.
func (s *Service) Enable(ctx context.Context, actor access.Principal, id string) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	_, err := s.store.EnableUserBy(ctx, id, DisabledByAdministrator, s.entry(actor.UserID, "auth.user_enabled", id, map[string]any{"by": DisabledByAdministrator}))
	return err
}

// ResetPassword gives a person a new one-time secret (returned, to show once;
// it works once, within Options.SecretTTL) that they must change at sign-in,
// unlocks the account and ends its sessions. With secondFactor the
// authenticator app and any passkeys are removed too, to be set up again at
// the next sign-in: the only way an account with a second factor gets a new
// one without proving the old. All of it is one audited transaction. An
// administrator cannot reset their own second factor here (that would let a
// stolen session replace it); another administrator, or `guildhall admin` at
// the server's shell, can.
func (s *Service) ResetPassword(ctx context.Context, actor access.Principal, id string, secondFactor bool) (string, error) {
	if err := requireAdmin(actor); err != nil {
		return "", err
	}
	if secondFactor && id == actor.UserID {
		return "", fault.New(fault.Forbidden, "You cannot reset your own second factor. Ask another administrator")
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return "", err
	}
	secret := oneTimeSecret()
	if u.PasswordHash, err = HashPassword(secret); err != nil {
		return "", err
	}
	u.SecretExpiresAt = s.now().Add(s.opt.SecretTTL)
	e := s.entry(actor.UserID, "auth.password_reset", id, map[string]any{"second_factor_reset": secondFactor,
		"secret_expires": u.SecretExpiresAt.Format(time.RFC3339)})
	if err := s.store.ResetCredentials(ctx, u, secondFactor, e); err != nil {
		return "", err
	}
	return secret, nil
}

// Teams lists the teams administrators have named.
func (s *Service) Teams(ctx context.Context) ([]access.Team, error) { return s.store.Teams(ctx) }

// PutTeam creates or renames a team.
func (s *Service) PutTeam(ctx context.Context, actor access.Principal, t access.Team) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	t.ID, t.Name = strings.TrimSpace(t.ID), strings.TrimSpace(t.Name)
	if !validName(t.ID) {
		return fault.New(fault.Invalid, "Team id must be lower-case letters, digits, - or _, as in service definitions")
	}
	if t.Name == "" {
		t.Name = t.ID
	}
	return s.store.PutTeam(ctx, t, s.entry(actor.UserID, "auth.team_saved", "team:"+t.ID, map[string]any{"name": t.Name}))
}

// ContactEmail is the email address of the active user id, for messages
// about the cases they raised (a councillor's member enquiry). Errors:
// fault.NotFound for an unknown or disabled user.
func (s *Service) ContactEmail(ctx context.Context, id string) (string, error) {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return "", err
	}
	if !u.Active {
		return "", fault.New(fault.NotFound, "user %s is disabled", id)
	}
	return u.Email, nil
}

// SetCouncillorSeat records a councillor's ward and party, which decide the
// enquiries other councillors share with them (Sharing). Either may be
// empty (a councillor without a party). The change applies from their next
// request and is audited. Errors: fault.Forbidden (not an administrator),
// fault.NotFound, fault.Invalid (not a councillor, or text too long).
func (s *Service) SetCouncillorSeat(ctx context.Context, actor access.Principal, id, ward, party string) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if u.Kind != access.KindCouncillor {
		return fault.New(fault.Invalid, "Only councillors have a ward and party")
	}
	ward, party = strings.Join(strings.Fields(ward), " "), strings.Join(strings.Fields(party), " ")
	if len(ward) > 100 || len(party) > 100 {
		return fault.New(fault.Invalid, "Ward and party must be 100 characters or fewer")
	}
	u.Ward, u.Party, u.UpdatedAt = ward, party, s.now()
	return s.store.UpdateUser(ctx, u, s.entry(actor.UserID, "auth.councillor_seat", id, map[string]any{"ward": ward, "party": party}))
}
