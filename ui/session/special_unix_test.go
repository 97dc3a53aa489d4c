//go:build unix && !aix

package session

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cirrus-tui/cirrus/api"
)

// loadAll runs the three loaders as the TUI does at start and returns what
// each said; it fails the test rather than hang when one blocks.
func loadAll(t *testing.T, dir string) (st *State, r *Resumes, h *History, warns []error) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		var w1, w2, w3 error
		st, w1 = LoadState(dir)
		r, w2 = LoadResumes(dir)
		h, w3 = LoadHistory(dir)
		warns = []error{w1, w2, w3}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute): // a hang guard, not a measure
		t.Fatal("a loader blocked")
	}
	return st, r, h, warns
}

func TestSpecialFilesAtStatePathsNeverBlockAndPlaysAreWritten(t *testing.T) {
	names := []string{StateFile, ResumeFile, HistoryFile}
	kinds := map[string]func(t *testing.T, path string){
		"named pipe": func(t *testing.T, path string) {
			if err := unix.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"socket": func(t *testing.T, path string) {
			l, err := net.Listen("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			l.(*net.UnixListener).SetUnlinkOnClose(false)
			t.Cleanup(func() { l.Close() })
		},
		"device": func(t *testing.T, path string) {
			if err := os.Symlink("/dev/zero", path); err != nil {
				t.Fatal(err)
			}
		},
	}
	for kind, make := range kinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range names {
				make(t, filepath.Join(dir, n))
			}
			st, r, h, warns := loadAll(t, dir)
			if st != nil {
				t.Errorf("state from a %s: %+v", kind, st)
			}
			for i, w := range warns {
				if !errors.Is(w, ErrNotRegular) || !strings.Contains(w.Error(), kind) || !strings.Contains(w.Error(), names[i]) {
					t.Errorf("%s: warning %v, want one naming the file and a %s", names[i], w, kind)
				}
			}
			// The run goes on and what it played is written where it
			// belongs, in place of the special file.
			track := api.NewURN(api.KindTrack, 42)
			h.Add(Entry{URN: track, Title: "played", PlayedAt: time.Now()})
			r.Update(track, 5*time.Minute, time.Hour)
			if err := h.Save(); err == nil || !errors.Is(err, ErrNotRegular) {
				t.Errorf("history save: %v, want it saved with a word about the %s", err, kind)
			}
			if err := r.Save(); err == nil || !errors.Is(err, ErrNotRegular) {
				t.Errorf("resume save: %v", err)
			}
			if err := SaveState(dir, State{Queue: []QueueItem{{URN: track, Duration: time.Hour}}, Current: 0, Position: time.Minute}); err != nil {
				t.Errorf("state save: %v", err)
			}
			for _, n := range names {
				if fi, err := os.Lstat(filepath.Join(dir, n)); err != nil || !fi.Mode().IsRegular() {
					t.Errorf("%s after the save: %v %v", n, fi, err)
				}
			}
			st, r, h, warns = loadAll(t, dir)
			if err := errors.Join(warns...); err != nil {
				t.Fatal(err)
			}
			if es := h.Entries(); len(es) != 1 || es[0].URN != track {
				t.Errorf("history after: %+v", es)
			}
			if pos, ok := r.Resume(track); !ok || pos != 5*time.Minute {
				t.Errorf("resume after: %v %v", pos, ok)
			}
			if st == nil || st.Position != time.Minute {
				t.Errorf("state after: %+v", st)
			}
		})
	}
}

func TestDirectoryAtStatePathIsReportedNotRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, HistoryFile), 0o700); err != nil {
		t.Fatal(err)
	}
	h, warn := LoadHistory(dir)
	if !errors.Is(warn, ErrNotRegular) || !strings.Contains(warn.Error(), "a directory") {
		t.Errorf("warning %v", warn)
	}
	h.Add(Entry{URN: api.NewURN(api.KindTrack, 1), Title: "t", PlayedAt: time.Now()})
	if err := h.Save(); err == nil {
		t.Error("saved over a directory")
	}
}

func TestSpecialLockFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	if err := unix.Mkfifo(filepath.Join(dir, InstanceFile), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(filepath.Join(dir, LockFile), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := AcquireInstance(dir); !errors.Is(err, ErrNotRegular) {
		t.Errorf("instance lock on a FIFO: %v", err)
	}
	if err := SaveState(dir, State{}); !errors.Is(err, ErrNotRegular) {
		t.Errorf("save with a FIFO for a lock file: %v", err)
	}
}
