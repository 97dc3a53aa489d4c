//go:build windows

package session

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// openNoBlock opens path; Windows has no FIFOs in the file system, and
// openRegular refuses directories and devices before and after the open.
func openNoBlock(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, perm)
}

// lockRange is where the lock sits: one byte far past any content, since
// Windows locks are mandatory and the instance file's pid must stay
// readable by the process that did not get the lock.
var lockRange = windows.Overlapped{OffsetHigh: 0x7fffffff}

// tryLock takes f's exclusive LockFileEx lock without waiting.
func tryLock(f *os.File) error {
	ol := lockRange
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION), errors.Is(err, windows.ERROR_IO_PENDING):
		return errLocked
	}
	return &os.PathError{Op: "LockFileEx", Path: f.Name(), Err: err}
}

// waitLock takes f's exclusive lock, waiting for it.
func waitLock(f *os.File) error {
	ol := lockRange
	if err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ol); err != nil {
		return &os.PathError{Op: "LockFileEx", Path: f.Name(), Err: err}
	}
	return nil
}

func unlockFile(f *os.File) {
	ol := lockRange
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &ol)
}
