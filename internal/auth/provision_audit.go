package auth

import (
	"slices"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// membershipEntries audits a group change: rename, and each member added or
// removed (a mover's grants change with their groups).
func (p *Provisioning) membershipEntries(old, g Group) []audit.Entry {
	subject := "group:" + g.ID
	var es []audit.Entry
	if old.DisplayName != g.DisplayName {
		es = append(es, p.s.entry(ProvisionActor, "auth.group_renamed", subject, map[string]any{"from": old.DisplayName, "to": g.DisplayName}))
	}
	for _, m := range g.Members {
		if !slices.Contains(old.Members, m) {
			es = append(es, p.s.entry(ProvisionActor, "auth.group_member_added", subject, map[string]any{"user": m, "group": g.DisplayName}))
		}
	}
	for _, m := range old.Members {
		if !slices.Contains(g.Members, m) {
			es = append(es, p.s.entry(ProvisionActor, "auth.group_member_removed", subject, map[string]any{"user": m, "group": g.DisplayName}))
		}
	}
	if len(es) == 0 {
		es = append(es, p.s.entry(ProvisionActor, "auth.group_updated", subject, nil))
	}
	return es
}
