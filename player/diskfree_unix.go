//go:build linux || darwin || freebsd || dragonfly

package player

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// diskFree is the space left to this user on the filesystem holding path.
func diskFree(path string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, fmt.Errorf("free space on %s: %w", path, err)
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
