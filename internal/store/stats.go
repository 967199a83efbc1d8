package store

import (
	"database/sql"
	"sync/atomic"
)

// PoolStats are the connection-pool figures /metrics reports.
type PoolStats struct {
	Pool      string // "write" or "read" (PostgreSQL: one pool, reported as "write")
	Open      int
	InUse     int
	Idle      int
	WaitCount int64
	WaitSecs  float64
}

// Pools returns the statistics of the writer and reader pools.
func (s *Store) Pools() []PoolStats {
	stat := func(name string, db *sql.DB) PoolStats {
		st := db.Stats()
		return PoolStats{Pool: name, Open: st.OpenConnections, InUse: st.InUse, Idle: st.Idle,
			WaitCount: st.WaitCount, WaitSecs: st.WaitDuration.Seconds()}
	}
	out := []PoolStats{stat("write", s.write)}
	if s.read != s.write {
		out = append(out, stat("read", s.read))
	}
	return out
}

// writeCounts count what the write path does that a dashboard should see.
type writeCounts struct {
	retries atomic.Int64 // write transactions run again (retrying)
	splits  atomic.Int64 // batches of submissions rewritten one case at a time
}

// WriteCounts are the write path's counters /metrics reports, each a total
// since the store was opened.
type WriteCounts struct {
	// Retries is how many times a write transaction was run again after
	// the database aborted it (deadlock, serialisation failure).
	Retries int64
	// BatchSplits is how many group-committed batches of submissions
	// failed as a whole and were rewritten one case at a time: each is a
	// batch that lost the point of batching, and many of them mean a
	// fault in the batch's own SQL.
	BatchSplits int64
}

// WriteCounts returns the write path's counters.
func (s *Store) WriteCounts() WriteCounts {
	return WriteCounts{Retries: s.counts.retries.Load(), BatchSplits: s.counts.splits.Load()}
}
