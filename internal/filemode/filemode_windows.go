package filemode

import (
	"os"
	"testing"
)

// Private fails t unless path exists: on Windows nothing of the file itself
// says who may read it (no modes; its ACL is inherited from the profile
// folder), so there is nothing more a test can check here.
func Private(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("private file: %v", err)
	}
}
