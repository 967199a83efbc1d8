package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// TokenPrefix starts every API token, so that secret scanners (and people)
// recognise one that leaked.
const TokenPrefix = "gh_"

// TokenRequest is what an administrator asks for when issuing an API token.
type TokenRequest struct {
	Name     string
	Services []string // empty: every service
	Write    bool
	Grants   []access.Grant // the roles (and teams) the client acts with
}

// IssueToken creates an API token and returns its secret, which is shown once
// and never stored: only its SHA-256 is. Only administrators (with MFA) may.
func (s *Service) IssueToken(ctx context.Context, actor access.Principal, req TokenRequest) (secret string, t Token, err error) {
	if err := requireAdmin(actor); err != nil {
		return "", Token{}, err
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || len(req.Name) > 100 {
		return "", Token{}, fault.New(fault.Invalid, "Enter a name for the token, 100 characters or fewer")
	}
	if err := s.CheckGrants(ctx, req.Grants); err != nil {
		return "", Token{}, err
	}
	secret = TokenPrefix + newToken()
	t = Token{ID: newID(), Name: req.Name, Hash: HashToken(secret), Services: req.Services, Write: req.Write,
		Grants: uniqueGrants(req.Grants), CreatedBy: actor.UserID, CreatedAt: s.now()}
	e := s.entry(actor.UserID, "auth.token_issued", "token:"+t.ID, map[string]any{
		"name": t.Name, "services": strings.Join(t.Services, ","), "write": t.Write, "grants": FormatGrants(t.Grants)})
	if err := s.store.CreateToken(ctx, t, e); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// RevokeToken stops a token working at once.
func (s *Service) RevokeToken(ctx context.Context, actor access.Principal, id string) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	return s.store.RevokeToken(ctx, id, s.now(), s.entry(actor.UserID, "auth.token_revoked", "token:"+id, nil))
}

// Tokens lists every token, revoked ones included, for administrators.
func (s *Service) Tokens(ctx context.Context, actor access.Principal) ([]Token, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	return s.store.Tokens(ctx)
}

// TokenPrincipal returns the API client holding a bearer token (the value
// after "Bearer "). An unknown, malformed or revoked token is
// fault.Unauthenticated. The principal has MFA set: a 256-bit random secret
// issued by an MFA-verified administrator is itself a strong credential, and
// the token's scope (services, write, grants) still limits it.
func (s *Service) TokenPrincipal(ctx context.Context, bearer string) (access.Principal, error) {
	bad := fault.New(fault.Unauthenticated, "invalid or revoked API token")
	if !strings.HasPrefix(bearer, TokenPrefix) || len(bearer) > 200 {
		return access.Principal{}, bad
	}
	t, err := s.store.TokenByHash(ctx, HashToken(bearer))
	if errors.Is(err, fault.NotFound) {
		return access.Principal{}, bad
	}
	if err != nil {
		return access.Principal{}, err
	}
	if t.Revoked() {
		return access.Principal{}, bad
	}
	return access.Principal{Kind: access.KindAPIClient, UserID: "token:" + t.ID, Name: t.Name, Teams: access.TeamsOf(t.Grants),
		Grants: t.Grants, MFA: true, Services: t.Services, Write: t.Write}, nil
}

// requireAdmin allows administrators who passed a second factor.
func requireAdmin(p access.Principal) error {
	if p.Kind != access.KindStaff || !p.HasRole(access.RoleAdministrator, "*") {
		return fault.New(fault.Forbidden, "only administrators may do this")
	}
	if !p.MFA {
		return fault.New(fault.Forbidden, "administrators must sign in with a second factor")
	}
	return nil
}
