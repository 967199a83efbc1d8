// Package keyfile writes the platform's secret key files (secret.key,
// audit.key) so that they survive a power cut: a key that vanished or came
// back empty beside a database that needs it would lock everyone out or make
// the audit log unverifiable.
package keyfile

import (
	"os"
	"path/filepath"
)

// Create makes path hold text, readable by its owner only, or fails with an
// error satisfying errors.Is(err, os.ErrExist) when a file is already there.
// The text is written to a temporary file and fsynced, linked into place
// (link, unlike rename, refuses to replace a key another process made) and
// the folder fsynced, so after a power cut the key is there whole or not at
// all (found by the power-loss test in test/crash).
func Create(path, text string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Link(f.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
