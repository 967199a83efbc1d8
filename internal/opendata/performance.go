package opendata

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
)

// Figure is one of the figures a council may publish on its performance page.
type Figure string

// The figures, in the order the page shows them. Each is a column of the
// published monthly figures (MonthStats), with its suppression.
const (
	FigureReceived    Figure = "received"
	FigureClosed      Figure = "closed"
	FigureDaysToClose Figure = "days-to-close"
	FigureInTime      Figure = "in-time"
	FigureSatisfied   Figure = "satisfied"
)

// Figures are every figure, in page order.
var Figures = []Figure{FigureReceived, FigureClosed, FigureDaysToClose, FigureInTime, FigureSatisfied}

// Performance is what the council chooses to publish on its performance
// page: which services, in order (none: every service that publishes open
// data), and which figures of them (none: all).
type Performance struct {
	Services []string
	Figures  []Figure
}

// ParseFigures reads a comma-separated list of figure names; an unknown
// name is fault.Invalid, naming the ones there are.
func ParseFigures(list string) ([]Figure, error) {
	var out []Figure
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(Figures, Figure(f)) {
			return nil, fault.New(fault.Invalid, "unknown figure %q: the figures are %s", f, joinFigures(Figures))
		}
		out = append(out, Figure(f))
	}
	return out, nil
}

func joinFigures(fs []Figure) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// ServicePerformance is one service's published figures for the last 12
// months, oldest first, every month present.
type ServicePerformance struct {
	ServiceStats
	Figures []Figure
}

// Shows says whether f is published for this service: chosen by the
// council, and meaningful for it (timeliness needs a deadline clock).
func (p ServicePerformance) Shows(f Figure) bool {
	return slices.Contains(p.Figures, f)
}

// Performance returns the figures of each service the council publishes
// on its performance page. A configured service that no longer exists is
// left out.
func (s *Service) Performance(ctx context.Context) ([]ServicePerformance, error) {
	var out []ServicePerformance
	for _, id := range s.performanceServices() {
		p, err := s.PerformanceOf(ctx, id)
		if errors.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PerformanceOf returns one published service's figures; fault.NotFound
// for a service the page does not publish.
func (s *Service) PerformanceOf(ctx context.Context, id string) (ServicePerformance, error) {
	cat := s.Services.Load()
	def, ok := cat.Get(id)
	if !ok || !slices.Contains(s.performanceServices(), id) {
		return ServicePerformance{}, fault.New(fault.NotFound, "no performance figures for %q", id)
	}
	st, err := s.statsOf(ctx, def)
	if err != nil {
		return ServicePerformance{}, err
	}
	p := ServicePerformance{ServiceStats: st}
	for _, f := range s.figures() {
		if f != FigureInTime || st.HasClock {
			p.Figures = append(p.Figures, f)
		}
	}
	p.Months = lastMonths(st.Months, s.now(), 12)
	return p, nil
}

func (s *Service) performanceServices() []string {
	if len(s.Published.Services) > 0 {
		return s.Published.Services
	}
	var ids []string
	for _, d := range s.serviceDatasets() {
		ids = append(ids, d.ServiceID)
	}
	return ids
}

func (s *Service) figures() []Figure {
	if len(s.Published.Figures) > 0 {
		return slices.DeleteFunc(slices.Clone(Figures), func(f Figure) bool { return !slices.Contains(s.Published.Figures, f) })
	}
	return Figures
}

// lastMonths are the n London calendar months up to and including now's,
// oldest first, taking each from months (newest first) or zero when a
// month had nothing.
func lastMonths(months []MonthStats, now time.Time, n int) []MonthStats {
	t := now.In(london)
	first := time.Date(t.Year(), t.Month()-time.Month(n-1), 1, 0, 0, 0, 0, london)
	out := make([]MonthStats, n)
	for i := range out {
		key := first.AddDate(0, i, 0).Format("2006-01")
		out[i] = MonthStats{Month: key}
		if j := slices.IndexFunc(months, func(m MonthStats) bool { return m.Month == key }); j >= 0 {
			out[i] = months[j]
		}
	}
	return out
}

// Value is the figure f of month m as published: a count, a number of
// days or a percentage, "not shown" when it is withheld.
func (m MonthStats) Value(f Figure) string {
	switch f {
	case FigureReceived:
		return m.Received.String()
	case FigureClosed:
		return m.Closed.String()
	case FigureDaysToClose:
		return or(m.MedianDays, "not shown")
	case FigureInTime:
		return or(m.Percent, "not shown")
	case FigureSatisfied:
		return or(m.Satisfied, "not shown")
	}
	panic(fmt.Sprintf("opendata: unknown figure %q", f))
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// Label is how the page names f, in English; lang.N marks it for the
// Welsh catalogue (internal/web), which the page translates it with.
func (f Figure) Label() string {
	switch f {
	case FigureReceived:
		return lang.N("Requests received")
	case FigureClosed:
		return lang.N("Requests closed so far")
	case FigureDaysToClose:
		return lang.N("Median days to close")
	case FigureInTime:
		return lang.N("Answered in time")
	case FigureSatisfied:
		return lang.N("Satisfied or very satisfied")
	}
	return string(f)
}

// Percent says whether f is a percentage.
func (f Figure) Percent() bool { return f == FigureInTime || f == FigureSatisfied }

// Number is figure f of month m as a number to draw, and false when it is
// withheld (a count too small to publish, or a figure that would give one
// away). A percentage is its whole number.
func (m MonthStats) Number(f Figure) (int, bool) {
	switch f {
	case FigureReceived:
		return m.Received.N, !m.Received.Suppressed
	case FigureClosed:
		return m.Closed.N, !m.Closed.Suppressed
	}
	v := strings.TrimSuffix(m.Value(f), "%")
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// Short is the month's axis label: "Mar".
func (m MonthStats) Short() string {
	t, err := time.Parse("2006-01", m.Month)
	if err != nil {
		return m.Month
	}
	return t.Format("Jan")
}

// Table describes the performance CSV of a service as a Dataset, so that
// it carries CSV on the Web metadata made as every other published CSV's
// is. Every figure is text: a hidden count is written "fewer than 5".
func (p ServicePerformance) Table() Dataset {
	d := Dataset{ID: p.ServiceID + "-performance", Title: p.ServiceName + ": performance by month",
		Description: "The figures the council publishes about " + p.ServiceName + ", month by month.", ServiceID: p.ServiceID, Licence: "OGL-UK-3.0",
		Columns: []Column{{Name: "month", Title: "Month (YYYY-MM, UK time)", Datatype: TypeString, Required: true}}}
	for _, f := range p.Figures {
		d.Columns = append(d.Columns, Column{Name: string(f), Title: f.Label(), Datatype: TypeString, Required: true})
	}
	return d
}
