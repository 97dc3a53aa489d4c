package remote

import "golang.org/x/sys/unix"

// credsOf is the peer's uid by LOCAL_PEERCRED.
func credsOf(fd int) (uint32, error) {
	cred, err := unix.GetsockoptXucred(fd, unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
	if err != nil {
		return 0, err
	}
	return cred.Uid, nil
}
