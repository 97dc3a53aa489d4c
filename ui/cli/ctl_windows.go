package cli

// Where `cirrus ctl` finds the running cirrus on Windows (player/remote).
const (
	ctlEndpointHelp = `over the named pipe
\\.\pipe\cirrus-SID (SID: your account's security identifier). Its ACL
admits only you, and both ends check that the other runs as you.`
	ctlEndpointFlag = `named pipe (default $CIRRUS_SOCKET, else \\.\pipe\cirrus-SID); a \\.\pipe\NAME`
)
