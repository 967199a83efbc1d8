package frontdoor

import (
	"net/http"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// mayUse reports whether p may fill in def's questions here: anyone may use a
// public service; signed-in staff may also use staff services (an IT request,
// the risk register) and councillors councillor services (a member enquiry),
// which the workspace's "Raise a request" page links to. Anything else is
// not found, so residents never learn that internal services exist.
func mayUse(p access.Principal, def *service.Definition) bool {
	switch {
	case def.HasAudience(service.AudiencePublic):
		return true
	case p.Kind == access.KindStaff:
		return def.HasAudience(service.AudienceStaff)
	case p.Kind == access.KindCouncillor:
		return def.HasAudience(service.AudienceCouncillor)
	}
	return false
}

// usable is mayUse for the caller of r.
func usable(r *http.Request, def *service.Definition) bool {
	return mayUse(web.PrincipalFrom(r.Context()), def)
}

// internal reports whether def is a staff or councillor service (not public):
// its cases are raised with ChannelStaff by the signed-in person.
func internal(def *service.Definition) bool {
	return !slices.Contains(def.Audience, service.AudiencePublic)
}

// assisted reports whether the pages show the assisted digital banner: staff
// filling in a public service for a resident, not a staff service for themselves.
func assisted(r *http.Request, def *service.Definition) bool {
	return web.IsStaff(r) && !internal(def)
}
