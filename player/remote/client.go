package remote

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// NotRunningError says no cirrus answers on the socket.
type NotRunningError struct {
	Path string
	Err  error
}

func (e *NotRunningError) Error() string { return fmt.Sprintf("no running cirrus (socket %s)", e.Path) }
func (e *NotRunningError) Unwrap() error { return e.Err }

// ForeignOwnerError says the process behind the socket belongs to another
// user: it could be anyone pretending to be cirrus, so the client refuses.
type ForeignOwnerError struct {
	Path string
	UID  uint32
}

func (e *ForeignOwnerError) Error() string {
	return fmt.Sprintf("refusing socket %s: it is served by uid %d, not by you (uid %d)", e.Path, e.UID, os.Getuid())
}

// Call sends one request to the cirrus listening at path and returns its answer.
func Call(ctx context.Context, path string, req Request) (*Response, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || connRefused(err) {
			return nil, &NotRunningError{Path: path, Err: err}
		}
		return nil, fmt.Errorf("connect to cirrus at %s: %w", path, err)
	}
	c := conn.(*net.UnixConn)
	defer c.Close()
	uid, err := peerUID(c)
	if err != nil {
		return nil, fmt.Errorf("peer credentials of %s: %w", path, err)
	}
	if uid != uint32(os.Getuid()) {
		return nil, &ForeignOwnerError{Path: path, UID: uid}
	}
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	} else {
		c.SetDeadline(time.Now().Add(ioTimeout))
	}
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	b, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	if _, err := c.Write(append(b, '\n')); err != nil {
		return nil, fmt.Errorf("send %q to cirrus: %w", req.Cmd, err)
	}
	line, err := bufio.NewReaderSize(io.LimitReader(c, maxResponse), 4096).ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("read answer to %q: %w", req.Cmd, ctx.Err())
		}
		return nil, fmt.Errorf("read answer to %q: %w", req.Cmd, err)
	}
	var resp Response
	if err := json.Unmarshal(line, &resp); err != nil {
		return nil, fmt.Errorf("decode answer to %q: %w", req.Cmd, err)
	}
	return &resp, nil
}
