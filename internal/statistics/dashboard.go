package statistics

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Service answers the statistics pages.
type Service struct {
	Store    Store
	Services *service.Registry
	// Wards are the council's wards (geo.ReadWards), which name the codes
	// cases were given and order the figures by ward; nil when none are
	// configured.
	Wards geo.Wards
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// checked is one more than the differences the last Check found, 0
	// before the first.
	checked atomic.Int64
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Trend is how a dashboard's trend is divided.
type Trend string

// The trends: the last 12 London calendar months, or the last 13 weeks
// (Monday to Sunday), each including the current one.
const (
	Monthly Trend = "month"
	Weekly  Trend = "week"
)

// Request is what a reader asks a dashboard for: one service, one team, or
// neither (everything they may see).
type Request struct {
	ServiceID, Team string
	Trend           Trend
}

// Dashboard is the figures of the cases a reader may see.
type Dashboard struct {
	Request
	From, To time.Time
	// From and To are the period, whole weeks or months up to the end of
	// the current one. Received and Closed are in it; Open and Overdue are now.
	Received, Closed, Open, Overdue int
	// DaysToClose is the median of the cases closed in the period.
	DaysToClose Median
	// HoursToFirstAction is the median of the cases received in the period
	// that an officer has acted on; AwaitingAction counts those not yet.
	HoursToFirstAction Median
	AwaitingAction     int
	// Met and Missed are the statutory responses of the period.
	Met, Missed int
	ByService   []Line
	ByCategory  []Line
	ByTeam      []Line
	ByChannel   []Line
	// ByWard has every configured ward, in the wards file's order, then
	// any code no longer in it, then NoWard; its lines also carry the
	// median time to close and the statutory responses.
	ByWard []Line
	Points []Point
	// Services and Teams are what the reader may choose between.
	Services []Choice
	Teams    []string
}

// Median is a median, or none when there was nothing to take it of.
type Median struct {
	Value int
	Of    int // how many cases it is the median of
}

// PercentInTime is Met as a whole percentage of the statutory responses,
// "" when there were none.
func (d Dashboard) PercentInTime() string { return percent(d.Met, d.Met+d.Missed) }

func percent(n, of int) string {
	if of == 0 {
		return ""
	}
	return strconv.Itoa((n*100+of/2)/of) + "%"
}

// Line is one row of a breakdown.
type Line struct {
	Key, Label       string
	Received, Closed int
	Open, Overdue    int
	// DaysToClose, Met and Missed are given on the lines by ward.
	DaysToClose Median
	Met, Missed int
}

// PercentInTime is Met as a whole percentage of the line's statutory
// responses, "" when there were none.
func (l Line) PercentInTime() string { return percent(l.Met, l.Met+l.Missed) }

// NoWard names the cases without a ward: no location, a place outside
// every ward, or submitted before wards were configured.
const NoWard = "No ward"

// Point is one week or month of the trend.
type Point struct {
	Start            time.Time
	Label            string
	Received, Closed int
}

// Choice is a service the reader may ask for.
type Choice struct{ ID, Name string }

// Dashboard returns the figures of the cases p may see, narrowed to one
// service or team when r names one. Naming a service or team the reader
// may not see gives fault.NotFound, as if it did not exist.
func (s *Service) Dashboard(ctx context.Context, p access.Principal, r Request) (Dashboard, error) {
	if r.Trend != Weekly {
		r.Trend = Monthly
	}
	visible, err := s.visible(ctx, p)
	if err != nil {
		return Dashboard{}, err
	}
	groups := narrow(visible, r.ServiceID, r.Team)
	if (r.ServiceID != "" || r.Team != "") && len(groups) == 0 {
		return Dashboard{}, fault.New(fault.NotFound, "no statistics for service %q team %q", r.ServiceID, r.Team)
	}
	now := s.now()
	d := Dashboard{Request: r, From: periodStart(now, r.Trend)}
	d.To = periodEnd(d.From, r.Trend)
	d.Services, d.Teams = s.choices(visible)
	if len(groups) == 0 {
		d.Points = points(d.From, d.To, r.Trend, nil, nil)
		return d, nil
	}
	c, err := s.Store.StatisticsCounts(ctx, Query{Groups: groups, From: d.From, To: d.To, Now: now, Clock: cases.ResponseClock})
	if err != nil {
		return Dashboard{}, err
	}
	s.fill(&d, c)
	return d, nil
}

func (s *Service) fill(d *Dashboard, c Counts) {
	byService, byCategory, byTeam, byChannel, byWard := map[string]*Line{}, map[string]*Line{}, map[string]*Line{}, map[string]*Line{}, map[string]*Line{}
	cat := s.Services.Load()
	for _, row := range c.Rows {
		d.Received, d.Closed, d.Open, d.Overdue = d.Received+row.Received, d.Closed+row.Closed, d.Open+row.Open, d.Overdue+row.Overdue
		name, category := row.ServiceID, "No category"
		if def, ok := cat.Get(row.ServiceID); ok {
			name = def.Name
			if def.Category != "" {
				category = def.Category
			}
		}
		add(byService, row.ServiceID, name, row)
		add(byCategory, category, category, row)
		add(byTeam, row.Team, row.Team, row)
		add(byChannel, row.Channel, ChannelLabel(row.Channel), row)
		add(byWard, row.Ward, s.wardLabel(row.Ward), row)
	}
	d.ByService, d.ByCategory, d.ByTeam, d.ByChannel = lines(byService), lines(byCategory), lines(byTeam), lines(byChannel)
	d.ByWard = s.wardLines(byWard, c)
	d.DaysToClose = median(c.CloseDays)
	acted := slices.DeleteFunc(slices.Clone(c.FirstActionHours), func(b Bin) bool {
		if b.Value < 0 {
			d.AwaitingAction += b.Count
		}
		return b.Value < 0
	})
	d.HoursToFirstAction = median(acted)
	d.Met, d.Missed = c.Met, c.Missed
	d.Points = points(d.From, d.To, d.Trend, c.Received, c.Closed)
}

func add(m map[string]*Line, key, label string, r Row) {
	l := m[key]
	if l == nil {
		l = &Line{Key: key, Label: label}
		m[key] = l
	}
	l.Received, l.Closed, l.Open, l.Overdue = l.Received+r.Received, l.Closed+r.Closed, l.Open+r.Open, l.Overdue+r.Overdue
}

// lines are a breakdown, most received first, then by label.
func lines(m map[string]*Line) []Line {
	out := make([]Line, 0, len(m))
	for _, l := range m {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b Line) int {
		return cmp.Or(cmp.Compare(b.Received, a.Received), cmp.Compare(b.Open, a.Open), cmp.Compare(a.Label, b.Label))
	})
	return out
}

// median of a histogram: the lower middle value for an even count, so the
// figure is always one some case actually had.
func median(bins []Bin) Median {
	bins = slices.Clone(bins)
	slices.SortFunc(bins, func(a, b Bin) int { return cmp.Compare(a.Value, b.Value) })
	n := 0
	for _, b := range bins {
		n += b.Count
	}
	want, seen := (n+1)/2, 0
	for _, b := range bins {
		if seen += b.Count; seen >= want {
			return Median{Value: b.Value, Of: n}
		}
	}
	return Median{}
}

// ChannelLabel is how a channel is named on a dashboard.
func ChannelLabel(ch string) string {
	switch cases.Channel(ch) {
	case cases.ChannelWeb:
		return "Online"
	case cases.ChannelAssisted:
		return "By an officer for a resident"
	case cases.ChannelStaff:
		return "Staff request"
	case cases.ChannelCouncillor:
		return "Councillor"
	case cases.ChannelAPI:
		return "API"
	case cases.ChannelOpen311:
		return "Open311 app"
	}
	return ch
}

// choices are the services and teams among the visible groups.
func (s *Service) choices(groups []Group) ([]Choice, []string) {
	cat := s.Services.Load()
	var svc []Choice
	var teams []string
	for _, g := range groups {
		if !slices.ContainsFunc(svc, func(c Choice) bool { return c.ID == g.ServiceID }) {
			name := g.ServiceID
			if def, ok := cat.Get(g.ServiceID); ok {
				name = def.Name
			}
			svc = append(svc, Choice{ID: g.ServiceID, Name: name})
		}
		if !slices.Contains(teams, g.Team) {
			teams = append(teams, g.Team)
		}
	}
	slices.SortFunc(svc, func(a, b Choice) int { return cmp.Compare(a.Name, b.Name) })
	slices.Sort(teams)
	return svc, teams
}

var london = workday.London

// periodStart is the first instant of the oldest week or month shown.
func periodStart(now time.Time, t Trend) time.Time {
	n := now.In(london)
	if t == Weekly {
		day := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, london)
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		return day.AddDate(0, 0, -back-7*12)
	}
	return time.Date(n.Year(), n.Month()-11, 1, 0, 0, 0, 0, london)
}

// periodEnd is the end of the current week or month: the period is whole
// weeks or months, so everything recorded up to now is inside it.
func periodEnd(from time.Time, t Trend) time.Time {
	n := 12
	if t == Weekly {
		n = 13
	}
	end := from
	for range n {
		end = next(end, t)
	}
	return end
}

// LastDay is the last day the figures cover.
func (d Dashboard) LastDay() time.Time { return d.To.AddDate(0, 0, -1) }

// points divides [from, to) into weeks or months and counts the hours into them.
func points(from, to time.Time, t Trend, received, closed []HourCount) []Point {
	var out []Point
	for start := from; start.Before(to); start = next(start, t) {
		label := start.Format("January 2006")
		if t == Weekly {
			label = "Week of " + start.Format("2 January 2006")
		}
		out = append(out, Point{Start: start, Label: label})
	}
	at := func(h int64) *Point {
		ts := time.Unix(h*3600, 0)
		i, _ := slices.BinarySearchFunc(out, ts, func(p Point, ts time.Time) int {
			return p.Start.Compare(ts)
		})
		// i is the first point starting after ts (or at it): ts falls in i-1 unless it starts i.
		if i < len(out) && out[i].Start.Equal(ts) {
			return &out[i]
		}
		if i == 0 {
			return nil
		}
		return &out[i-1]
	}
	for _, h := range received {
		if p := at(h.Hour); p != nil {
			p.Received += h.Count
		}
	}
	for _, h := range closed {
		if p := at(h.Hour); p != nil {
			p.Closed += h.Count
		}
	}
	return out
}

func next(t time.Time, tr Trend) time.Time {
	if tr == Weekly {
		return t.AddDate(0, 0, 7)
	}
	return t.AddDate(0, 1, 0)
}
