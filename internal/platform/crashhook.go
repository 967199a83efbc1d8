package platform

import (
	"log/slog"
	"sync/atomic"
)

// crashHook is the test hook GUILDHALL_TEST_CRASH_AFTER_COMMIT=N: after the
// Nth group commit of submissions since start, serve logs "paused after
// commit" and never answers the callers of that commit (nor takes another
// submission), so that a crash test can kill the process, or cut its
// power, exactly between a commit and its reply (test/crash). Unset or 0,
// as in production, there is no hook at all.
func crashHook(n int, logger *slog.Logger) func() {
	if n <= 0 {
		return nil
	}
	logger.Warn("GUILDHALL_TEST_CRASH_AFTER_COMMIT is set: a test hook that stops answering after a commit; never set it in production", "commit", n)
	var commits atomic.Int64
	return func() {
		if commits.Add(1) != int64(n) {
			return
		}
		logger.Error("GUILDHALL_TEST_CRASH_AFTER_COMMIT: paused after commit, before the reply", "commit", n)
		select {} // the batcher stops here; the rest of the process runs on until it is killed
	}
}
