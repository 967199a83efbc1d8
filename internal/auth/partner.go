package auth

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// ErrPartnerDomain refuses a partner whose email domain the council has
// not approved (or has withdrawn): a correct password does not help.
var ErrPartnerDomain = fault.New(fault.Forbidden, "Your organisation's email domain is not approved for partner access. Ask your contact at the council")

// onTrustedNetwork reports whether ip, the client address the platform's
// trusted proxies give, is in one of the council's trusted networks.
func (s *Service) onTrustedNetwork(ip string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return false
	}
	a = a.Unmap()
	return slices.ContainsFunc(s.opt.TrustedNetworks, func(p netip.Prefix) bool { return p.Contains(a) })
}

// signInDecision asks the access policy whether u may hold a session from
// ip, with or without a second factor given.
func (s *Service) signInDecision(u User, mfa bool, ip string) access.Decision {
	p := s.PrincipalOf(u, mfa)
	p.OnTrustedNetwork = s.onTrustedNetwork(ip)
	return access.Decide(p, access.ActionSignIn, access.Resource{SignIn: &access.SignIn{PartnerDomains: s.opt.PartnerDomains}})
}

// checkPartnerDomain refuses a new partner account whose domain is not
// approved: the same rule sign-in applies, asked as if every other
// condition were met.
func (s *Service) checkPartnerDomain(u User) error {
	if u.Kind != access.KindPartner {
		return nil
	}
	if d := s.signInDecision(u, true, ""); d.Reason == access.ReasonPartnerDomain {
		return fault.New(fault.Invalid, "Enter an email address on an approved partner domain (%s)", approvedList(s.opt.PartnerDomains))
	}
	return nil
}

func approvedList(domains []string) string {
	if len(domains) == 0 {
		return "none is approved: set --partner-domains"
	}
	return strings.Join(domains, ", ")
}
