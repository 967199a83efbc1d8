package statistics

import (
	"cmp"
	"slices"
)

// wardLabel names a ward code: the ward's name from the wards file, the
// code itself when the file no longer has it, NoWard for none.
func (s *Service) wardLabel(code string) string {
	if code == "" {
		return NoWard
	}
	if name := s.Wards.Name(code); name != "" {
		return name
	}
	return code
}

// wardLines are the lines by ward, each with its median time to close and
// statutory responses: every configured ward (one without cases shows
// noughts, itself a figure), then codes the file no longer has by label,
// then the cases without a ward. With no wards configured and no case
// given one, there is nothing to break down and none are returned.
func (s *Service) wardLines(m map[string]*Line, c Counts) []Line {
	wards := len(s.Wards) > 0
	for code := range m {
		wards = wards || code != ""
	}
	if !wards {
		return nil
	}
	get := func(code string) *Line {
		if m[code] == nil {
			m[code] = &Line{Key: code, Label: s.wardLabel(code)}
		}
		return m[code]
	}
	days := map[string][]Bin{}
	for _, b := range c.WardCloseDays {
		days[b.Ward] = append(days[b.Ward], b.Bin)
	}
	for code, bins := range days {
		get(code).DaysToClose = median(bins)
	}
	for _, o := range c.WardOutcomes {
		l := get(o.Ward)
		l.Met, l.Missed = l.Met+o.Met, l.Missed+o.Missed
	}
	out := make([]Line, 0, len(m)+len(s.Wards))
	for _, w := range s.Wards {
		out = append(out, *get(w.Code))
		delete(m, w.Code)
	}
	var rest []Line
	for code, l := range m {
		if code != "" {
			rest = append(rest, *l)
		}
	}
	slices.SortFunc(rest, func(a, b Line) int { return cmp.Compare(a.Label, b.Label) })
	out = append(out, rest...)
	if l := m[""]; l != nil {
		out = append(out, *l)
	}
	return out
}
