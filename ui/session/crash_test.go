package session

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// The kill -9 test re-runs this test binary as a child that saves the
// session in a loop; the parent SIGKILLs it at random moments.
const envCrashDir = "CIRRUS_SESSION_CRASH_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(envCrashDir); dir != "" {
		crashChild(dir)
		return // not reached: the parent kills us
	}
	if dir := os.Getenv(envPlaysDir); dir != "" {
		playsChild(dir)
		return
	}
	if dir := os.Getenv(envInstanceDir); dir != "" {
		instanceChild(dir)
		return
	}
	os.Exit(m.Run())
}

// crashState is the n-th state the child writes: every field depends on n,
// so a file that mixes two states, or holds half of one, cannot pass
// for a complete one.
func crashState(n int) State {
	st := State{Current: n % 500, Position: time.Duration(n%3_000_000) * time.Millisecond, Volume: n % 101,
		Shuffle: n%2 == 0, Repeat: []string{RepeatOff, RepeatOne, RepeatAll}[n%3], Tab: "tab-" + strconv.Itoa(n),
		SavedAt: time.Unix(int64(n), 0).UTC()}
	for i := range 500 {
		st.Queue = append(st.Queue, QueueItem{URN: api.NewURN(api.KindTrack, int64(n*10_000+i)),
			Title: fmt.Sprintf("state %d track %d", n, i), Artist: "a" + strconv.Itoa(n), Duration: time.Hour, Access: api.AccessPlayable})
	}
	return st
}

// crashChild saves states base+1, base+2, ... and prints each number once
// SaveState has returned for it.
func crashChild(dir string) {
	base, _ := strconv.Atoi(os.Getenv(envCrashDir + "_BASE"))
	w := bufio.NewWriter(os.Stdout)
	if stopAt, _ := strconv.Atoi(os.Getenv(envCrashDir + "_STOP")); stopAt > 0 {
		// Stop inside the stopAt-th save, between write and rename.
		saves := 0
		testHookBeforeRename = func() {
			if saves++; saves == stopAt {
				fmt.Fprintln(w, "MID")
				w.Flush()
				select {} // SIGKILL arrives here
			}
		}
	}
	for n := base + 1; ; n++ {
		if err := SaveState(dir, crashState(n)); err != nil {
			fmt.Fprintln(os.Stderr, "save:", err)
			os.Exit(1)
		}
		fmt.Fprintln(w, n)
		w.Flush()
	}
}

func TestKill9WhileSavingLeavesOldOrNewState(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	const rounds = 40
	strays := 0
	for round := range rounds {
		base := (round + 1) * 1_000_000
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashDir+"_BASE="+strconv.Itoa(base))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		// Every other round stops the child inside a save, between write and
		// rename; the others wait for 1..4 completed saves and kill at a
		// random moment of the next one.
		mid := round%2 == 1
		if mid {
			cmd.Env = append(cmd.Env, envCrashDir+"_STOP="+strconv.Itoa(2+rng.IntN(3)))
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		acked, lines := 0, 1+rng.IntN(4)
		for i := 0; mid || i < lines; i++ {
			if !sc.Scan() {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: child stopped: %v", round, sc.Err())
			}
			if sc.Text() == "MID" {
				break
			}
			acked, _ = strconv.Atoi(sc.Text())
		}
		if !mid {
			time.Sleep(time.Duration(rng.IntN(8000)) * time.Microsecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Any acknowledgements that were still in the pipe count too. Read
		// them before Wait, which closes the pipe and would drop them.
		for sc.Scan() {
			acked, _ = strconv.Atoi(sc.Text())
		}
		cmd.Wait()

		if left, _ := filepath.Glob(filepath.Join(dir, tempPattern(StateFile))); len(left) > 0 {
			strays++
		} else if mid {
			t.Fatalf("round %d: killed between write and rename, but no temp file is left", round)
		}
		st, warn := LoadState(dir)
		if warn != nil || st == nil {
			t.Fatalf("round %d: after kill -9: state %v, warning %v", round, st, warn)
		}
		n, _ := strconv.Atoi(st.Tab[len("tab-"):])
		if n < acked || n > acked+1 || (mid && n != acked) {
			t.Fatalf("round %d: the file holds state %d; the child had finished saving %d", round, n, acked)
		}
		want := crashState(n)
		want.Version = StateVersion
		if !reflect.DeepEqual(*st, want) {
			t.Fatalf("round %d: state %d is not the complete state %d", round, n, n)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, tempPattern(StateFile))); len(left) != 0 {
			t.Fatalf("round %d: load left temp files %v", round, left)
		}
	}
	t.Logf("%d of %d kills left a temp file behind", strays, rounds)
}
