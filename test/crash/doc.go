// Package crash holds the crash-safety test: it kills a real guildhall serve
// with SIGKILL at random moments under load and checks nothing acknowledged
// was lost or doubled (see crash_test.go and docs/performance.md).
package crash
