//go:build unix

package remote

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// A command under way when the server closes still gets its answer:
// `cirrus ctl stop` ends `cirrus play`, which closes the server while the
// stop is being answered.
func TestCloseLetsACommandFinish(t *testing.T) {
	path := filepath.Join(sockDir(t), "c.sock")
	started, release := make(chan struct{}), make(chan struct{})
	s, err := Listen(context.Background(), path, HandlerFunc(func(ctx context.Context, req Request) Response {
		if req.Cmd != "stop" {
			return Response{OK: true}
		}
		close(started)
		select {
		case <-release:
			return Response{OK: true, Message: "stopped"}
		case <-ctx.Done():
			return Response{Error: "cancelled: " + ctx.Err().Error()}
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		resp *Response
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := Call(context.Background(), path, Request{Cmd: "stop"})
		got <- answer{resp, err}
	}()
	<-started
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	// Closing has begun once the socket is gone.
	for {
		var nr *NotRunningError
		if _, err := Call(context.Background(), path, Request{Cmd: "status"}); errors.As(err, &nr) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	a := <-got
	<-closed
	if a.err != nil || !a.resp.OK || a.resp.Message != "stopped" {
		t.Fatalf("answer while closing: %+v %v", a.resp, a.err)
	}
}
