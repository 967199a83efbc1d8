package keyfile

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestCreateOnceWhole: of many processes racing to create a key, exactly one
// wins, the file holds its whole text with mode 0600, and no temporary file
// is left behind.
func TestCreateOnceWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.key")
	var wg sync.WaitGroup
	results := make([]error, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = Create(path, "key-from-writer\n")
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, os.ErrExist):
			t.Errorf("loser's error = %v, want os.ErrExist", err)
		}
	}
	if won != 1 {
		t.Errorf("%d writers created the key, want exactly 1", won)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "key-from-writer\n" {
		t.Errorf("key file = %q, %v", b, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the folder, want only the key", len(entries))
	}
}
