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
// still held, and when that is more than releaseAbove it collects and hands
// it back at once (debug.FreeOSMemory). Under steady load little is free
// between collections, so it rarely fires; it fires once a burst is over.

const (
	releaseEvery = 5 * time.Second
	releaseAbove = 16 << 20 // bytes free in the heap but still held
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
	sample := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	tick := time.NewTicker(releaseEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return // a runtime without the metric: leave it to the scavenger
			}
			if free := sample[0].Value.Uint64(); free > releaseAbove {
				debug.FreeOSMemory()
				log.Debug("free heap returned to the operating system", "bytes", free)
			}
		}
	}
}
