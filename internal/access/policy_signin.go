package access

import "strings"

// ActionSignIn is starting, or holding, a session. auth asks it when a
// password is accepted (may this account have a session, and must it give
// a second factor first?) and on every request a session makes, so that a
// partner who walks off the council's network, or whose organisation's
// domain is withdrawn, is refused at once.
const ActionSignIn Action = "sign-in"

// SignIn is what the sign-in rule needs beside the principal: the partner
// email domains an administrator approved (--partner-domains).
type SignIn struct {
	PartnerDomains []string
}

// Reasons for refusing ActionSignIn, so that auth can tell a person what
// to do: a second factor can be given, a domain cannot be changed.
const (
	ReasonPartnerDomain       = "partners sign in only with an email address on a domain the council has approved"
	ReasonPartnerSecondFactor = "off the council's trusted networks, partners sign in with a second factor"
)

// decideSignIn is the sign-in rule:
//   - staff and councillors may hold a session (their second factor is
//     required by the sign-in steps themselves);
//   - a partner needs an email address on an approved partner domain, and
//     a second factor unless the request comes from one of the council's
//     trusted networks (p.OnTrustedNetwork, from the platform's
//     trusted-proxy client address);
//   - nobody else signs in.
func decideSignIn(p Principal, r Resource) Decision {
	switch p.Kind {
	case KindStaff, KindCouncillor:
		return Decision{Allow: true}
	case KindPartner:
	default:
		return deny("only staff, councillors and partners sign in")
	}
	var domains []string
	if r.SignIn != nil {
		domains = r.SignIn.PartnerDomains
	}
	switch {
	case !memberOf(strings.ToLower(domainOf(p.Email)), domains):
		return deny(ReasonPartnerDomain)
	case partnerNeedsSecondFactor(p):
		return deny(ReasonPartnerSecondFactor)
	}
	return Decision{Allow: true}
}

// partnerNeedsSecondFactor: a partner off the council's trusted networks
// who has not given a second factor. The one place this rule is written.
func partnerNeedsSecondFactor(p Principal) bool { return !p.MFA && !p.OnTrustedNetwork }
