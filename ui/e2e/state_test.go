//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Two cirrus TUIs on one state directory: the second says so, both plays
// land in the one history, and the session is the one of the last to quit.
func TestE2ESecondTUIOnOneStateDirectory(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm1 := w.openFeed()
	tm2 := w.startTUI()
	lines := tm2.waitText("another cirrus is running on this state directory (pid", 30*time.Second)
	pid, err := os.ReadFile(w.path("state/cirrus/instance.lock"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "(pid " + strings.TrimSpace(string(pid)) + "); history is shared"; !strings.Contains(strings.Join(lines, "\n"), want) {
		t.Errorf("second TUI does not name the first (%s):\n%s", want, strings.Join(lines, "\n"))
	}
	if s := tm1.screenText(); strings.Contains(s, "another cirrus is running") {
		t.Errorf("the first TUI says another runs:\n%s", s)
	}

	// One after the other (they share the [audio] output file), each
	// plays a track.
	tm1.playFromSearch("test tones", longTones)
	tm1.keys("q")
	tm1.waitExit(t)
	tm2.waitText(feedReady, 30*time.Second)
	tm2.playFromSearch("test tones", tonesTitle)
	tm2.keys("q")
	tm2.waitExit(t)

	hist, err := os.ReadFile(w.path("state/cirrus/history.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{longTones, tonesTitle} {
		if !strings.Contains(string(hist), strconv.Quote(title)) {
			t.Errorf("history lost %q: %s", title, hist)
		}
	}
	sess, err := os.ReadFile(w.path("state/cirrus/session.json"))
	if err != nil || !strings.Contains(string(sess), strconv.Quote(tonesTitle)) {
		t.Errorf("session is not the last quitter's: %s %v", sess, err)
	}
}

// A named pipe where history.json should be: cirrus starts at once, says
// what is wrong, and the run's plays are written in its place.
func TestE2EFIFOInPlaceOfTheHistory(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	path := w.path("state/cirrus/history.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	tm := w.openFeed()
	tm.waitText("is a named pipe (FIFO)", 30*time.Second)
	tm.playFromSearch("test tones", tonesTitle)
	tm.keys("q")
	tm.waitExit(t)
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("history.json after the run: %v %v", fi, err)
	}
	if hist, _ := os.ReadFile(path); !strings.Contains(string(hist), strconv.Quote(tonesTitle)) {
		t.Errorf("the run's play was not written: %s", hist)
	}
}
