//go:build linux || darwin

package remote

import "net"

// peerUID is the uid of the process at the other end of c, as the kernel
// tells it (credsOf: the one call that differs between Linux and macOS).
func peerUID(c *net.UnixConn) (uint32, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return 0, err
	}
	var uid uint32
	var serr error
	if err := raw.Control(func(fd uintptr) { uid, serr = credsOf(int(fd)) }); err != nil {
		return 0, err
	}
	return uid, serr
}
