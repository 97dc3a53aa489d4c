//go:build !(linux || darwin || freebsd || dragonfly || windows)

package player

import "errors"

// diskFree does not tell here (OpenBSD's statfs has other field names,
// NetBSD, Solaris and AIX have statvfs instead, Plan 9 and WebAssembly
// neither; not worth a file each until cirrus is built for them): the WAV
// writer then relies on the write errors and on the per-track bound
// (overrun).
func diskFree(string) (uint64, error) { return 0, errors.ErrUnsupported }
