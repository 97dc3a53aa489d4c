//go:build unix

package remote

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// endpointKind names the endpoint in messages.
const endpointKind = "socket"

// defaultPath is $XDG_RUNTIME_DIR/cirrus.sock (a per-user 0700 directory),
// else a per-uid name in the temp dir, which all users share: the
// peer-credential checks keep the others out.
func defaultPath() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "cirrus.sock")
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("cirrus-%d.sock", os.Getuid()))
}

// openEndpoint creates the Unix socket at path, mode 0600.
func openEndpoint(ctx context.Context, path string) (net.Listener, error) {
	if err := clearStale(ctx, path); err != nil {
		return nil, err
	}
	// No umask dance (it is process-wide): until the chmod below, the
	// peer-credential check keeps other users out.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	ln.SetUnlinkOnClose(true)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("chmod %s: %w", path, err)
	}
	return ln, nil
}

// clearStale removes a socket file that no one answers on.
func clearStale(ctx context.Context, path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check socket %s: %w", path, err)
	}
	if fi.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("check socket %s: exists and is not a socket", path)
	}
	d := net.Dialer{Timeout: 2 * time.Second}
	c, err := d.DialContext(ctx, "unix", path)
	if err == nil {
		c.Close()
		return fmt.Errorf("%w (socket %s)", ErrAlreadyRunning, path)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("check socket %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale socket %s: %w", path, err)
	}
	return nil
}

// checkClient lets in only this user's processes, by the kernel's word
// (peerUID). refusal says whether to tell the peer why.
func checkClient(c net.Conn) (refusal bool, err error) {
	uid, err := peerUID(c.(*net.UnixConn))
	if err != nil {
		return false, fmt.Errorf("peer credentials: %w", err)
	}
	if uid != uint32(os.Getuid()) {
		return true, fmt.Errorf("uid %d may not control this cirrus", uid)
	}
	return false, nil
}

// ForeignOwnerError says the process behind the socket belongs to another
// user: it could be anyone pretending to be cirrus, so the client refuses.
type ForeignOwnerError struct {
	Path string
	UID  uint32
}

func (e *ForeignOwnerError) Error() string {
	return fmt.Sprintf("refusing socket %s: it is served by uid %d, not by you (uid %d)", e.Path, e.UID, os.Getuid())
}

func dial(ctx context.Context, path string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, &NotRunningError{Path: path, Err: err}
		}
		return nil, fmt.Errorf("connect to cirrus at %s: %w", path, err)
	}
	return c, nil
}

// checkServer makes sure the socket is served by this user.
func checkServer(c net.Conn, path string) error {
	uid, err := peerUID(c.(*net.UnixConn))
	if err != nil {
		return fmt.Errorf("peer credentials of %s: %w", path, err)
	}
	if uid != uint32(os.Getuid()) {
		return &ForeignOwnerError{Path: path, UID: uid}
	}
	return nil
}
