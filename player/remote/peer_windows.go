package remote

import (
	"net"
	"os"
)

// peerUID: Windows tells an AF_UNIX socket its peer's process id at most,
// never a user, and has no uids (os.Getuid is -1). What keeps other users
// out instead is the socket file's ACL: connecting needs write access to
// it, and it is created in a folder of the user's profile (fallbackPath)
// whose ACL admits only the user, SYSTEM and Administrators. So the peer is
// taken to be this user. A $CIRRUS_SOCKET outside the profile gives up that
// protection; README says so.
func peerUID(*net.UnixConn) (uint32, error) { return uint32(os.Getuid()), nil }
