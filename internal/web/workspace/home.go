package workspace

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// homePage is the data of the workspace home page.
type homePage struct {
	Name       string
	SignOutURL string
	Queues     []link
	Links      []link
}

// link is a labelled address with an optional hint.
type link struct{ URL, Label, Hint string }

// home lists the caller's queues (their teams, and each service those teams
// own) and what else their role lets them do.
func (h *handler) home(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	data := homePage{Name: p.Name, SignOutURL: web.PathSignOut, Queues: h.queues(p)}
	if p.Kind == access.KindCouncillor {
		data.Links = append(data.Links, link{URL: pathEnquiries, Label: "My enquiries", Hint: "enquiries you have raised and their outcomes"})
	}
	if p.Kind == access.KindStaff {
		data.Links = append(data.Links, link{URL: pathRequests, Label: "My requests", Hint: "requests you have raised yourself, such as to IT, and where they have got to"})
	}
	data.Links = append(data.Links, link{URL: pathRaise, Label: "Raise a request"})
	if p.Kind == access.KindStaff && h.AssistedURL != "" {
		data.Links = append(data.Links, link{URL: h.AssistedURL, Label: "Help a resident use a service", Hint: "assisted digital"})
	}
	if p.Kind == access.KindStaff {
		data.Links = append(data.Links, link{URL: pathStatistics, Label: "Statistics", Hint: "dashboards of the services and teams you can see, and quarterly returns such as FOI"})
	}
	if h.Audit != nil && mayAudit(p) {
		data.Links = append(data.Links, link{URL: pathAudit, Label: "Audit log"})
	}
	if cases.MayReconcile(p) {
		data.Links = append(data.Links, link{URL: pathPayments, Label: "Payments reconciliation", Hint: "GOV.UK Pay payments against their cases, day by day"})
	}
	if p.HasRole(access.RoleAdministrator, "*") {
		data.Links = append(data.Links, link{URL: pathAdmin, Label: "Administration", Hint: "people, teams, API tokens and webhooks"})
	}
	return h.page(w, r, http.StatusOK, "home", data)
}

// queues are the work queues a member of staff works from. The links only
// set filters: what each queue holds is still decided by the case service.
func (h *handler) queues(p access.Principal) []link {
	if p.Kind != access.KindStaff {
		return []link{{URL: pathQueue, Label: "Cases"}}
	}
	out := []link{{URL: pathQueue + "?assignee=me", Label: "My cases"}}
	for _, team := range teamsOf(p) {
		out = append(out, link{URL: pathQueue + "?" + url.Values{"team": {team}}.Encode(), Label: "Team " + team})
		for _, d := range h.servicesOfTeam(team) {
			out = append(out, link{URL: pathQueue + "?" + url.Values{"service": {d.ID}}.Encode(), Label: d.Name, Hint: "team " + team})
		}
	}
	return out
}

// teamsOf lists the teams p belongs to or holds a role in, without repeats.
func teamsOf(p access.Principal) []string {
	teams := slices.Clone(p.Teams)
	for _, g := range p.Grants {
		if g.Team != "*" && !slices.Contains(teams, g.Team) {
			teams = append(teams, g.Team)
		}
	}
	slices.Sort(teams)
	return slices.Compact(teams)
}

func (h *handler) servicesOfTeam(team string) []*service.Definition {
	if h.Services == nil || h.Services.Load() == nil {
		return nil
	}
	var out []*service.Definition
	for _, d := range h.Services.Load().All() {
		if d.Team == team {
			out = append(out, d)
		}
	}
	return out
}
