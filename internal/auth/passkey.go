package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Passkey is a WebAuthn credential a person registered as a second factor.
type Passkey struct {
	// ID is the credential id, base64url.
	ID     string
	UserID string
	Name   string
	// Credential is the go-webauthn credential record (public key, sign count …) as JSON.
	Credential json.RawMessage
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// PasskeyStore is what passkeys need from storage (internal/store implements it).
type PasskeyStore interface {
	CreatePasskey(ctx context.Context, p Passkey) error
	// Passkeys lists a user's passkeys, oldest first.
	Passkeys(ctx context.Context, userID string) ([]Passkey, error)
	// UpdatePasskey stores a credential's new record (sign count) and last use.
	UpdatePasskey(ctx context.Context, p Passkey) error
	// DeletePasskeys removes every passkey of a user.
	DeletePasskeys(ctx context.Context, userID string) error
}

// EnablePasskeys turns on WebAuthn for a site at origin (its public base
// URL, e.g. https://services.example.gov.uk). Call it once at start.
func (s *Service) EnablePasskeys(store PasskeyStore, origin, siteName string) error {
	host := origin[strings.Index(origin, "://")+3:]
	if i := strings.IndexAny(host, ":/"); i >= 0 {
		host = host[:i]
	}
	w, err := webauthn.New(&webauthn.Config{RPID: host, RPDisplayName: siteName, RPOrigins: []string{strings.TrimRight(origin, "/")}})
	if err != nil {
		return fmt.Errorf("auth: passkeys: %w", err)
	}
	s.webauthn, s.passkeys = w, store
	return nil
}

// PasskeysEnabled reports whether passkeys are configured.
func (s *Service) PasskeysEnabled() bool { return s.webauthn != nil }

// waUser adapts an account and its passkeys to go-webauthn.
type waUser struct {
	u     User
	creds []webauthn.Credential
	keys  []Passkey
}

func (w *waUser) WebAuthnID() []byte                         { return []byte(w.u.ID) }
func (w *waUser) WebAuthnName() string                       { return w.u.Email }
func (w *waUser) WebAuthnDisplayName() string                { return w.u.Name }
func (w *waUser) WebAuthnCredentials() []webauthn.Credential { return w.creds }

func (s *Service) waUser(ctx context.Context, u User) (*waUser, error) {
	keys, err := s.passkeys.Passkeys(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	w := &waUser{u: u, keys: keys}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Credential, &c); err != nil {
			return nil, fmt.Errorf("passkey %s: %w", k.ID, err)
		}
		w.creds = append(w.creds, c)
	}
	return w, nil
}

// sealCeremony seals go-webauthn's session data for the browser to hand
// back: the server keeps nothing between the two halves of a ceremony.
func (s *Service) sealCeremony(kind, userID string, d *webauthn.SessionData) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	return s.seal.seal(kind + ":" + userID + ":" + string(b)), nil
}

func (s *Service) openCeremony(kind, userID, sealed string) (webauthn.SessionData, error) {
	var d webauthn.SessionData
	plain, err := s.seal.open(sealed)
	if err != nil {
		return d, fault.New(fault.Invalid, "the passkey request was changed; try again")
	}
	rest, ok := strings.CutPrefix(plain, kind+":"+userID+":")
	if !ok || json.Unmarshal([]byte(rest), &d) != nil {
		return d, fault.New(fault.Invalid, "the passkey request belongs to something else; try again")
	}
	if s.now().After(d.Expires) && !d.Expires.IsZero() {
		return d, fault.New(fault.Invalid, "the passkey request has expired; try again")
	}
	return d, nil
}

// BeginPasskeyRegistration starts adding a passkey for the holder of a
// complete session who proved a second factor recently (ErrReverify
// otherwise): adding a factor needs the existing one. It returns the options
// for navigator.credentials.create and the sealed state to send back.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, token string) (json.RawMessage, string, error) {
	u, err := s.passkeyAccount(ctx, token)
	if err != nil {
		return nil, "", err
	}
	w, err := s.waUser(ctx, u)
	if err != nil {
		return nil, "", err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range w.creds {
		exclude = append(exclude, c.Descriptor())
	}
	opts, data, err := s.webauthn.BeginRegistration(w, webauthn.WithExclusions(exclude),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
	if err != nil {
		return nil, "", err
	}
	return s.ceremonyOut(opts, "register", u.ID, data)
}

func (s *Service) ceremonyOut(opts any, kind, userID string, data *webauthn.SessionData) (json.RawMessage, string, error) {
	b, err := json.Marshal(opts)
	if err != nil {
		return nil, "", err
	}
	state, err := s.sealCeremony(kind, userID, data)
	return b, state, err
}

func (s *Service) passkeyAccount(ctx context.Context, token string) (User, error) {
	if s.webauthn == nil {
		return User{}, fault.New(fault.NotFound, "passkeys are not enabled")
	}
	sess, u, err := s.live(ctx, token)
	if err != nil {
		return User{}, err
	}
	if !sess.Complete || !sess.MFA {
		return User{}, fault.New(fault.Forbidden, "sign in with a second factor to add a passkey")
	}
	if !s.recent(sess) {
		return User{}, ErrReverify
	}
	return u, nil
}

// FinishPasskeyRegistration checks the browser's response and stores the
// passkey; like BeginPasskeyRegistration it needs a recent second factor.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, token, state, name string, response io.Reader) error {
	u, err := s.passkeyAccount(ctx, token)
	if err != nil {
		return err
	}
	d, err := s.openCeremony("register", u.ID, state)
	if err != nil {
		return err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBody(response)
	if err != nil {
		return fault.Wrap(fault.Invalid, err, "the passkey response could not be read")
	}
	w, err := s.waUser(ctx, u)
	if err != nil {
		return err
	}
	cred, err := s.webauthn.CreateCredential(w, d, parsed)
	if err != nil {
		return fault.Wrap(fault.Invalid, err, "the passkey could not be checked")
	}
	return s.storePasskey(ctx, u, name, cred)
}

func (s *Service) storePasskey(ctx context.Context, u User, name string, cred *webauthn.Credential) error {
	b, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	if name = strings.TrimSpace(name); name == "" || len(name) > 100 {
		name = "Passkey"
	}
	now := s.now()
	k := Passkey{ID: base64.RawURLEncoding.EncodeToString(cred.ID), UserID: u.ID, Name: name, Credential: b, CreatedAt: now, LastUsedAt: now}
	if err := s.passkeys.CreatePasskey(ctx, k); err != nil {
		return err
	}
	s.audit(ctx, s.entry(u.ID, "auth.passkey_added", u.ID, map[string]any{"name": name}))
	return nil
}

// BeginPasskeySignIn starts the second factor with a passkey for a pending
// sign-in session (after the password). It returns the options for
// navigator.credentials.get and the sealed state.
func (s *Service) BeginPasskeySignIn(ctx context.Context, token string) (json.RawMessage, string, error) {
	if s.webauthn == nil {
		return nil, "", fault.New(fault.NotFound, "passkeys are not enabled")
	}
	_, u, err := s.live(ctx, token)
	if err != nil {
		return nil, "", err
	}
	w, err := s.waUser(ctx, u)
	if err != nil {
		return nil, "", err
	}
	if len(w.creds) == 0 {
		return nil, "", fault.New(fault.NotFound, "no passkeys for this account")
	}
	opts, data, err := s.webauthn.BeginLogin(w)
	if err != nil {
		return nil, "", err
	}
	return s.ceremonyOut(opts, "sign-in", u.ID, data)
}

// FinishPasskeySignIn checks the passkey's assertion and completes the
// sign-in with MFA, returning the new (rotated) session token. A failure
// counts towards lockout like a wrong code.
func (s *Service) FinishPasskeySignIn(ctx context.Context, token, state string, response io.Reader, ip string) (string, error) {
	sess, u, err := s.live(ctx, token)
	if err != nil {
		return "", err
	}
	if s.throttle.blocked(ip, s.now()) {
		return "", ErrLocked
	}
	if s.now().Before(u.LockedUntil) {
		return "", s.fail(ctx, &u, u.Email, ip, "locked", ErrLocked)
	}
	if u.MustChangePassword {
		return "", fault.New(fault.Invalid, "set a new password first")
	}
	d, err := s.openCeremony("sign-in", u.ID, state)
	if err != nil {
		return "", err
	}
	w, err := s.waUser(ctx, u)
	if err != nil {
		return "", err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBody(response)
	var cred *webauthn.Credential
	if err == nil {
		cred, err = s.webauthn.ValidateLogin(w, d, parsed)
	}
	if err != nil {
		if refusal := s.fail(ctx, &u, u.Email, ip, "passkey refused", nil); refusal != nil {
			return "", refusal
		}
		return "", fault.Wrap(fault.Invalid, err, "the passkey was not accepted")
	}
	if err := s.touchPasskey(ctx, w, cred); err != nil {
		return "", err
	}
	return s.finish(ctx, sess, u, Completion{}, "passkey", ip)
}

func (s *Service) touchPasskey(ctx context.Context, w *waUser, cred *webauthn.Credential) error {
	for _, k := range w.keys {
		if id := base64.RawURLEncoding.EncodeToString(cred.ID); k.ID == id {
			b, err := json.Marshal(cred)
			if err != nil {
				return err
			}
			k.Credential, k.LastUsedAt = b, s.now()
			return s.passkeys.UpdatePasskey(ctx, k)
		}
	}
	return nil
}

// HasPasskeys reports whether the holder of a pending sign-in has passkeys.
func (s *Service) HasPasskeys(ctx context.Context, token string) bool {
	if s.webauthn == nil {
		return false
	}
	_, u, err := s.live(ctx, token)
	if err != nil {
		return false
	}
	keys, err := s.passkeys.Passkeys(ctx, u.ID)
	return err == nil && len(keys) > 0
}

// MyPasskeys lists the signed-in person's own passkeys.
func (s *Service) MyPasskeys(ctx context.Context, p access.Principal) ([]Passkey, error) {
	if s.webauthn == nil {
		return nil, nil
	}
	return s.passkeys.Passkeys(ctx, p.UserID)
}
