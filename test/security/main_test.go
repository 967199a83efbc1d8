// Package security attacks a real guildhall serve from outside: cross-origin
// posts, session fixation, open redirects, path traversal, oversized and
// malformed bodies, header injection in notifications, and overload
// (slowloris and bursts far above capacity). See docs/security.md.
package security

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
