//go:build unix

package filemode

import (
	"os"
	"testing"
)

// Private fails t unless path is a file of mode 0600 or a directory of
// mode 0700.
func Private(t testing.TB, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("private file: %v", err)
		return
	}
	want := os.FileMode(0o600)
	if fi.IsDir() {
		want = 0o700
	}
	if fi.Mode().Perm() != want {
		t.Errorf("%s has mode %04o, want %04o", path, fi.Mode().Perm(), want)
	}
}
