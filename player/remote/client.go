package remote

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// NotRunningError says no cirrus answers on the socket.
type NotRunningError struct {
	Path string
	Err  error
}

func (e *NotRunningError) Error() string {
	return fmt.Sprintf("no running cirrus (%s %s)", endpointKind, e.Path)
}
func (e *NotRunningError) Unwrap() error { return e.Err }

// Call sends one request to the cirrus listening at path and returns its answer.
func Call(ctx context.Context, path string, req Request) (*Response, error) {
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	c, err := dial(dctx, path)
	cancel()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := checkServer(c, path); err != nil {
		return nil, err
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
