//go:build unix

package cli

// Where `cirrus ctl` finds the running cirrus on Unix (player/remote).
const (
	ctlEndpointHelp = `over a Unix socket:
$XDG_RUNTIME_DIR/cirrus.sock, or cirrus-UID.sock in the temp dir ($TMPDIR,
else /tmp) where $XDG_RUNTIME_DIR is not set, as on macOS. The socket has
mode 0600 and both ends check that the other runs as you.`
	ctlEndpointFlag = "socket (default $CIRRUS_SOCKET, else $XDG_RUNTIME_DIR/cirrus.sock, else $TMPDIR/cirrus-UID.sock)"
)
