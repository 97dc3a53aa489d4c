//go:build unix

package termimg

import (
	"io"
	"os"
	"testing"
	"time"
)

// probeTerminal is a terminal made of two pipes: keys and answers are
// written to in; what the probe asks arrives on asked.
func probeTerminal(t *testing.T) (p *Probe, in *os.File, out *os.File, asked chan string) {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p, err = NewProbe(inR)
	if err != nil {
		t.Fatal(err)
	}
	asked = make(chan string, 1)
	t.Cleanup(func() { p.Close(); inW.Close(); inR.Close(); outW.Close(); outR.Close() })
	return p, inW, outW, asked
}

// readKeys reads n bytes of what the program gets.
func readKeys(t *testing.T, p *Probe, n int) string {
	t.Helper()
	buf := make([]byte, n)
	done := make(chan error, 1)
	go func() { _, err := io.ReadFull(p.Input, buf); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the program did not get its %d bytes of keys", n)
	}
	return string(buf)
}

// A terminal that answers nothing: the keys typed before and while it is
// asked reach the program in order, and once the wait for answers is
// over the environment decides.
func TestProbeSilentTerminal(t *testing.T) {
	p, in, out, asked := probeTerminal(t)
	io.WriteString(in, ":vol")
	found := make(chan Terminal, 1)
	p.Ask("auto", out, env(map[string]string{"TERM_PROGRAM": "iTerm.app"}), func(q string) { asked <- q }, func(t Terminal) { found <- t })
	if q := <-asked; q != queries(false) {
		t.Fatalf("asked %q", q)
	}
	io.WriteString(in, " 42\x1b[A")
	if got := readKeys(t, p, 10); got != ":vol 42\x1b[A" {
		t.Fatalf("keys %q", got)
	}
	select {
	case got := <-found:
		if got.Protocol != ITerm {
			t.Fatalf("detected %+v", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no answer after the wait")
	}
	io.WriteString(in, "q")
	if got := readKeys(t, p, 1); got != "q" {
		t.Fatalf("after detection: %q", got)
	}
}

// Keys pressed between the answers, and an Escape held as the start of
// an answer until detection ends, reach the program in order; the
// answers do not.
func TestProbeKeysBetweenAnswers(t *testing.T) {
	p, in, out, asked := probeTerminal(t)
	found := make(chan Terminal, 1)
	p.Ask("auto", out, env(nil), func(q string) { asked <- q }, func(t Terminal) { found <- t })
	<-asked
	io.WriteString(in, "j\x1b_Gi=31;OK\x1b\\k")
	io.WriteString(in, "\x1b[6;20;10tl\x1bP>|kitty(0.26.5)\x1b\\")
	io.WriteString(in, "\x1b[?62;c\x1b")
	var got Terminal
	select {
	case got = <-found:
	case <-time.After(30 * time.Second):
		t.Fatal("no answer")
	}
	if got.Protocol != Kitty || got.Name != "kitty(0.26.5)" {
		t.Fatalf("detected %+v", got)
	}
	if keys := readKeys(t, p, 4); keys != "jkl\x1b" {
		t.Fatalf("keys %q", keys)
	}
}
