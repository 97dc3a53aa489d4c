package remote

import "golang.org/x/sys/unix"

// credsOf is the peer's uid by SO_PEERCRED.
func credsOf(fd int) (uint32, error) {
	cred, err := unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED)
	if err != nil {
		return 0, err
	}
	return cred.Uid, nil
}
