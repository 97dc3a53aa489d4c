//go:build windows

package remote

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// The named pipe end to end, as `cirrus.exe ctl` uses it (run under Wine by
// scripts/test-install wine, or on Windows).
func TestNamedPipe(t *testing.T) {
	t.Setenv("CIRRUS_SOCKET", "")
	if !strings.HasPrefix(DefaultPath(), `\\.\pipe\cirrus-S-1-`) {
		t.Fatalf("default endpoint %q is not a per-user pipe", DefaultPath())
	}
	path := fmt.Sprintf(`\\.\pipe\cirrus-test-%d-%d`, os.Getpid(), time.Now().UnixNano())
	ctx := context.Background()
	h := HandlerFunc(func(_ context.Context, req Request) Response {
		return Response{OK: true, Message: "got " + req.Cmd + " " + strings.Join(req.Args, ",")}
	})
	s, err := Listen(ctx, path, h)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	for i := range 3 {
		resp, err := Call(ctx, path, Request{Cmd: "volume", Args: []string{"-5", fmt.Sprint(i)}})
		if err != nil || !resp.OK || resp.Message != fmt.Sprintf("got volume -5,%d", i) {
			t.Fatalf("call %d: %+v %v", i, resp, err)
		}
	}
	if _, err := Listen(ctx, path, h); !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second Listen: %v, want ErrAlreadyRunning", err)
	}
	s.Close()
	var nr *NotRunningError
	if _, err := Call(ctx, path, Request{Cmd: "status"}); !errors.As(err, &nr) {
		t.Fatalf("Call after Close: %v, want NotRunningError", err)
	}
	if _, err := Listen(ctx, `C:\temp\cirrus.sock`, h); err == nil || !strings.Contains(err.Error(), "not a named pipe") {
		t.Fatalf("Listen on a file name: %v", err)
	}
}
