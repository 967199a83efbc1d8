// Package crash holds the crash-safety tests. crash_test.go kills a real
// guildhall serve with SIGKILL at random moments under load and checks nothing
// acknowledged was lost or doubled. power_test.go goes further: it cuts the
// power on a FUSE file system that forgets unsynced writes
// (test/internal/powerfs), which tells SQLite synchronous=FULL from NORMAL,
// runs PostgreSQL with fsync=on on the same file system, and aims cuts
// between a commit and its reply (docs/operations.md, "Durability").
package crash
