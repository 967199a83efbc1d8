package opendata

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Count is a published count: Suppressed when it is from 1 to below the
// threshold, so that a small group (one late answer, two reports from one
// street) cannot be singled out. Zero is shown: it discloses nobody.
type Count struct {
	N          int
	Suppressed bool
	Below      int // the threshold, for saying what a hidden count is
}

// String is the count as published: the number, or "fewer than 5".
func (c Count) String() string {
	if c.Suppressed {
		return "fewer than " + strconv.Itoa(c.Below)
	}
	return strconv.Itoa(c.N)
}

// MonthStats are one month's figures for a service.
type MonthStats struct {
	Month    string // YYYY-MM
	Received Count
	// Closed counts the month's requests closed so far; MedianDays is the
	// median whole days they took, "" when hidden or none closed.
	Closed     Count
	MedianDays string
	// Met and Missed count statutory responses sent in the month; Percent
	// is Met as a share of both, "" when either count is hidden (it would
	// give the hidden one away) or there were none.
	Met, Missed Count
	Percent     string
	// Rated counts the month's "How did we do?" answers; Satisfied is the
	// share that were satisfied or very satisfied, "" when the answers
	// are too few to publish or either side of the split would be hidden.
	Rated     Count
	Satisfied string
}

// Label is the month as people write it: "March 2026".
func (m MonthStats) Label() string {
	t, err := time.Parse("2006-01", m.Month)
	if err != nil {
		return m.Month
	}
	return t.Format("January 2006")
}

// ServiceStats are a service's published figures, newest month first.
type ServiceStats struct {
	ServiceID   string
	ServiceName string
	HasClock    bool
	Threshold   int
	Months      []MonthStats
}

// Table describes the file of the service's published figures
// (/statistics/{id}.csv): its columns make the file's header, its CSV on
// the Web metadata and its Table Schema. Every cell is text, as a count
// too small to publish is written "fewer than 5"; an empty median or
// percentage means there was nothing to take it of, or it is withheld.
func (st ServiceStats) Table() Dataset {
	d := Dataset{ID: st.ServiceID + "-statistics", Title: st.ServiceName + ": figures by month",
		Description: "The monthly figures the council publishes about " + st.ServiceName + ", with small counts withheld.",
		ServiceID:   st.ServiceID, Licence: "OGL-UK-3.0"}
	col := func(name, title string, required bool) {
		d.Columns = append(d.Columns, Column{Name: name, Title: title, Datatype: TypeString, Required: required})
	}
	col("month", "Month (YYYY-MM, UK time)", true)
	col("received", "Requests received in the month (or fewer than the threshold)", true)
	col("closed", "Of those, closed so far (or fewer than the threshold)", true)
	col("median_days_to_close", "Median whole days from receipt to closing (empty: none, or withheld)", false)
	if st.HasClock {
		col("answered_in_time", "Responses sent in the month by the deadline (or fewer than the threshold)", true)
		col("answered_late", "Responses sent in the month after the deadline (or fewer than the threshold)", true)
		col("percent_in_time", "Responses in time, per cent (empty: none, or withheld)", false)
	}
	col("satisfaction_answers", "How did we do? answers given in the month (or fewer than the threshold)", true)
	col("percent_satisfied", "Of those, satisfied or very satisfied, per cent (empty: none, or withheld)", false)
	return d
}

// StatisticsServices are the services whose figures are public: those that
// publish open data (the council's choice, made in the definition).
func (s *Service) StatisticsServices() []Dataset { return s.serviceDatasets() }

// Statistics returns the figures of the service publishing dataset id;
// fault.NotFound for another.
func (s *Service) Statistics(ctx context.Context, id string) (ServiceStats, error) {
	i := slices.IndexFunc(s.serviceDatasets(), func(d Dataset) bool { return d.ID == id })
	if i < 0 {
		return ServiceStats{}, fault.New(fault.NotFound, "no statistics for %q", id)
	}
	return s.statsOf(ctx, s.serviceDatasets()[i].def)
}

// statsOf are a service's figures, every month it has any, newest first.
func (s *Service) statsOf(ctx context.Context, def *service.Definition) (ServiceStats, error) {
	buckets, err := s.Store.CaseBuckets(ctx, def.ID)
	if err != nil {
		return ServiceStats{}, err
	}
	outcomes, err := s.Store.Timeliness(ctx, def.ID)
	if err != nil {
		return ServiceStats{}, err
	}
	ratings, err := s.Store.Satisfaction(ctx, def.ID)
	if err != nil {
		return ServiceStats{}, err
	}
	st := ServiceStats{ServiceID: def.ID, ServiceName: def.Name, HasClock: def.Clock != nil, Threshold: s.Threshold()}
	st.Months = s.months(buckets, outcomes, ratings)
	return st, nil
}

// monthTally gathers a month's raw figures before suppression.
type monthTally struct {
	received, met, missed int
	days                  map[int]int // days to close → cases
	rated, satisfied      int
}

func (s *Service) months(buckets []Bucket, outcomes []MonthOutcome, ratings []MonthRating) []MonthStats {
	tally := map[string]*monthTally{}
	get := func(m string) *monthTally {
		if tally[m] == nil {
			tally[m] = &monthTally{days: map[int]int{}}
		}
		return tally[m]
	}
	for _, b := range buckets {
		t := get(time.Unix(b.Hour*3600, 0).In(london).Format("2006-01"))
		t.received += b.Count
		if b.Days >= 0 {
			t.days[b.Days] += b.Count
		}
	}
	for _, o := range outcomes {
		t := get(o.Month)
		if o.Met {
			t.met += o.Count
		} else {
			t.missed += o.Count
		}
	}
	for _, r := range ratings {
		t := get(r.Month)
		t.rated += r.Count
		if r.Rating == "very-satisfied" || r.Rating == "satisfied" {
			t.satisfied += r.Count
		}
	}
	out := make([]MonthStats, 0, len(tally))
	for m, t := range tally {
		out = append(out, s.publish(m, t))
	}
	slices.SortFunc(out, func(a, b MonthStats) int { return cmp.Compare(b.Month, a.Month) })
	return out
}

func (s *Service) publish(month string, t *monthTally) MonthStats {
	closed := 0
	for _, n := range t.days {
		closed += n
	}
	m := MonthStats{Month: month, Received: s.count(t.received), Closed: s.count(closed), Met: s.count(t.met), Missed: s.count(t.missed)}
	if closed >= s.Threshold() {
		m.MedianDays = strconv.Itoa(median(t.days, closed))
	}
	if total := t.met + t.missed; total > 0 && !m.Met.Suppressed && !m.Missed.Suppressed {
		m.Percent = strconv.Itoa((t.met*100+total/2)/total) + "%"
	}
	m.Rated = s.count(t.rated)
	if t.rated > 0 && !m.Rated.Suppressed && !s.count(t.satisfied).Suppressed && !s.count(t.rated-t.satisfied).Suppressed {
		m.Satisfied = strconv.Itoa((t.satisfied*100+t.rated/2)/t.rated) + "%"
	}
	return m
}

func (s *Service) count(n int) Count {
	if n > 0 && n < s.Threshold() {
		return Count{Suppressed: true, Below: s.Threshold()} // N stays 0: the true figure never reaches a page
	}
	return Count{N: n}
}

// median of n values given as value → how many; the lower middle for an
// even n, so that the figure is always a number of days someone waited.
func median(hist map[int]int, n int) int {
	keys := make([]int, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want, seen := (n+1)/2, 0
	for _, k := range keys {
		seen += hist[k]
		if seen >= want {
			return k
		}
	}
	return 0
}
