package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of the CPU times in
// /proc/PID/stat; it is 100 on every Linux this runs on.
const clockTicks = 100

// serverCPU is the user and system CPU time of a PostgreSQL server on this
// machine: the postmaster's and every process it started (the backends
// serving the searches). It is 0 when pid is 0. A backend that exits takes
// its time with it, so the searches must reuse their connections (the
// store's pool does).
func serverCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var ticks int64
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the process ended while listed
		}
		// The command name, in brackets, may hold spaces: count fields after it.
		fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(fields) < 13 {
			continue
		}
		self, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		parent, _ := strconv.Atoi(fields[1])
		if self != pid && parent != pid {
			continue
		}
		user, _ := strconv.ParseInt(fields[11], 10, 64)
		sys, _ := strconv.ParseInt(fields[12], 10, 64)
		ticks += user + sys
	}
	return time.Duration(ticks) * time.Second / clockTicks
}
