//go:build !windows

package auth

import (
	"os"
	"path/filepath"
)

// replaceDurably renames from over to and flushes the directory, so the
// new token file is there after a crash, never neither file.
func replaceDurably(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return err
	}
	return syncDir(filepath.Dir(to))
}

// removedDurably flushes dir after a file in it was removed.
func removedDurably(dir string) error { return syncDir(dir) }

// syncDir makes a rename or removal in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
