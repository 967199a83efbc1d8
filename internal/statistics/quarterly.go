package statistics

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Quarterly is a statutory service's figures for one calendar quarter, in
// the shape councils report FOI and EIR figures: requests received,
// responses in time and late (from the platform's statutory clock, as the
// ICO monitors), extensions, outcomes and the exemptions cited.
type Quarterly struct {
	ServiceID, ServiceName string
	Quarter                Quarter
	Received               int
	// Met and Missed are the responses sent in the quarter.
	Met, Missed int
	// Extended counts extensions made in the quarter (an FOI public
	// interest test): transitions whose definition extends the clock.
	Extended int
	// Outcomes tally each choice of the choice questions officers answer
	// when sending the response, in the definition's order.
	Outcomes []Outcome
	// Exemptions tally the text given with an extension (which exemption
	// applies), grouped ignoring case and spacing, most cited first.
	Exemptions []Tally
	// Quarters are the ones the reader may pick, newest first.
	Quarters []Quarter
}

// PercentInTime is Met as a whole percentage of the responses sent.
func (q Quarterly) PercentInTime() string { return percent(q.Met, q.Met+q.Missed) }

// Outcome is one question's tally.
type Outcome struct {
	Question string
	Choices  []Tally
}

// Tally is one answer and how often it was given.
type Tally struct {
	Label string
	Count int
}

// Quarter is a calendar quarter in London.
type Quarter struct {
	Year, N int
}

// ParseQuarter reads "2026-Q1"; fault.Invalid for anything else.
func ParseQuarter(s string) (Quarter, error) {
	var q Quarter
	if _, err := fmt.Sscanf(s, "%4d-Q%1d", &q.Year, &q.N); err != nil || q.N < 1 || q.N > 4 || q.String() != s {
		return Quarter{}, fault.New(fault.Invalid, "%q is not a quarter like 2026-Q1", s)
	}
	return q, nil
}

func (q Quarter) String() string { return fmt.Sprintf("%04d-Q%d", q.Year, q.N) }

// Start is the quarter's first instant in London.
func (q Quarter) Start() time.Time {
	return time.Date(q.Year, time.Month(3*q.N-2), 1, 0, 0, 0, 0, london)
}

// End is the first instant after the quarter.
func (q Quarter) End() time.Time { return q.Start().AddDate(0, 3, 0) }

// Label is the quarter as councils write it: "January to March 2026".
func (q Quarter) Label() string {
	return q.Start().Format("January") + " to " + q.End().AddDate(0, 0, -1).Format("January 2006")
}

// quarterOf is the quarter t falls in.
func quarterOf(t time.Time) Quarter {
	t = t.In(london)
	return Quarter{Year: t.Year(), N: (int(t.Month())-1)/3 + 1}
}

func (q Quarter) previous() Quarter {
	if q.N == 1 {
		return Quarter{Year: q.Year - 1, N: 4}
	}
	return Quarter{Year: q.Year, N: q.N - 1}
}

// ReturnServices are the services with a deadline clock (statutory, such
// as FOI, or the council's own target, such as inspecting a pothole) that
// p may count cases of: the ones with a quarterly return.
func (s *Service) ReturnServices(ctx context.Context, p access.Principal) ([]Choice, error) {
	visible, err := s.visible(ctx, p)
	if err != nil {
		return nil, err
	}
	all, _ := s.choices(visible)
	cat := s.Services.Load()
	return slices.DeleteFunc(all, func(c Choice) bool {
		d, ok := cat.Get(c.ID)
		return !ok || d.Clock == nil
	}), nil
}

// Quarterly returns a statutory service's figures for quarter q ("" for
// the last complete quarter), counting only the cases p may see whole;
// fault.NotFound for a service without a clock or none of whose cases p
// may see.
func (s *Service) Quarterly(ctx context.Context, p access.Principal, serviceID, quarter string) (Quarterly, error) {
	def, ok := s.Services.Load().Get(serviceID)
	if !ok || def.Clock == nil {
		return Quarterly{}, fault.New(fault.NotFound, "no quarterly return for %q", serviceID)
	}
	visible, err := s.visible(ctx, p)
	if err != nil {
		return Quarterly{}, err
	}
	groups := narrow(visible, serviceID, "")
	if len(groups) == 0 {
		return Quarterly{}, fault.New(fault.NotFound, "no quarterly return for %q", serviceID)
	}
	current := quarterOf(s.now())
	q := current.previous()
	if quarter != "" {
		if q, err = ParseQuarter(quarter); err != nil {
			return Quarterly{}, err
		}
	}
	r := Quarterly{ServiceID: serviceID, ServiceName: def.Name, Quarter: q}
	for qq, i := current, 0; i < 8; qq, i = qq.previous(), i+1 {
		r.Quarters = append(r.Quarters, qq)
	}
	c, err := s.Store.StatisticsCounts(ctx, Query{Groups: groups, From: q.Start(), To: q.End(), Now: s.now(), Clock: cases.ResponseClock})
	if err != nil {
		return Quarterly{}, err
	}
	for _, row := range c.Rows {
		r.Received += row.Received
	}
	r.Met, r.Missed = c.Met, c.Missed
	return r, s.tallyTransitions(ctx, def, groups, &r)
}

// tallyTransitions reads the quarter's responses and extensions one at a
// time, keeping only the tallies.
func (s *Service) tallyTransitions(ctx context.Context, def *service.Definition, groups []Group, r *Quarterly) error {
	responses, extensions := returnTransitions(def)
	outcomes := map[string]map[string]int{} // question → value → count
	exemptions := map[string]*Tally{}
	names := append(slices.Collect(maps.Keys(responses)), slices.Collect(maps.Keys(extensions))...)
	err := s.Store.StatisticsTransitions(ctx, TransitionQuery{Groups: groups, From: r.Quarter.Start(), To: r.Quarter.End(), Transitions: names},
		func(id string, fields service.Answers) error {
			if t, ok := extensions[id]; ok {
				r.Extended++
				for _, f := range t.Fields {
					if text := strings.Join(strings.Fields(fields[f.ID].Text), " "); text != "" && f.Type != service.TypeRadios {
						key := strings.ToLower(text)
						if exemptions[key] == nil {
							exemptions[key] = &Tally{Label: text}
						}
						exemptions[key].Count++
					}
				}
			}
			if t, ok := responses[id]; ok {
				for _, f := range t.Fields {
					if f.Type == service.TypeRadios {
						if outcomes[f.ID] == nil {
							outcomes[f.ID] = map[string]int{}
						}
						outcomes[f.ID][fields[f.ID].Text]++
					}
				}
			}
			return nil
		})
	r.Outcomes = outcomeTallies(responses, outcomes)
	for _, t := range exemptions {
		r.Exemptions = append(r.Exemptions, *t)
	}
	slices.SortFunc(r.Exemptions, func(a, b Tally) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Label, b.Label)) })
	return err
}

// returnTransitions are the transitions that send the statutory response
// (into a state that completes the clock) and those that extend the clock.
func returnTransitions(def *service.Definition) (responses, extensions map[string]service.Transition) {
	responses, extensions = map[string]service.Transition{}, map[string]service.Transition{}
	completes := map[string]bool{}
	for _, st := range def.Workflow.States {
		completes[st.ID] = st.CompletesClock
	}
	for _, t := range def.Workflow.Transitions {
		if completes[t.To] {
			responses[t.ID] = t
		}
		if t.Extends != nil {
			extensions[t.ID] = t
		}
	}
	return responses, extensions
}

// outcomeTallies lists every choice of every response question, with the
// ones never chosen as zero, in the definition's order.
func outcomeTallies(responses map[string]service.Transition, counts map[string]map[string]int) []Outcome {
	var out []Outcome
	seen := map[string]bool{}
	ids := slices.Sorted(maps.Keys(responses))
	for _, id := range ids {
		for _, f := range responses[id].Fields {
			if f.Type != service.TypeRadios || seen[f.ID] {
				continue
			}
			seen[f.ID] = true
			o := Outcome{Question: f.Label}
			for _, opt := range f.Options {
				o.Choices = append(o.Choices, Tally{Label: opt.Label, Count: counts[f.ID][opt.Value]})
			}
			out = append(out, o)
		}
	}
	return out
}
