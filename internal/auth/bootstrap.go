package auth

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// BootstrapEmail is the first administrator's sign-in name. The administrator
// can change it (and should add a real account) once signed in.
const BootstrapEmail = "admin@guildhall.invalid"

// Bootstrap creates the first administrator when there are no accounts at all,
// returning its email and a one-time secret to print once on the console.
// Signing in with the secret forces a new password and TOTP enrolment. When
// accounts exist it does nothing and created is false.
func Bootstrap(ctx context.Context, store Store) (email, secret string, created bool, err error) {
	n, err := store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", false, err
	}
	secret = oneTimeSecret()
	hash, err := HashPassword(secret)
	if err != nil {
		return "", "", false, err
	}
	now := time.Now().UTC()
	u := User{ID: newID(), Email: BootstrapEmail, Name: "First administrator", Kind: KindStaff, Active: true,
		PasswordHash: hash, MustChangePassword: true, Grants: []Grant{{Role: RoleAdministrator, Team: "*"}},
		CreatedAt: now, UpdatedAt: now}
	e := audit.Entry{At: now, Actor: System.UserID, Action: "auth.bootstrap", Subject: u.ID,
		Detail: audit.Detail(map[string]any{"email": u.Email, "grants": FormatGrants(u.Grants)})}
	if err := store.CreateUser(ctx, u, e); err != nil {
		return "", "", false, err
	}
	return u.Email, secret, true, nil
}
