package auth

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// ProvisionActor is the audit actor of changes made by an identity provider
// through SCIM.
const ProvisionActor = "scim"

// Provisioning is what an identity provider (Microsoft Entra ID through SCIM)
// may do: create, change and remove accounts and groups. Its caller has
// already authenticated the provider; every change is audited, and an account
// made inactive or deleted loses its sessions in the same transaction.
type Provisioning struct{ s *Service }

// Provisioning returns the provisioning side of the service.
func (s *Service) Provisioning() *Provisioning { return &Provisioning{s} }

// CreateUser creates an account with no password (it signs in through SSO, or
// an administrator resets its password). It fills ID and timestamps.
// Errors: fault.Invalid (no userName), fault.Conflict (userName or externalId taken).
func (p *Provisioning) CreateUser(ctx context.Context, u User) (User, error) {
	if strings.TrimSpace(u.Email) == "" {
		return User{}, fault.New(fault.Invalid, "userName is required")
	}
	if err := checkPersonText("userName and displayName", u.Email, u.Name); err != nil {
		return User{}, err
	}
	now := p.s.now()
	u.ID, u.CreatedAt, u.UpdatedAt = newID(), now, now
	if u.Kind != access.KindCouncillor {
		u.Kind = access.KindStaff
	}
	if u.Name == "" {
		u.Name = u.Email
	}
	e := p.s.entry(ProvisionActor, "auth.user_created", u.ID, map[string]any{"email": u.Email, "external_id": u.ExternalID, "active": u.Active})
	if err := p.s.store.CreateUser(ctx, u, e); err != nil {
		return User{}, err
	}
	if !u.Active {
		// Created inactive by the provider: the provider may activate it.
		if err := p.s.store.DisableUserBy(ctx, u.ID, DisabledByProvisioning); err != nil {
			return User{}, err
		}
	}
	return p.User(ctx, u.ID)
}

// UpdateUser replaces the provisioned fields of an account (email, name,
// external id, attributes), keeping its kind, credentials and grants, then
// applies active: false disables it and ends its sessions at once (a
// leaver); true enables it only if the identity provider disabled it (see
// DisabledByAdministrator), so the answer may still say active=false.
func (p *Provisioning) UpdateUser(ctx context.Context, u User) (User, error) {
	old, err := p.s.store.UserByID(ctx, u.ID)
	if err != nil {
		return User{}, err
	}
	if strings.TrimSpace(u.Email) == "" {
		return User{}, fault.New(fault.Invalid, "userName is required")
	}
	if err := checkPersonText("userName and displayName", u.Email, u.Name); err != nil {
		return User{}, err
	}
	next := old
	next.Email, next.Name, next.ExternalID, next.Attributes = u.Email, u.Name, u.ExternalID, u.Attributes
	if next.Name == "" {
		next.Name = next.Email
	}
	e := p.s.entry(ProvisionActor, "auth.user_updated", u.ID, map[string]any{"email": next.Email, "active": u.Active})
	if err := p.s.store.UpdateProvisioned(ctx, next, e); err != nil {
		return User{}, err
	}
	if err := p.setActive(ctx, old, u.Active); err != nil {
		return User{}, err
	}
	return p.User(ctx, u.ID)
}

// DeleteUser removes an account with its sessions. Errors: fault.NotFound.
func (p *Provisioning) DeleteUser(ctx context.Context, id string) error {
	return p.s.store.DeleteUser(ctx, id, p.s.entry(ProvisionActor, "auth.user_deleted", id, nil))
}

// User returns an account. Errors: fault.NotFound.
func (p *Provisioning) User(ctx context.Context, id string) (User, error) {
	return p.s.store.UserByID(ctx, id)
}

// Users returns accounts matching q and the total that match.
func (p *Provisioning) Users(ctx context.Context, q UserQuery) ([]User, int, error) {
	return p.s.store.Users(ctx, q)
}

// CreateGroup stores a group. Errors: fault.Invalid (no displayName),
// fault.Conflict (displayName taken).
func (p *Provisioning) CreateGroup(ctx context.Context, g Group) (Group, error) {
	if strings.TrimSpace(g.DisplayName) == "" {
		return Group{}, fault.New(fault.Invalid, "displayName is required")
	}
	now := p.s.now()
	g.ID, g.CreatedAt, g.UpdatedAt = newID(), now, now
	e := p.s.entry(ProvisionActor, "auth.group_created", "group:"+g.ID, map[string]any{"name": g.DisplayName, "members": len(g.Members)})
	if err := p.s.store.CreateGroup(ctx, g, e); err != nil {
		return Group{}, err
	}
	return p.s.store.GroupByID(ctx, g.ID)
}

// UpdateGroup replaces a group's name, external id and members; members'
// grants change from their next request (a mover). Each membership change is audited.
func (p *Provisioning) UpdateGroup(ctx context.Context, g Group) (Group, error) {
	old, err := p.s.store.GroupByID(ctx, g.ID)
	if err != nil {
		return Group{}, err
	}
	if strings.TrimSpace(g.DisplayName) == "" {
		return Group{}, fault.New(fault.Invalid, "displayName is required")
	}
	g.CreatedAt, g.UpdatedAt = old.CreatedAt, p.s.now()
	if err := p.s.store.UpdateGroup(ctx, g, p.membershipEntries(old, g)...); err != nil {
		return Group{}, err
	}
	return p.s.store.GroupByID(ctx, g.ID)
}

// DeleteGroup removes a group and its memberships. Errors: fault.NotFound.
func (p *Provisioning) DeleteGroup(ctx context.Context, id string) error {
	return p.s.store.DeleteGroup(ctx, id, p.s.entry(ProvisionActor, "auth.group_deleted", "group:"+id, nil))
}

// Group returns a group. Errors: fault.NotFound.
func (p *Provisioning) Group(ctx context.Context, id string) (Group, error) {
	return p.s.store.GroupByID(ctx, id)
}

// Groups returns groups matching q and the total that match.
func (p *Provisioning) Groups(ctx context.Context, q GroupQuery) ([]Group, int, error) {
	return p.s.store.Groups(ctx, q)
}
