//go:build windows

package player

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// diskFree is the space left to this user on the volume holding path.
func diskFree(path string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return 0, fmt.Errorf("free space on %s: %w", path, err)
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, fmt.Errorf("free space on %s: %w", path, err)
	}
	return avail, nil
}
