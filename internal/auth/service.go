// Package auth is identity: accounts, sign-in, sessions, second factors
// (TOTP, passkeys), single sign-on (OIDC), API tokens and provisioning
// (SCIM). What a signed-in principal may then do is decided by the access
// policy in internal/access, which knows nothing of how anyone signed in.
package auth

import (
	"fmt"
	"log/slog"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Options configures a Service. The zero value of each field is a safe default
// except SecretKey, which is required.
type Options struct {
	// SecretKey (32 bytes) encrypts TOTP keys at rest; see LoadOrCreateKey.
	SecretKey []byte
	// Issuer names the council in authenticator apps ("Guildhall" when empty).
	Issuer string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// IdleTimeout ends a session unused this long (30 minutes).
	IdleTimeout time.Duration
	// AbsoluteTimeout ends any session this long after sign-in (12 hours).
	AbsoluteTimeout time.Duration
	// MaxFailures wrong passwords or codes lock an account for LockFor (5, 15 minutes).
	MaxFailures int
	LockFor     time.Duration
	// IPFailures failures from one address within LockFor throttle that address (20).
	IPFailures int
	// SecretTTL is how long a one-time secret (the first administrator's,
	// a new account's, a reset's) works before it expires (72 hours).
	SecretTTL time.Duration
	// ReverifyWithin is how recent a session's second-factor proof must be
	// to change a factor, such as adding a passkey (10 minutes).
	ReverifyWithin time.Duration
	// GroupMap gives the grants of an SSO group claim or SCIM group display name.
	GroupMap map[string][]access.Grant
	// TeamMap makes members of an SSO/SCIM group members of a team (grant RoleMember).
	TeamMap map[string]string
	// Directory gives the teams and roles the service definitions name, read
	// at each check so a reload takes effect; nil checks grants' form only.
	Directory func() Directory
	// Logger receives security events; slog.Default when nil.
	Logger *slog.Logger
	// PartnerDomains are the email domains an administrator approved for
	// partner accounts (lower case).
	PartnerDomains []string
	// TrustedNetworks are the council's networks: a partner signing in from
	// one may do without a second factor.
	TrustedNetworks []netip.Prefix
}

// DefaultSecretTTL is how long a one-time secret works unless configured.
const DefaultSecretTTL = 72 * time.Hour

// Service is identity: sign-in, sessions, second factors, tokens, people and
// provisioning. It is safe for concurrent use.
type Service struct {
	store    Store
	opt      Options
	seal     *sealer
	throttle *throttle
	oidc     *oidcClient
	webauthn *webauthn.WebAuthn
	passkeys PasskeyStore
}

// NewService returns the identity service over store.
func NewService(store Store, opt Options) (*Service, error) {
	seal, err := newSealer(opt.SecretKey)
	if err != nil {
		return nil, err
	}
	if opt.Issuer == "" {
		opt.Issuer = "Guildhall"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opt.IdleTimeout, 30*time.Minute)
	def(&opt.AbsoluteTimeout, 12*time.Hour)
	def(&opt.LockFor, 15*time.Minute)
	def(&opt.SecretTTL, DefaultSecretTTL)
	def(&opt.ReverifyWithin, 10*time.Minute)
	if opt.MaxFailures <= 0 {
		opt.MaxFailures = 5
	}
	if opt.IPFailures <= 0 {
		opt.IPFailures = 20
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	// Own copies: EnableOIDC adds to them, and the caller's maps stay theirs.
	opt.GroupMap, opt.TeamMap = maps.Clone(opt.GroupMap), maps.Clone(opt.TeamMap)
	return &Service{store: store, opt: opt, seal: seal, throttle: newThrottle(opt.IPFailures, opt.LockFor)}, nil
}

// Options returns the service's options with defaults filled in.
func (s *Service) Options() Options { return s.opt }

func (s *Service) now() time.Time { return s.opt.Now().UTC() }

// entry builds an audit entry stamped with the service clock.
func (s *Service) entry(actor, action, subject string, detail map[string]any) audit.Entry {
	return audit.Entry{At: s.now(), Actor: actor, Action: action, Subject: subject, Detail: audit.Detail(detail)}
}

// PrincipalOf builds the principal of an account: its direct grants plus the
// grants its SSO and SCIM groups map to. Teams are the teams of its grants.
func (s *Service) PrincipalOf(u User, mfa bool) access.Principal {
	grants := slices.Clone(u.Grants)
	for _, g := range append(slices.Clone(u.SSOGroups), u.Groups...) {
		grants = append(grants, s.groupGrants(g)...)
	}
	grants = uniqueGrants(grants)
	kind := u.Kind
	if kind == access.KindPartner {
		// A partner holds no roles: the spaces they are members of are all
		// they reach.
		return access.Principal{Kind: kind, UserID: u.ID, Name: u.Name, Email: u.Email, MFA: mfa}
	}
	if kind != access.KindCouncillor {
		kind = access.KindStaff
	}
	p := access.Principal{Kind: kind, UserID: u.ID, Name: u.Name, Email: u.Email, Teams: access.TeamsOf(grants), Grants: grants, MFA: mfa}
	if kind == access.KindCouncillor {
		p.Ward, p.Party = u.Ward, u.Party
	}
	return p
}

func (s *Service) groupGrants(group string) []access.Grant {
	var out []access.Grant
	for name, gs := range s.opt.GroupMap {
		if strings.EqualFold(name, group) {
			out = append(out, gs...)
		}
	}
	for name, team := range s.opt.TeamMap {
		if strings.EqualFold(name, group) {
			out = append(out, access.Grant{Role: access.RoleMember, Team: team})
		}
	}
	return out
}

func uniqueGrants(gs []access.Grant) []access.Grant {
	var out []access.Grant
	for _, g := range gs {
		if g.Role != "" && g.Team != "" && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b access.Grant) int {
		if c := strings.Compare(a.Team, b.Team); c != 0 {
			return c
		}
		return strings.Compare(a.Role, b.Role)
	})
	return out
}

// ParseGrants reads grants written as "role@team" separated by commas or
// spaces ("officer@highways, auditor@*").
func ParseGrants(s string) ([]access.Grant, error) {
	var out []access.Grant
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' }) {
		role, team, ok := strings.Cut(f, "@")
		if !ok || !validName(role) || (team != "*" && !validName(team)) {
			return nil, fault.New(fault.Invalid, "grant %q: write role@team, e.g. officer@highways or auditor@*", f)
		}
		out = append(out, access.Grant{Role: role, Team: team})
	}
	return uniqueGrants(out), nil
}

// FormatGrants writes grants as ParseGrants reads them.
func FormatGrants(gs []access.Grant) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.Role + "@" + g.Team
	}
	return strings.Join(parts, ", ")
}

// ParseGroupMap reads --oidc-group-map: "group=role@team,role@team;group2=…".
// A group mapped to "member@team" only joins the team.
func ParseGroupMap(s string) (map[string][]access.Grant, error) {
	m := map[string][]access.Grant{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		group, grants, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(group) == "" {
			return nil, fmt.Errorf("group map %q: write group=role@team", part)
		}
		gs, err := ParseGrants(grants)
		if err != nil {
			return nil, fmt.Errorf("group map %q: %w", group, err)
		}
		m[strings.TrimSpace(group)] = append(m[strings.TrimSpace(group)], gs...)
	}
	return m, nil
}

// validName accepts role and team ids as service definitions write them.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
