package acceptance

import (
	"os"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestMain stops the throwaway PostgreSQL cluster and the shared Chromium.
func TestMain(m *testing.M) {
	code := storetest.Run(m)
	browsertest.CloseShared()
	os.Exit(code)
}
