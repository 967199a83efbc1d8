// Package security is the security regression suite: one test per finding of
// the penetration test (issue 10), each run against the real guildhall binary
// started by test/internal/server, exactly as an attacker would meet it.
// Each finding's tests live in a file named for its area (auth_test.go,
// audit_test.go, http_test.go, input_test.go, ...). The suite runs in CI as
// part of `make test`; tests that need PostgreSQL run on it too when
// GUILDHALL_TEST_POSTGRES is set.
package security
