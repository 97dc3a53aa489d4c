//go:build windows

package auth

import "golang.org/x/sys/windows"

// replaceDurably moves from over to, and returns only once the move is on
// disk (MOVEFILE_WRITE_THROUGH). Windows has no directory fsync: opening a
// directory for FlushFileBuffers needs backup privileges and fails with
// "Access denied" for a normal user, which would make every token save fail.
func replaceDurably(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return err
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return err
	}
	return windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
}

// removedDurably has nothing to flush on Windows: NTFS journals the
// removal itself, and a directory cannot be flushed without privileges.
func removedDurably(string) error { return nil }
