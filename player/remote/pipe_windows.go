//go:build windows

package remote

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
	"unsafe"

	"github.com/Microsoft/go-winio"
	"golang.org/x/sys/windows"
)

// pipeListener serves a named pipe. go-winio's own listener keeps a first
// pipe instance that, on Windows, takes no clients; Wine (which cirrus is
// tested under) lets clients connect to it and then nobody answers them.
// So the instances are made here, each with ConnectNamedPipe, and always one
// is listening while the listener is open: the next one is created before a
// connected one is handed out, so a client never finds the name missing.
// go-winio does the connections' overlapped I/O and deadlines.
type pipeListener struct {
	path string
	sa   *windows.SecurityAttributes
	stop windows.Handle // manual-reset event, set by Close

	mu      sync.Mutex
	pending windows.Handle // the instance waiting for a client
	closed  bool
}

const pipeBuffer = 64 << 10

// listenPipe creates the pipe's first instance; it fails when the name
// exists (another server has it).
func listenPipe(path, sddl string) (*pipeListener, error) {
	sd, err := windows.SecurityDescriptorFromString(sddl)
	if err != nil {
		return nil, fmt.Errorf("pipe security %q: %w", sddl, err)
	}
	l := &pipeListener{path: path}
	l.sa = &windows.SecurityAttributes{SecurityDescriptor: sd}
	l.sa.Length = uint32(unsafe.Sizeof(*l.sa))
	if l.pending, err = l.instance(true); err != nil {
		return nil, err
	}
	if l.stop, err = windows.CreateEvent(nil, 1, 0, nil); err != nil {
		windows.CloseHandle(l.pending)
		return nil, err
	}
	return l, nil
}

func (l *pipeListener) instance(first bool) (windows.Handle, error) {
	name, err := windows.UTF16PtrFromString(l.path)
	if err != nil {
		return 0, err
	}
	flags := uint32(windows.PIPE_ACCESS_DUPLEX | windows.FILE_FLAG_OVERLAPPED)
	if first {
		flags |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	h, err := windows.CreateNamedPipe(name, flags,
		windows.PIPE_TYPE_BYTE|windows.PIPE_READMODE_BYTE|windows.PIPE_WAIT|windows.PIPE_REJECT_REMOTE_CLIENTS,
		windows.PIPE_UNLIMITED_INSTANCES, pipeBuffer, pipeBuffer, 0, l.sa)
	if err != nil {
		return 0, &net.OpError{Op: "listen", Net: "pipe", Addr: pipeAddr(l.path), Err: err}
	}
	return h, nil
}

// Accept waits for a client on the pending instance.
func (l *pipeListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	h := l.pending
	l.mu.Unlock()
	if h == 0 {
		return nil, net.ErrClosed
	}
	if err := l.connect(h); err != nil {
		return nil, err
	}
	next, err := l.instance(false)
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		if err == nil {
			windows.CloseHandle(next)
		}
		windows.CloseHandle(h)
		return nil, net.ErrClosed
	}
	l.pending = next // 0 after an error: the next Accept says closed
	l.mu.Unlock()
	f, ferr := winio.NewOpenFile(h)
	if ferr != nil {
		windows.CloseHandle(h)
		return nil, ferr
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &pipeConn{ReadWriteCloser: f, h: h, path: l.path}, nil
}

// connect waits for a client on h, or for Close.
func (l *pipeListener) connect(h windows.Handle) error {
	ev, err := windows.CreateEvent(nil, 1, 0, nil)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(ev)
	ov := windows.Overlapped{HEvent: ev}
	err = windows.ConnectNamedPipe(h, &ov)
	switch {
	case err == nil, errors.Is(err, windows.ERROR_PIPE_CONNECTED):
		return nil
	case !errors.Is(err, windows.ERROR_IO_PENDING):
		return &net.OpError{Op: "accept", Net: "pipe", Addr: pipeAddr(l.path), Err: err}
	}
	which, err := windows.WaitForMultipleObjects([]windows.Handle{ev, l.stop}, false, windows.INFINITE)
	if err != nil {
		return err
	}
	var n uint32
	if which != windows.WAIT_OBJECT_0 {
		windows.CancelIoEx(h, &ov)
		windows.GetOverlappedResult(h, &ov, &n, true)
		return net.ErrClosed
	}
	if err := windows.GetOverlappedResult(h, &ov, &n, false); err != nil && !errors.Is(err, windows.ERROR_PIPE_CONNECTED) {
		return &net.OpError{Op: "accept", Net: "pipe", Addr: pipeAddr(l.path), Err: err}
	}
	return nil
}

// Close stops Accept and closes the listening instance; the pipe's name
// goes when the last connection closes.
func (l *pipeListener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	windows.SetEvent(l.stop)
	if l.pending != 0 {
		windows.CloseHandle(l.pending)
		l.pending = 0
	}
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr(l.path) }

type pipeAddr string

func (pipeAddr) Network() string  { return "pipe" }
func (a pipeAddr) String() string { return string(a) }

// pipeConn is one connected instance, its I/O done by go-winio.
type pipeConn struct {
	io.ReadWriteCloser
	h    windows.Handle
	path string
}

type deadliner interface {
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

func (c *pipeConn) Fd() uintptr          { return uintptr(c.h) }
func (c *pipeConn) LocalAddr() net.Addr  { return pipeAddr(c.path) }
func (c *pipeConn) RemoteAddr() net.Addr { return pipeAddr(c.path) }
func (c *pipeConn) SetReadDeadline(t time.Time) error {
	return c.ReadWriteCloser.(deadliner).SetReadDeadline(t)
}
func (c *pipeConn) SetWriteDeadline(t time.Time) error {
	return c.ReadWriteCloser.(deadliner).SetWriteDeadline(t)
}
func (c *pipeConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}
