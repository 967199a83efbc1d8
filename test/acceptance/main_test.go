package acceptance

import (
	"os"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// TestMain builds the program with the test clock (weeks pass in the
// suite), and stops the throwaway PostgreSQL cluster and the shared Chromium.
func TestMain(m *testing.M) {
	server.BuildTags = "guildhall_testclock"
	code := storetest.Run(m)
	browsertest.CloseShared()
	os.Exit(code)
}
