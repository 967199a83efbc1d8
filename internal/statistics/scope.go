package statistics

import (
	"context"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Group is the unit the access policy decides on for staff: the cases of
// one service, worked by one team, at one classification.
type Group struct {
	ServiceID      string
	Team           string
	Classification service.Classification
}

// visible are the groups p may find in full. The policy is asked about each
// group with no creator and no sharing: a member of staff may also read the
// requests they raised themselves, and a councillor the enquiries shared
// with them, but a figure made of a few such cases would say something
// about cases the reader cannot otherwise see, so dashboards count only
// groups the reader may see whole. That makes a dashboard's count never
// larger than the cases the reader can open.
func (s *Service) visible(ctx context.Context, p access.Principal) ([]Group, error) {
	all, err := s.Store.StatisticsGroups(ctx)
	if err != nil {
		return nil, err
	}
	cat := s.Services.Load()
	var out []Group
	for _, g := range all {
		r := access.Resource{ServiceID: g.ServiceID, Team: g.Team, Classification: g.Classification}
		if d, ok := cat.Get(g.ServiceID); ok {
			r.Roles, r.ServiceTeam = d.Roles, d.Team
		}
		if access.Decide(p, access.ActionFind, r).Allow {
			out = append(out, g)
		}
	}
	return out, nil
}

// narrow keeps the groups of one service and one team, when named.
func narrow(groups []Group, serviceID, team string) []Group {
	return slices.DeleteFunc(slices.Clone(groups), func(g Group) bool {
		return serviceID != "" && g.ServiceID != serviceID || team != "" && g.Team != team
	})
}
