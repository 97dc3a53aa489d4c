//go:build windows

package remote

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/Microsoft/go-winio"
	"golang.org/x/sys/windows"
)

// On Windows the endpoint is a named pipe: every Windows (and Wine, which
// has no AF_UNIX) has them, and their ACL says who may connect. The pipe's
// DACL admits only the user's SID; both ends also check that the process
// at the other end runs as that user, so another user who created the
// pipe's name first (pipe names are machine-wide) is refused, not obeyed.

// endpointKind names the endpoint in messages.
const endpointKind = "pipe"

const pipePrefix = `\\.\pipe\`

// userSID is this process's user, as an SDDL string (S-1-5-21-…).
var userSID = sync.OnceValues(func() (string, error) {
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("who am I: %w", err)
	}
	return tu.User.Sid.String(), nil
})

// defaultPath is \\.\pipe\cirrus-<SID>: one per user, machine-wide.
func defaultPath() string {
	sid, err := userSID()
	if err != nil {
		return pipePrefix + "cirrus"
	}
	return pipePrefix + "cirrus-" + sid
}

func checkPipeName(path string) error {
	if !strings.HasPrefix(strings.ToLower(path), pipePrefix) || len(path) == len(pipePrefix) {
		return fmt.Errorf(`%q is not a named pipe: on Windows cirrus ctl talks over \\.\pipe\NAME`, path)
	}
	return nil
}

// openEndpoint creates the pipe, open to this user only.
func openEndpoint(ctx context.Context, path string) (net.Listener, error) {
	if err := checkPipeName(path); err != nil {
		return nil, err
	}
	sid, err := userSID()
	if err != nil {
		return nil, err
	}
	// A cirrus already serving the name answers; Wine ignores
	// FILE_FLAG_FIRST_PIPE_INSTANCE, so this is asked first.
	if err := alreadyServed(ctx, path); err != nil {
		return nil, err
	}
	ln, err := listenPipe(path, "D:P(A;;GA;;;"+sid+")") // protected DACL: this user, full access
	if err != nil {
		if aerr := alreadyServed(ctx, path); aerr != nil {
			return nil, aerr
		}
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	return ln, nil
}

// alreadyServed fails with ErrAlreadyRunning when a cirrus of this user
// answers on path, and with a refusal when someone else's process does.
func alreadyServed(ctx context.Context, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c, err := dial(ctx, path)
	if err != nil {
		return nil
	}
	defer c.Close()
	if err := checkServer(c, path); err != nil {
		return fmt.Errorf("listen on %s: %w", path, err)
	}
	return fmt.Errorf("%w (pipe %s)", ErrAlreadyRunning, path)
}

// pipeHandle is the handle under a go-winio connection.
func pipeHandle(c net.Conn) (windows.Handle, error) {
	f, ok := c.(interface{ Fd() uintptr })
	if !ok {
		return 0, errors.New("not a named pipe connection")
	}
	return windows.Handle(f.Fd()), nil
}

// processUser is the SID of the user process pid runs as.
func processUser(pid uint32) (string, error) {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return "", fmt.Errorf("open process %d: %w", pid, err)
	}
	defer windows.CloseHandle(h)
	var tok windows.Token
	if err := windows.OpenProcessToken(h, windows.TOKEN_QUERY, &tok); err != nil {
		return "", fmt.Errorf("token of process %d: %w", pid, err)
	}
	defer tok.Close()
	tu, err := tok.GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("user of process %d: %w", pid, err)
	}
	return tu.User.Sid.String(), nil
}

// peerIsMe checks the process at the other end of c (its client when
// server is false, else its server) runs as this user.
func peerIsMe(c net.Conn, server bool) (refusal bool, err error) {
	h, err := pipeHandle(c)
	if err != nil {
		return false, err
	}
	var pid uint32
	if server {
		err = windows.GetNamedPipeServerProcessId(h, &pid)
	} else {
		err = windows.GetNamedPipeClientProcessId(h, &pid)
	}
	if err != nil {
		return false, fmt.Errorf("process at the other end: %w", err)
	}
	me, err := userSID()
	if err != nil {
		return false, err
	}
	them, err := processUser(pid)
	if err != nil {
		return false, err
	}
	if them != me {
		return true, fmt.Errorf("process %d runs as %s, not as you (%s)", pid, them, me)
	}
	return false, nil
}

// checkClient lets in only this user's processes.
func checkClient(c net.Conn) (refusal bool, err error) { return peerIsMe(c, false) }

func dial(ctx context.Context, path string) (net.Conn, error) {
	if err := checkPipeName(path); err != nil {
		return nil, err
	}
	c, err := winio.DialPipeContext(ctx, path)
	if err != nil {
		if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) || errors.Is(err, windows.ERROR_PATH_NOT_FOUND) {
			return nil, &NotRunningError{Path: path, Err: err}
		}
		return nil, fmt.Errorf("connect to cirrus at %s: %w", path, err)
	}
	return c, nil
}

// checkServer makes sure the pipe is served by this user.
func checkServer(c net.Conn, path string) error {
	if _, err := peerIsMe(c, true); err != nil {
		return fmt.Errorf("refusing pipe %s: %w", path, err)
	}
	return nil
}
