package statistics

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Difference is one kept count (a row of the dashboards' counts: the
// cases of one service, team, classification, channel and ward, of one
// kind, hour and value) that is not what the cases give. Kept was changed
// by something other than a case changing: someone with access to the
// database, a restore of part of it, or a fault.
type Difference struct {
	ServiceID, Team, Classification, Channel, Ward string
	// Kind is received, closed or open; Hour and Value as the kept counts
	// hold them (docs/statistics.md, "How they are computed").
	Kind          string
	Hour, Value   int64
	Kept, Counted int64
}

// String is the difference as one line for a log or a terminal.
func (d Difference) String() string {
	ward := d.Ward
	if ward == "" {
		ward = "(no ward)"
	}
	return fmt.Sprintf("%s team %s %s channel %s ward %s: %s at %s value %d: kept %d, the cases give %d",
		d.ServiceID, d.Team, d.Classification, d.Channel, ward, d.Kind,
		time.Unix(d.Hour*3600, 0).UTC().Format("2006-01-02 15:00 UTC"), d.Value, d.Kept, d.Counted)
}

// Check counts every case afresh and compares the counts the dashboards
// read; fn is given each difference, in order. It returns how many there
// were. The database does the counting, so memory stays flat however many
// cases there are.
func (s *Service) Check(ctx context.Context, fn func(Difference) error) (int, error) {
	n := 0
	err := s.Store.StatisticsCheck(ctx, func(d Difference) error {
		n++
		return fn(d)
	})
	if err == nil {
		s.checked.Store(int64(n) + 1)
	}
	return n, err
}

// Differences is how many kept counts the last Check found wrong, -1
// before the first: a gauge for monitoring to alert on.
func (s *Service) Differences() float64 { return float64(s.checked.Load() - 1) }

// logged is how many differences CheckTask logs one by one.
const logged = 10

// CheckTask is the daily check serve runs: each difference is logged as
// an error (the first ten, then how many there were), so that the
// council's log monitoring, and the Differences gauge, show a dashboard
// changed behind the cases' back.
func (s *Service) CheckTask(log *slog.Logger) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		seen := 0
		n, err := s.Check(ctx, func(d Difference) error {
			if seen++; seen <= logged {
				log.Error("statistics: a kept count is not what the cases give", "difference", d.String())
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n > 0 {
			log.Error("statistics: the dashboards' counts differ from the cases; run guildhall stats verify", "differences", n)
		}
		return nil
	}
}
