package e2e

import (
	"os"
	"strings"
	"testing"
	"time"
)

// Keys typed the moment cirrus starts all land, in order, while it asks
// the terminal how to show artwork, and the terminal answers nothing:
// tmux passes the questions through (allow-passthrough on) to a terminal
// outside, and there is none, the session being detached. cirrus used to
// ask before its UI started and read what came for half a second or
// more, keys typed meanwhile included, and drop all but the answers.
func TestE2EKeysTypedAtStartLand(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	wrapper := w.path("passthrough.sh")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\ntmux set-option -g allow-passthrough on || exit 1\nexec "+shellQuote(w.bin)+" \"$@\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	w.bin = wrapper
	tm := w.startTUI()
	// No Enter: a key typed before cirrus has the terminal in raw mode is
	// read by the line discipline, which turns Enter into a line feed.
	tm.keys(":")
	tm.typeText("vol 42")
	lines := tm.waitText("enter runs", 20*time.Second) // the : line is open
	if r := row(lines, "vol 42"); r < 0 || !strings.HasSuffix(strings.TrimSpace(lines[r]), ":vol 42") {
		t.Fatalf("the : line does not hold what was typed, in order:\n%s", strings.Join(lines, "\n"))
	}

	// The terminal was asked, and the answer came once the wait was over.
	deadline := time.Now().Add(10 * time.Second)
	for {
		log, _ := os.ReadFile(w.path("state/cirrus/cirrus.log"))
		if strings.Contains(string(log), "msg=artwork") && strings.Contains(string(log), "inside tmux, which passes no graphics through") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no artwork answer in the log:\n%s", tail(string(log), 2048))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
