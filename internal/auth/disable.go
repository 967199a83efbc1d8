package auth

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// Authorities that disable accounts. An account remembers which one disabled
// it, and only that authority, or an administrator, may enable it again: an
// identity provider that still lists a person as active must not undo an
// administrator's decision to stop them (a suspension, an investigation).
const (
	DisabledByAdministrator = "administrator"
	DisabledByProvisioning  = "scim"
)

// activeStore is the part of Store that records who disabled an account.
type activeStore interface {
	// DisableUserBy sets active=false, records by (unless an administrator
	// disabled it already) and deletes the user's sessions.
	DisableUserBy(ctx context.Context, id, by string, entries ...audit.Entry) error
	// EnableUserBy sets active=true if by is an administrator or disabled
	// it, in one statement; it reports whether the account is active after.
	EnableUserBy(ctx context.Context, id, by string, entries ...audit.Entry) (bool, error)
	// DisabledBy returns who disabled an account ("" when active).
	DisabledBy(ctx context.Context, id string) (string, error)
	// UpdateProvisioned stores email, name, external id and attributes only.
	UpdateProvisioned(ctx context.Context, u User, entries ...audit.Entry) error
}

// DisabledBy returns who disabled account id: DisabledByAdministrator,
// DisabledByProvisioning, or "" when it is active. Errors: fault.NotFound.
func (s *Service) DisabledBy(ctx context.Context, id string) (string, error) {
	return s.store.DisabledBy(ctx, id)
}

// setActive applies the identity provider's active flag: false disables
// (by the provider), true enables only an account the provider itself
// disabled. A refused enable is audited and leaves the account disabled;
// the provider sees active=false in the answer.
func (p *Provisioning) setActive(ctx context.Context, u User, active bool) error {
	if !active {
		if !u.Active {
			// Already disabled (perhaps by an administrator): record nothing new.
			return p.s.store.DisableUserBy(ctx, u.ID, DisabledByProvisioning)
		}
		return p.s.store.DisableUserBy(ctx, u.ID, DisabledByProvisioning,
			p.s.entry(ProvisionActor, "auth.user_disabled", u.ID, map[string]any{"email": u.Email, "by": DisabledByProvisioning}))
	}
	if u.Active {
		return nil
	}
	ok, err := p.s.store.EnableUserBy(ctx, u.ID, DisabledByProvisioning,
		p.s.entry(ProvisionActor, "auth.user_enabled", u.ID, map[string]any{"email": u.Email, "by": DisabledByProvisioning}))
	if err != nil || ok {
		return err
	}
	by, err := p.s.store.DisabledBy(ctx, u.ID)
	if err != nil {
		return err
	}
	return p.s.store.AppendAudit(ctx, p.s.entry(ProvisionActor, "auth.user_enable_refused", u.ID,
		map[string]any{"email": u.Email, "disabled_by": by}))
}
