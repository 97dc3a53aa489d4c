//go:build !(unix && !aix) && !windows

package session

import "os"

// On systems without flock or LockFileEx (aix, plan9, wasm) cirrus does
// not lock: the open still refuses anything but a regular file, the
// writers of one process take turns, but two processes are not kept apart
// and AcquireInstance cannot see a second one.

func openNoBlock(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, perm)
}

func tryLock(*os.File) error { return errNoLocking }

func waitLock(*os.File) error { return errNoLocking }

func unlockFile(*os.File) {}
