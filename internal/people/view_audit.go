package people

import (
	"context"
	"slices"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
)

// Audit actions of the single view.
const (
	// AuditPersonView: a person's page showed data from cases whose view the
	// policy audits (OFFICIAL-SENSITIVE: a subject access applicant's, a
	// member enquiry's). Subject "person:ID"; detail lists the cases.
	AuditPersonView = "person.view"
	// AuditPersonSearch: a search result showed such data of a person.
	AuditPersonSearch = "person.search"
)

// auditView records that p was shown person id with data from shown (the
// person's cases) and suggested (other persons' cases in possible
// matches): a person.view entry saying who saw whose data and when, and a
// case.view entry for each case whose view the policy audits, as the case
// page writes, so a search of the audit log by case reference finds it. It
// writes nothing when no shown case is audited and no restricted record
// was shown (the policy audits every read of restricted data).
func (s *Service) auditView(ctx context.Context, p access.Principal, id int64, shown, suggested []cases.Case, restricted bool) error {
	audited := s.auditedViews(p, append(slices.Clip(shown), suggested...))
	if len(audited) == 0 && !restricted {
		return nil
	}
	now := s.now()
	detail := map[string]any{"cases": refs(audited)}
	if restricted {
		detail["restricted"] = true
	}
	entries := []audit.Entry{{At: now, Actor: p.UserID, Action: AuditPersonView, Subject: "person:" + strconv.FormatInt(id, 10),
		Classification: "OFFICIAL-SENSITIVE", Detail: audit.Detail(detail)}}
	for _, c := range audited {
		entries = append(entries, cases.AccessEntry(now, p, access.ActionView, c))
	}
	return s.Store.AppendAudit(ctx, entries...)
}

// auditSearch records, for each person whose search result drew on records
// from audited cases, who searched and whose data was shown.
func (s *Service) auditSearch(ctx context.Context, p access.Principal, acc visibleSet) error {
	byPerson := map[int64][]cases.Case{}
	var order []int64
	for _, r := range acc.records {
		c, ok := acc.cases[r.CaseRef]
		if !ok || len(s.auditedViews(p, []cases.Case{c})) == 0 {
			continue
		}
		if _, seen := byPerson[r.PersonID]; !seen {
			order = append(order, r.PersonID)
		}
		byPerson[r.PersonID] = append(byPerson[r.PersonID], c)
	}
	if len(order) == 0 {
		return nil
	}
	now := s.now()
	var entries []audit.Entry
	for _, id := range order {
		entries = append(entries, audit.Entry{At: now, Actor: p.UserID, Action: AuditPersonSearch, Subject: "person:" + strconv.FormatInt(id, 10),
			Classification: "OFFICIAL-SENSITIVE", Detail: audit.Detail(map[string]any{"cases": refs(byPerson[id])})})
	}
	return s.Store.AppendAudit(ctx, entries...)
}

// auditedViews keeps the cases (once each) whose view by p the policy audits.
func (s *Service) auditedViews(p access.Principal, cs []cases.Case) []cases.Case {
	var out []cases.Case
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Ref] && access.Decide(p, access.ActionView, s.Policy.Resource(c)).Audit {
			seen[c.Ref] = true
			out = append(out, c)
		}
	}
	return out
}

// suggested is the cases the other records of possible matches came from.
func suggested(sugs []SuggestionView, cs map[string]cases.Case) []cases.Case {
	var out []cases.Case
	for _, sg := range sugs {
		if c, ok := cs[sg.Other.CaseRef]; ok && sg.Other.CaseRef != "" {
			out = append(out, c)
		}
	}
	return out
}

func refs(cs []cases.Case) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Ref
	}
	return out
}
