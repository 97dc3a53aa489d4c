// Package remote lets `cirrus ctl` drive a running cirrus over a Unix socket
// (a named pipe on Windows) that only the same user may use. The protocol is
// one JSON request line and one JSON response line per connection, so any
// tool (socat, nc -U) can speak it.
package remote

import "os"

// Request is one command sent by a client.
type Request struct {
	Cmd  string   `json:"cmd"`
	Args []string `json:"args,omitempty"`
}

// Error codes a Response carries so the client can pick an exit code.
const (
	CodeUsage     = "usage"
	CodeNotFound  = "not_found"
	CodeAuth      = "auth"
	CodeRateLimit = "rate_limit"
	CodeError     = "error"
)

// Response answers one Request. Error and Code are set when OK is false.
type Response struct {
	OK      bool    `json:"ok"`
	Error   string  `json:"error,omitempty"`
	Code    string  `json:"code,omitempty"`
	Message string  `json:"message,omitempty"`
	Status  *Status `json:"status,omitempty"`
	Queue   []Track `json:"queue,omitempty"`
}

// Status is the player's state as scripts see it: plain units, stable names.
type Status struct {
	State      string `json:"state"`
	Track      *Track `json:"track,omitempty"`
	PositionMS int64  `json:"position_ms"`
	DurationMS int64  `json:"duration_ms"`
	Volume     int    `json:"volume"` // percent
	Shuffle    bool   `json:"shuffle"`
	Repeat     string `json:"repeat"`
	Index      int    `json:"index"`
	Preview    bool   `json:"preview,omitempty"`
	// PreviewWhy says in plain words why only a preview plays (with
	// Preview).
	PreviewWhy string `json:"preview_why,omitempty"`
	Buffering  bool   `json:"buffering,omitempty"`
}

// Track is the part of a track a script needs to name and show it.
type Track struct {
	URN          string `json:"urn"`
	Title        string `json:"title"`
	Artist       string `json:"artist,omitempty"`
	DurationMS   int64  `json:"duration_ms"`
	PermalinkURL string `json:"permalink_url,omitempty"`
}

// DefaultPath is where a running cirrus listens: $CIRRUS_SOCKET if set, else
// the platform's place (defaultPath): on Unix $XDG_RUNTIME_DIR/cirrus.sock,
// else a per-uid name in the temp dir; on Windows the named pipe
// \\.\pipe\cirrus-<the user's SID>.
func DefaultPath() string {
	if p := os.Getenv("CIRRUS_SOCKET"); p != "" {
		return p
	}
	return defaultPath()
}
