//go:build unix

package termimg

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// fakeTerminal answers the queries it reads like a terminal would, the
// device attributes after a pause (a slow link), and records what came.
func fakeTerminal(t *testing.T, answers ...string) (in, out *os.File, asked func() string) {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var q bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 4096)
		n, _ := outR.Read(b)
		q.Write(b[:n])
		for _, a := range answers {
			time.Sleep(30 * time.Millisecond)
			if _, err := io.WriteString(inW, a); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { inW.Close(); inR.Close(); outW.Close(); outR.Close() })
	return inR, outW, func() string { <-done; return q.String() }
}

func TestDetectAsksTheTerminal(t *testing.T) {
	in, out, asked := fakeTerminal(t, "\x1b_Gi=31;OK\x1b\\\x1b[6;19;8t", "\x1bP>|kitty(0.26.5)\x1b\\", "\x1b[?62;c", "late")
	got := Detect("auto", in, out, env(map[string]string{"TERM": "xterm-256color"}))
	if got.Protocol != Kitty || got.CellW != 8 || got.CellH != 19 || got.Name != "kitty(0.26.5)" || got.Tmux {
		t.Fatalf("detected %+v", got)
	}
	if q := asked(); q != queries(false) {
		t.Fatalf("asked %q", q)
	}
	rest := make([]byte, 16)
	n, _ := in.Read(rest)
	if string(rest[:n]) != "late" {
		t.Fatalf("what came after the device attributes was read: %q left", rest[:n])
	}
}

// A terminal that answers nothing: the environment decides.
func TestDetectSilentTerminal(t *testing.T) {
	in, out, asked := fakeTerminal(t)
	got := Detect("auto", in, out, env(map[string]string{"TERM_PROGRAM": "iTerm.app"}))
	if got.Protocol != ITerm || !strings.Contains(got.Why, "TERM_PROGRAM") {
		t.Fatalf("detected %+v", got)
	}
	_ = asked()
	if got := Detect("off", in, out, env(nil)); got.Protocol != None {
		t.Fatalf("off: %+v", got)
	}
}
