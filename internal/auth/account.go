package auth

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// User is a staff member's or councillor's account.
type User struct {
	ID    string
	Email string // unique, compared case-insensitively
	Name  string
	Kind  access.Kind // access.KindStaff, access.KindCouncillor or access.KindPartner
	// Active is false for leavers: no sign-in, no sessions.
	Active bool
	// PasswordHash is an argon2id PHC string; empty for SSO-only accounts.
	PasswordHash string
	// MustChangePassword is set when an administrator issued a one-time secret.
	MustChangePassword bool
	// SecretExpiresAt is when the one-time secret stops working (zero: none).
	SecretExpiresAt time.Time
	// TOTPSecret is the sealed (encrypted) TOTP key; empty until enrolled.
	TOTPSecret string
	// TOTPLastStep is the last time step accepted, so a code cannot be replayed.
	TOTPLastStep int64
	// FailedAttempts counts failed attempts (wrong password, wrong or reused
	// code, refused passkey, any attempt while locked) since the last complete
	// sign-in or the end of the last lockout.
	FailedAttempts int
	LockedUntil    time.Time
	// ExternalID links the account to Entra ID / Keycloak (SCIM externalId, OIDC sub).
	ExternalID string
	// Grants are the roles given to the person directly (by an administrator).
	Grants []access.Grant
	// SSOGroups are the group claims of the last OIDC sign-in (stored).
	SSOGroups []string
	// Groups are the display names of the SCIM groups the user is a member of
	// (read only: filled by the store, changed through groups).
	// Options.GroupMap turns SSOGroups and Groups into grants.
	Groups []string
	// Attributes are the SCIM attributes as provisioned (name, emails,
	// enterprise extension …), a JSON object returned as it was sent.
	Attributes json.RawMessage
	// Ward and Party are a councillor's, set by an administrator; they decide
	// which enquiries other councillors share with them (Sharing).
	Ward, Party string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Session is a signed-in browser. Only the SHA-256 of its token is stored.
type Session struct {
	// Hash is the hex SHA-256 of the cookie's token.
	Hash   string
	UserID string
	// Complete is false while the second factor (or a forced password change,
	// or TOTP enrolment) is still owed; such a session yields no Principal.
	Complete bool
	// MFA is true when a second factor was passed (or asserted by SSO).
	MFA bool
	// Method is "password" or "oidc".
	Method    string
	CreatedAt time.Time
	LastSeen  time.Time
	// VerifiedAt is when this session last proved a second factor (zero:
	// never). Changing a factor needs a recent proof.
	VerifiedAt time.Time
}

// Completion is the end of a sign-in's (or a re-verification's) second
// factor, which the store writes in one transaction: the factor is used up
// or enrolled, the failure count cleared, the session replaced.
type Completion struct {
	UserID string
	At     time.Time
	// Enrol stores TOTPKey (sealed) as the account's first second factor;
	// refused with ErrFactorExists when the account already has one.
	Enrol bool
	// TOTPKey is the sealed key a code was checked against and TOTPStep the
	// code's time step (0 when no code was used, as with a passkey). The step
	// is recorded as used only if it is after the last used step and TOTPKey
	// is still the account's key; otherwise ErrBadCode.
	TOTPKey  string
	TOTPStep int64
	// Old is the hash of the session being replaced; it must still exist
	// (else ErrNoSession). Session is its successor.
	Old     string
	Session Session
}

// Token is an API client's credential. Only the SHA-256 of its secret is stored.
type Token struct {
	ID   string
	Name string
	// Hash is the hex SHA-256 of the whole secret ("gh_…").
	Hash string
	// Services limits the token to these service ids (empty: all).
	Services []string
	Write    bool
	// Grants are the roles (and so teams) the token acts with.
	Grants    []access.Grant
	CreatedBy string
	CreatedAt time.Time
	RevokedAt time.Time
}

// Revoked reports whether the token has been revoked.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// Group is a SCIM group provisioned by an identity provider. Its DisplayName
// maps to teams and grants through Options.GroupMap.
type Group struct {
	ID          string
	DisplayName string // unique, case-insensitive
	ExternalID  string
	Members     []string // user ids
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// UserQuery selects users; empty fields match everything.
type UserQuery struct {
	Email      string // exact, case-insensitive
	ExternalID string
	Offset     int
	Limit      int // 0: no limit
}

// GroupQuery selects groups; empty fields match everything.
type GroupQuery struct {
	DisplayName string // exact, case-insensitive
	ExternalID  string
	Offset      int
	Limit       int
}

// Store is what identity needs from storage. internal/store implements it;
// each method is one transaction, and the audit entries passed to a write are
// appended in that same transaction. Lookups return fault.NotFound; writes that
// break a uniqueness rule (email, group name, token hash) return fault.Conflict.
type Store interface {
	CreateUser(ctx context.Context, u User, entries ...audit.Entry) error
	// UpdateUser replaces the profile of the user u.ID: every field but the
	// credentials and sign-in counters, which only the methods below change.
	UpdateUser(ctx context.Context, u User, entries ...audit.Entry) error
	// RecordFailure counts one failed attempt at time at in one atomic
	// statement, locking the account for lockFor when the count reaches max,
	// and returns the new count and lockout end. Attempts while locked count
	// without extending the lock; the first failure after a lockout ended
	// counts from 1.
	RecordFailure(ctx context.Context, id string, at time.Time, max int, lockFor time.Duration) (int, time.Time, error)
	// FinishSignIn writes a Completion in one transaction (see Completion);
	// it refuses an account that is locked or disabled at commit (ErrLocked).
	FinishSignIn(ctx context.Context, c Completion, entries ...audit.Entry) error
	// ClaimOneTimeSecret uses up the one-time secret whose hash the caller
	// checked, unless it expired at at or was claimed already (ErrSecretUsed).
	ClaimOneTimeSecret(ctx context.Context, id, hash string, at time.Time) error
	// UpdatePassword stores a password the holder chose, clearing the forced
	// change and the one-time secret's expiry.
	UpdatePassword(ctx context.Context, id, hash string, entries ...audit.Entry) error
	// ResetCredentials stores an administrator's reset in one transaction:
	// u's one-time secret hash and expiry, forced change, no failures or
	// lockout, no sessions, and with secondFactor no TOTP key or passkeys.
	ResetCredentials(ctx context.Context, u User, secondFactor bool, entries ...audit.Entry) error
	// UpdateGrants stores only u's direct grants.
	UpdateGrants(ctx context.Context, u User, entries ...audit.Entry) error
	// UpdateSSO stores only u's name and SSO groups (a single sign-on).
	UpdateSSO(ctx context.Context, u User) error
	// DisableUser sets active=false and deletes every session of the user.
	DisableUser(ctx context.Context, id string, entries ...audit.Entry) error
	// activeStore records who disabled an account (disable.go).
	activeStore
	// DeleteUser removes the user, their sessions and group memberships.
	DeleteUser(ctx context.Context, id string, entries ...audit.Entry) error
	UserByID(ctx context.Context, id string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	// Users returns the users matching q ordered by email, and how many match in all.
	Users(ctx context.Context, q UserQuery) ([]User, int, error)
	CountUsers(ctx context.Context) (int, error)

	CreateSession(ctx context.Context, s Session, entries ...audit.Entry) error
	// SessionByHash returns the session; fault.NotFound if there is none.
	SessionByHash(ctx context.Context, hash string) (Session, error)
	TouchSession(ctx context.Context, hash string, at time.Time) error
	// ReplaceSession deletes old (if present) and creates s, atomically: rotation.
	ReplaceSession(ctx context.Context, old string, s Session, entries ...audit.Entry) error
	DeleteSession(ctx context.Context, hash string, entries ...audit.Entry) error
	// DeleteUserSessions ends every session of a user.
	DeleteUserSessions(ctx context.Context, userID string, entries ...audit.Entry) error
	// DeleteSessionsBefore removes sessions idle since, or created before, the given times.
	DeleteSessionsBefore(ctx context.Context, idleSince, createdBefore time.Time) (int, error)

	CreateToken(ctx context.Context, t Token, entries ...audit.Entry) error
	TokenByHash(ctx context.Context, hash string) (Token, error)
	Tokens(ctx context.Context) ([]Token, error)
	RevokeToken(ctx context.Context, id string, at time.Time, entries ...audit.Entry) error

	PutTeam(ctx context.Context, t access.Team, entries ...audit.Entry) error
	Teams(ctx context.Context) ([]access.Team, error)

	CreateGroup(ctx context.Context, g Group, entries ...audit.Entry) error
	// UpdateGroup replaces the group's name, external id and members.
	UpdateGroup(ctx context.Context, g Group, entries ...audit.Entry) error
	DeleteGroup(ctx context.Context, id string, entries ...audit.Entry) error
	GroupByID(ctx context.Context, id string) (Group, error)
	Groups(ctx context.Context, q GroupQuery) ([]Group, int, error)

	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}
