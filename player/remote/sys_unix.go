//go:build unix

package remote

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// fallbackPath is a per-uid name in the temp dir, which all users share:
// the peer-credential checks keep the others out.
func fallbackPath() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("cirrus-%d.sock", os.Getuid()))
}

// connRefused: a socket file nobody listens on.
func connRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
