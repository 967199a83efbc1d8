package storetest

import "testing"

// PostgresURL returns the URL of a fresh, empty PostgreSQL database (or
// schema) for a test that starts the whole program, dropped when the test
// ends. It skips the test when no server is available, unless
// GUILDHALL_TEST_POSTGRES=required.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	url, drop := newDatabase(tb)
	tb.Cleanup(drop)
	return url
}
