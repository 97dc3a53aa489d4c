package session

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Two cirrus processes on one state directory: the tests re-run this test
// binary as children (TestMain dispatches on these variables).
const (
	envPlaysDir    = "CIRRUS_SESSION_PLAYS_CHILD_DIR"
	envInstanceDir = "CIRRUS_SESSION_INSTANCE_CHILD_DIR"
)

// playsPerChild is how many plays each child records, saving after each.
const playsPerChild = 150

// playsChild records playsPerChild plays of its own tracks, saving the
// history after every one, as a TUI does after each track change.
func playsChild(dir string) {
	who, _ := strconv.Atoi(os.Getenv(envPlaysDir + "_WHO"))
	h, warn := LoadHistory(dir)
	if warn != nil {
		fmt.Fprintln(os.Stderr, "load:", warn)
		os.Exit(1)
	}
	r, _ := LoadResumes(dir)
	for i := range playsPerChild {
		urn := api.NewURN(api.KindTrack, int64(who*100_000+i))
		h.Add(Entry{URN: urn, Title: fmt.Sprintf("child %d play %d", who, i), PlayedAt: time.Now()})
		r.Update(urn, time.Minute, time.Hour)
		if err := errors.Join(h.Save(), r.Save()); err != nil {
			fmt.Fprintln(os.Stderr, "save:", err)
			os.Exit(1)
		}
	}
	os.Exit(0)
}

func TestTwoProcessesSavingHistoryKeepEveryPlay(t *testing.T) {
	dir := t.TempDir()
	// One play from before both start, which both must keep too.
	h, _ := LoadHistory(dir)
	h.Add(Entry{URN: api.NewURN(api.KindTrack, 1), Title: "before", PlayedAt: time.Now().Add(-time.Hour)})
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for who := 1; who <= 2; who++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envPlaysDir+"="+dir, envPlaysDir+"_WHO="+strconv.Itoa(who))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := cmd.Wait(); err != nil {
				errs[who-1] = fmt.Errorf("child %d: %v: %s", who, err, stderr.String())
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	got, warn := LoadHistory(dir)
	if warn != nil {
		t.Fatal(warn)
	}
	have := map[api.URN]bool{}
	for _, e := range got.Entries() {
		have[e.URN] = true
	}
	var lost []string
	for who := 1; who <= 2; who++ {
		for i := range playsPerChild {
			if u := api.NewURN(api.KindTrack, int64(who*100_000+i)); !have[u] {
				lost = append(lost, string(u))
			}
		}
	}
	if !have[api.NewURN(api.KindTrack, 1)] {
		lost = append(lost, "the play from before")
	}
	if len(lost) > 0 {
		t.Fatalf("%d of %d plays lost, e.g. %v", len(lost), 2*playsPerChild+1, lost[:min(5, len(lost))])
	}
	if n := len(got.Entries()); n != 2*playsPerChild+1 {
		t.Errorf("history has %d entries, want %d", n, 2*playsPerChild+1)
	}
	// Resume positions are merged the same way.
	r, _ := LoadResumes(dir)
	if r.Len() != MaxResume {
		t.Errorf("resume positions: %d, want the %d newest of both", r.Len(), MaxResume)
	}
	// No temp file was left behind by either.
	if stray, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(stray) > 0 {
		t.Errorf("temp files left: %v", stray)
	}
}

func TestWritersTakeTurnsAcrossGoroutines(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	inside, most := 0, 0
	testHookLocked = func(string) {
		mu.Lock()
		inside++
		most = max(most, inside)
		mu.Unlock()
		time.Sleep(time.Millisecond)
		mu.Lock()
		inside--
		mu.Unlock()
	}
	t.Cleanup(func() { testHookLocked = nil })
	h, _ := LoadHistory(dir)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			h.Add(Entry{URN: api.NewURN(api.KindTrack, int64(i+1)), Title: "t", PlayedAt: time.Now()})
			if err := errors.Join(h.Save(), SaveState(dir, State{})); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("%d writers held the lock at once", most)
	}
}

// instanceChild holds the instance lock, says so, and lets go when its
// standard input closes.
func instanceChild(dir string) {
	in, err := AcquireInstance(dir)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println("HELD")
	io.Copy(io.Discard, os.Stdin)
	in.Release()
	os.Exit(0)
}

func TestSecondInstanceIsToldWhoRuns(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envInstanceDir+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "HELD\n" {
		t.Fatalf("child: %q", line)
	}

	in, err := AcquireInstance(dir)
	var busy *BusyError
	if !errors.As(err, &busy) {
		in.Release()
		t.Fatalf("second instance: %v, want a BusyError", err)
	}
	if busy.PID != cmd.Process.Pid {
		t.Errorf("busy pid %d, want the child's %d", busy.PID, cmd.Process.Pid)
	}
	want := fmt.Sprintf("another cirrus is running on this state directory (pid %d); history is shared, the session is saved by whichever quits last", cmd.Process.Pid)
	if err.Error() != want {
		t.Errorf("message %q\nwant    %q", err, want)
	}

	// Once the first one quits, the directory is free again.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	in, err = AcquireInstance(dir)
	if err != nil {
		t.Fatalf("after the first quit: %v", err)
	}
	defer in.Release()
	// And within one process a second holder is seen too.
	if _, err := AcquireInstance(dir); !errors.As(err, &busy) || busy.PID != os.Getpid() {
		t.Errorf("second holder in one process: %v", err)
	}
}
