package web

import (
	"context"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/lang"
)

// reqInfo is what the middleware knows about a request, shared by pointer so
// that inner handlers can fill in what outer ones report (the route).
type reqInfo struct {
	id     string
	route  string
	api    bool
	server *Server
	csrf   string // the form token for this request's cookie
	client string // the client's address, proxies taken into account
	lang   lang.Tag
}

type ctxKey int

const (
	infoKey ctxKey = iota
	principalKey
)

func infoFrom(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(infoKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// RequestID returns the id the server gave the request ("" outside a Server).
func RequestID(ctx context.Context) string { return infoFrom(ctx).id }

// WithPrincipal returns ctx carrying p as the caller.
func WithPrincipal(ctx context.Context, p access.Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// PrincipalFrom returns the caller in ctx, or access.Anonymous.
func PrincipalFrom(ctx context.Context) access.Principal {
	if p, ok := ctx.Value(principalKey).(access.Principal); ok {
		return p
	}
	return access.Anonymous
}

// IsStaff reports whether the caller in r is a signed-in member of staff or councillor.
func IsStaff(r *http.Request) bool {
	k := PrincipalFrom(r.Context()).Kind
	return k == access.KindStaff || k == access.KindCouncillor
}
