// Package remote lets `cirrus ctl` drive a running cirrus over a Unix socket
// that only the same user may use. The protocol is one JSON request line and
// one JSON response line per connection, so any tool (socat, nc -U) can speak it.
package remote

import (
	"os"
	"path/filepath"
)

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
// $XDG_RUNTIME_DIR/cirrus.sock (a per-user 0700 directory), else the
// platform's place (fallbackPath: a per-uid name in the shared temp dir on
// Unix, cirrus.sock in the user's own %TEMP% on Windows).
func DefaultPath() string {
	if p := os.Getenv("CIRRUS_SOCKET"); p != "" {
		return p
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "cirrus.sock")
	}
	return fallbackPath()
}
