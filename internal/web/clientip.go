package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxy headers a trusted proxy may write (Config.ProxyHeader).
const (
	HeaderXForwardedFor = "X-Forwarded-For"
	HeaderForwarded     = "Forwarded" // RFC 7239
)

// ParseTrustedProxies reads a comma-separated list of CIDR ranges (or single
// addresses) of the reverse proxies whose forwarding headers are believed.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil || a.Zone() != "" {
				return nil, fmt.Errorf("%q is not a CIDR range (such as 10.0.0.0/8) or an IP address", f)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// clientAddr is the caller's address. The peer is the client unless it is
// a trusted proxy; then the proxy header is read from the right, where the
// nearest proxy wrote, skipping addresses that are trusted proxies too, and
// the first address that is not is the client. Anything left of it was
// written by the client and may be forged, so it is never believed. A
// malformed or obfuscated entry ("unknown", "_hidden") stops the walk at the
// proxy that passed it on; a chain of nothing but trusted proxies gives the
// leftmost of them.
func clientAddr(r *http.Request, trusted []netip.Prefix, header string) string {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok {
		return hostOf(r.RemoteAddr)
	}
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	hops := forwardedFor(r.Header, header)
	cur := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break
		}
		cur = a
		if !isTrusted(a, trusted) {
			break
		}
	}
	return cur.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor lists the addresses in every line of the proxy header, left
// (furthest from us) to right.
func forwardedFor(h http.Header, header string) []string {
	var hops []string
	for _, line := range h.Values(header) {
		for _, el := range strings.Split(line, ",") {
			if header == HeaderForwarded {
				el = forParam(el)
			}
			hops = append(hops, strings.TrimSpace(el))
		}
	}
	return hops
}

// forParam returns the for= value of one Forwarded element, unquoted, or ""
// when it has none (which parseHop refuses, stopping the walk).
func forParam(el string) string {
	for _, pair := range strings.Split(el, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "for") {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	return ""
}

// parseHop reads an address with or without a port, IPv6 with or without
// brackets; IPv4-mapped addresses become IPv4 and zones are dropped.
func parseHop(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

func hostOf(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}
