package remote

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/windows"
)

// fallbackPath is cirrus.sock in the user's %TEMP% (inside the profile,
// %LocalAppData%\Temp): AF_UNIX sockets exist on Windows 10 1803 and later,
// as files, and the folder's ACL, which admits only the user, SYSTEM and
// Administrators, is what keeps other users from connecting (see peerUID).
func fallbackPath() string { return filepath.Join(os.TempDir(), "cirrus.sock") }

// connRefused: a socket file nobody listens on (Winsock's own error number).
func connRefused(err error) bool {
	return errors.Is(err, windows.WSAECONNREFUSED) || errors.Is(err, syscall.ECONNREFUSED)
}
