// Package archtest holds tests that guard Guildhall's architecture: which
// packages may import which, and that every package says what it is for.
package archtest
