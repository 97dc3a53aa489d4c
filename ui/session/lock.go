package session

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Two cirrus processes may share one state directory (two terminals, a
// TUI and a script). Every write of a state file, and the read-merge-write
// of the history, happens with LockFile held: an advisory lock (flock on
// unix, LockFileEx on Windows) taken by one process at a time. Within one
// process dirMu orders the goroutines first, so a process never waits for
// a lock it holds itself.
//
// InstanceFile is held by a TUI for its whole run, so a second TUI on the
// same directory can say that another one is running.

// LockFile is the advisory lock file every writer of the state directory
// holds while it reads, merges and writes.
const LockFile = "state.lock"

// InstanceFile is held by a running TUI; it holds that TUI's pid.
const InstanceFile = "instance.lock"

// lockWait bounds how long a writer waits for another process's lock: the
// holder only reads and writes a few small files, so a lock held longer
// belongs to a process that is stuck, and the save is reported as failed.
const lockWait = 10 * time.Second

// maxPidBytes bounds what is read of InstanceFile.
const maxPidBytes = 64

// dirMu serialises the writers of one process (all directories): the
// advisory lock is taken under it.
var dirMu sync.Mutex

// errLocked is what tryLock returns when another holder has the lock.
var errLocked = errors.New("locked by another process")

// errNoLocking is what tryLock returns on a system without file locks
// (lock_other.go): the writers of one process still take turns.
var errNoLocking = errors.New("file locking is not supported on this system")

// testHookLocked runs with the directory lock held, before the work; the
// tests use it to see that writers take turns.
var testHookLocked func(dir string)

// withDirLock runs fn with dirMu and the state directory's advisory lock
// held, creating the directory when create is set. When the directory does
// not exist and create is not set, fn runs under dirMu alone (there is
// nothing on disk to protect).
func withDirLock(dir string, create bool, fn func() error) error {
	dirMu.Lock()
	defer dirMu.Unlock()
	if create {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("state directory: %w", err)
		}
	} else if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fn()
	}
	release, err := lockPath(filepath.Join(dir, LockFile), lockWait)
	if err != nil {
		return fmt.Errorf("lock state directory: %w", err)
	}
	defer release()
	if testHookLocked != nil {
		testHookLocked(dir)
	}
	return fn()
}

// lockPath opens path and takes its lock, waiting in the kernel's queue
// (so a process that saves often cannot starve one that waits) for at most
// wait. release unlocks and closes it. A lock that comes after wait has
// passed is let go at once.
func lockPath(path string, wait time.Duration) (release func(), err error) {
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE)
	if err != nil {
		return nil, err
	}
	release = func() {
		unlockFile(f)
		f.Close()
	}
	switch err := tryLock(f); {
	case err == nil:
		return release, nil
	case errors.Is(err, errNoLocking):
		f.Close()
		return func() {}, nil
	case !errors.Is(err, errLocked):
		f.Close()
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- waitLock(f) }()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			f.Close()
			return nil, err
		}
		return release, nil
	case <-timer.C:
		go func() {
			if <-done == nil {
				unlockFile(f)
			}
			f.Close()
		}()
		return nil, fmt.Errorf("%s: another cirrus has held it for over %v", path, wait)
	}
}

// describeMode names what a non-regular file is, for the error.
func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// ErrNotRegular is wrapped by the error of a state file that is a named
// pipe, socket, device or directory: it is never opened for reading
// (a pipe would block for ever), and a save replaces it.
var ErrNotRegular = errors.New("not a regular file")

// openRegular opens path without blocking (a FIFO would block an open for
// reading until a writer comes) and only when it is a regular file: it is
// checked before the open and again on the open file, in case it was
// swapped in between.
func openRegular(path string, flag int) (*os.File, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s: %w", path, describeMode(st.Mode()), ErrNotRegular)
	}
	f, err := openNoBlock(path, flag, 0o600)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is %s: %w", path, describeMode(st.Mode()), ErrNotRegular)
	}
	return f, nil
}

// Instance is the running TUI's hold on the state directory.
type Instance struct{ f *os.File }

// BusyError says that another cirrus holds the state directory.
type BusyError struct {
	Dir string
	PID int // 0 when the holder's pid could not be read
}

func (e *BusyError) Error() string {
	who := "another cirrus is running on this state directory"
	if e.PID > 0 {
		who += " (pid " + strconv.Itoa(e.PID) + ")"
	}
	return who + "; history is shared, the session is saved by whichever quits last"
}

// AcquireInstance marks dir as used by this process for as long as the
// returned Instance is held (until Release or the process ends). When
// another process holds it, it returns a *BusyError naming that process;
// the caller goes on (history is merged on every save) and shows it. It
// never waits.
func AcquireInstance(dir string) (*Instance, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state directory: %w", err)
	}
	path := filepath.Join(dir, InstanceFile)
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE)
	if err != nil {
		return nil, fmt.Errorf("instance lock: %w", err)
	}
	err = tryLock(f)
	if errors.Is(err, errNoLocking) {
		return &Instance{f: f}, nil // cannot tell: go on alone
	}
	if err != nil {
		defer f.Close()
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("instance lock: %s: %w", path, err)
		}
		return nil, &BusyError{Dir: dir, PID: readPID(f)}
	}
	// Ours: say who holds it. The lock is on a range past the text, so
	// the other process can read the pid while it is held (Windows locks
	// are mandatory).
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Instance{f: f}, nil
}

// readPID reads the holder's pid from the instance file; 0 if it cannot.
func readPID(f *os.File) int {
	b, _ := io.ReadAll(io.LimitReader(io.NewSectionReader(f, 0, maxPidBytes), maxPidBytes))
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// Release gives the directory up (the quit of the TUI).
func (in *Instance) Release() {
	if in == nil || in.f == nil {
		return
	}
	unlockFile(in.f)
	in.f.Close()
	in.f = nil
}
