package store

import "database/sql"

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
