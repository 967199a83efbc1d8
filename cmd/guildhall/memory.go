package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Memory that comes back after a burst. The Go runtime returns freed heap
// to the operating system only slowly (its background scavenger), so after
// a burst of submissions the process's RSS stays near its peak for minutes.
// releaseMemory looks every few seconds at how much of the heap is free but
// still held and how much was allocated since it last looked; when the
// process has gone quiet (under quietBelow allocated) with more than
// releaseAbove held, it collects and hands the free heap back at once
// (debug.FreeOSMemory). It never forces a collection under load.

const (
	releaseEvery = 5 * time.Second
	releaseAbove = 16 << 20 // bytes free in the heap but still held
	quietBelow   = 4 << 20  // bytes allocated in releaseEvery: the burst is over
)

// applyMemoryLimit sets --memory-limit as the runtime's soft limit; with 0
// the GOMEMLIMIT variable (or no limit) stays in force.
func applyMemoryLimit(mib int) {
	if mib > 0 {
		debug.SetMemoryLimit(int64(mib) << 20)
	}
}

// releaseMemory returns free heap to the operating system after bursts,
// until ctx ends.
func releaseMemory(ctx context.Context, log *slog.Logger) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	tick := time.NewTicker(releaseEvery)
	defer tick.Stop()
	var allocated uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
				return // a runtime without these metrics: leave it to the scavenger
			}
			free, total := sample[0].Value.Uint64(), sample[1].Value.Uint64()
			quiet := total-allocated < quietBelow
			allocated = total
			if quiet && free > releaseAbove {
				debug.FreeOSMemory()
				log.Debug("free heap returned to the operating system", "bytes", free)
			}
		}
	}
}
