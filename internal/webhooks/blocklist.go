package webhooks

import (
	"net/netip"
)

// Private reports whether ip is an address a webhook must not reach by
// default. The list is the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (RFC 6890, checked against the registries of 2025), every entry
// not marked globally reachable, plus multicast; where an IPv6 form carries
// an IPv4 address (IPv4-mapped, the NAT64 well-known prefix, ISATAP), the
// IPv4 address inside is judged too, since a translator or tunnel delivers to
// it. Whole blocks are refused where the registry allows only a few anycast
// addresses in them (192.0.0.0/24, 2001::/23): no webhook receiver lives there.
func Private(ip netip.Addr) bool {
	ip = ip.WithZone("").Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return true
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return true
		}
	}
	if v4, ok := embeddedIPv4(ip); ok {
		return Private(v4)
	}
	return false
}

// blocked are the special-purpose prefixes that the netip predicates above
// do not already cover, each with the registry entry it comes from.
var blocked = prefixes(
	// IPv4 Special-Purpose Address Registry
	"0.0.0.0/8",          // "this network" (RFC 791); Linux connects 0.x to the local host
	"100.64.0.0/10",      // shared address space, carrier-grade NAT (RFC 6598)
	"192.0.0.0/24",       // IETF protocol assignments: DS-Lite, NAT64 discovery, PCP/TURN anycast (RFC 6890)
	"192.0.2.0/24",       // documentation TEST-NET-1 (RFC 5737)
	"192.88.99.0/24",     // 6to4 relay anycast, deprecated (RFC 7526)
	"198.18.0.0/15",      // benchmarking (RFC 2544)
	"198.51.100.0/24",    // documentation TEST-NET-2 (RFC 5737)
	"203.0.113.0/24",     // documentation TEST-NET-3 (RFC 5737)
	"240.0.0.0/4",        // reserved (RFC 1112)
	"255.255.255.255/32", // limited broadcast (RFC 919)
	// IPv6 Special-Purpose Address Registry
	"::/96",          // IPv4-compatible, deprecated (RFC 4291): ::127.0.0.1 and the like
	"64:ff9b:1::/48", // local-use IPv4/IPv6 translation (RFC 8215): a private NAT64
	"100::/64",       // discard-only (RFC 6666)
	"100:0:0:1::/64", // dummy prefix (RFC 9780)
	"2001::/23",      // IETF protocol assignments: Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID …
	"2001:db8::/32",  // documentation (RFC 3849)
	"2002::/16",      // 6to4 (RFC 3056), carries an IPv4 address; deprecated relays (RFC 7526)
	"3fff::/20",      // documentation (RFC 9637)
	"5f00::/16",      // segment routing SIDs (RFC 9602)
	"fec0::/10",      // site-local, deprecated (RFC 3879) but still routed by some stacks
)

// nat64 is the well-known NAT64 prefix (RFC 6052): a DNS64 resolver on an
// IPv6-only host answers 64:ff9b::a.b.c.d for an IPv4-only name, and the
// translator then connects to a.b.c.d, so a.b.c.d is what must be judged.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// embeddedIPv4 returns the IPv4 address an IPv6 address delivers to: the
// last 32 bits under the NAT64 well-known prefix, or of an ISATAP interface
// identifier (RFC 5214: ::0:5efe:a.b.c.d and ::200:5efe:a.b.c.d).
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	isatap := (b[8]|0x02) == 0x02 && b[9] == 0 && b[10] == 0x5e && b[11] == 0xfe
	if nat64.Contains(ip) || isatap {
		return netip.AddrFrom4([4]byte(b[12:16])), true
	}
	return netip.Addr{}, false
}

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}
