package people

import (
	"context"
	"sync/atomic"
	"time"
)

// linkStatus is what /metrics says of the linkage job.
type linkStatus struct {
	running  atomic.Bool
	pending  atomic.Int64
	capped   atomic.Int64 // blocks left out in the current or last run (a block may count once per batch)
	linked   atomic.Int64 // records linked since the process started
	lastRun  atomic.Int64 // Unix seconds at the end of the last run that linked
	blockCap atomic.Int64
}

// record notes the end of a run.
func (st *linkStatus) record(ls LinkStats) {
	st.pending.Store(int64(ls.Pending))
	st.blockCap.Store(int64(ls.BlockCap))
	if ls.Batches > 0 {
		st.lastRun.Store(time.Now().Unix())
	}
}

// batch notes a saved batch, so the gauges move during a long run.
func (st *linkStatus) batch(b LinkStats, s Store) {
	st.linked.Add(int64(b.Records))
	st.capped.Add(int64(b.Capped))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if n, err := s.PendingCount(ctx); err == nil {
		st.pending.Store(int64(n))
	}
}

// LinkGauges are the linkage job's /metrics values: records waiting,
// whether a run is under way, blocks left out by the cap in the last run
// and the cap itself, records linked since start and when a run last linked.
func (s *Service) LinkGauges() map[string]func() float64 {
	st := &s.status
	if st.blockCap.Load() == 0 {
		st.blockCap.Store(int64(s.linkSettings().MaxBlock))
	}
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	return map[string]func() float64{
		"guildhall_people_link_pending":          func() float64 { return float64(st.pending.Load()) },
		"guildhall_people_link_running":          func() float64 { return b(st.running.Load()) },
		"guildhall_people_link_capped_blocks":    func() float64 { return float64(st.capped.Load()) },
		"guildhall_people_link_block_cap":        func() float64 { return float64(st.blockCap.Load()) },
		"guildhall_people_link_records_linked":   func() float64 { return float64(st.linked.Load()) },
		"guildhall_people_link_last_run_seconds": func() float64 { return float64(st.lastRun.Load()) },
	}
}
