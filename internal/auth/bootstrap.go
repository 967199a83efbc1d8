package auth

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// BootstrapEmail is the first administrator's sign-in name. The administrator
// can change it (and should add a real account) once signed in.
const BootstrapEmail = "admin@guildhall.invalid"

// Bootstrap creates the first administrator when there are no accounts at all,
// returning its email and a one-time secret to print once on the console,
// with the time the secret expires (Options.SecretTTL). Signing in with the
// secret (once) forces a new password and TOTP enrolment. When accounts
// exist it does nothing and created is false. An expired secret is replaced
// with `guildhall admin reset-password --email admin@guildhall.invalid`.
func (s *Service) Bootstrap(ctx context.Context) (email, secret string, expires time.Time, created bool, err error) {
	return bootstrap(ctx, s.store, s.now(), s.opt.SecretTTL)
}

// Bootstrap is Service.Bootstrap with the default secret lifetime
// (DefaultSecretTTL) and the system clock, for tools and tests without a Service.
func Bootstrap(ctx context.Context, store Store) (email, secret string, created bool, err error) {
	email, secret, _, created, err = bootstrap(ctx, store, time.Now().UTC(), DefaultSecretTTL)
	return email, secret, created, err
}

func bootstrap(ctx context.Context, store Store, now time.Time, ttl time.Duration) (email, secret string, expires time.Time, created bool, err error) {
	n, err := store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", time.Time{}, false, err
	}
	secret = oneTimeSecret()
	hash, err := HashPassword(secret)
	if err != nil {
		return "", "", time.Time{}, false, err
	}
	u := User{ID: newID(), Email: BootstrapEmail, Name: "First administrator", Kind: access.KindStaff, Active: true,
		PasswordHash: hash, MustChangePassword: true, SecretExpiresAt: now.Add(ttl),
		Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}, CreatedAt: now, UpdatedAt: now}
	e := audit.Entry{At: now, Actor: access.System.UserID, Action: "auth.bootstrap", Subject: u.ID,
		Detail: audit.Detail(map[string]any{"email": u.Email, "grants": FormatGrants(u.Grants),
			"secret_expires": u.SecretExpiresAt.Format(time.RFC3339)})}
	if err := store.CreateUser(ctx, u, e); err != nil {
		return "", "", time.Time{}, false, err
	}
	return u.Email, secret, u.SecretExpiresAt, true, nil
}
