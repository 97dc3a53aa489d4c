package termimg

import (
	"strings"
	"time"
)

// Mode is the user's choice ([ui] artwork): "auto" asks the terminal;
// "kitty", "iterm" and "sixel" force a protocol; "blocks" and "off" use
// none (the caller draws half blocks or nothing).
type Mode string

// Waits for the terminal's answers. Local terminals answer within a few
// milliseconds, the device attributes last. With no answer at all by
// QueryTimeout the terminal is taken to answer nothing; once answers
// flow, the wait for the device attributes, which close them, goes on
// to QueryMax, so that a slow link's late answers do not reach the
// program as key presses.
const (
	QueryTimeout = 500 * time.Millisecond
	QueryMax     = 2 * time.Second
)

// The queries, each answered by terminals that know it and ignored by
// the rest: kitty's graphics query (a 1×1 image that is only checked),
// the cell size (CSI 16 t), the window's size in pixels (CSI 14 t),
// XTVERSION (CSI > q), and last the primary device attributes (CSI c),
// which every terminal answers, so its answer closes the others.
const (
	queryKitty   = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
	queryCell    = "\x1b[16t"
	queryWindow  = "\x1b[14t"
	queryVersion = "\x1b[>q"
	queryDA1     = "\x1b[c"
)

// queries is what Detect writes. In tmux they go through its
// passthrough, so the terminal outside answers them, DA1 still last;
// only the cell size is tmux's to answer.
func queries(tmux bool) string {
	if tmux {
		return tmuxWrap(queryKitty) + tmuxWrap(queryVersion) + tmuxWrap(queryDA1) + queryCell
	}
	return queryKitty + queryCell + queryWindow + queryVersion + queryDA1
}

func tmuxWrap(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

// sanitize keeps a terminal's name printable and short for the log.
func sanitize(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// choose picks the protocol from the answers, then the environment.
// cols and rows are the screen's size, for a cell size from CSI 14 t.
func choose(mode Mode, a answers, getenv func(string) string, tmux bool, cols, rows int) Terminal {
	t := Terminal{CellW: a.cellW, CellH: a.cellH, Name: a.version}
	if (t.CellW == 0 || t.CellH == 0) && a.winW > 0 && cols > 0 && rows > 0 {
		t.CellW, t.CellH = a.winW/cols, a.winH/rows
	}
	answered := a.kitty || a.da1 || a.version != ""
	if tmux {
		// Only answers that came through the passthrough count: without
		// allow-passthrough tmux drops our pictures as it drops the queries.
		t.Tmux = answered
	}
	switch mode {
	case "off", "blocks":
		t.Why = "[ui] artwork = " + string(mode)
		return t
	case "kitty":
		t.Protocol, t.Why = Kitty, "[ui] artwork = kitty"
		return t
	case "iterm":
		t.Protocol, t.Why = ITerm, "[ui] artwork = iterm"
		return t
	case "sixel":
		t.Protocol, t.Why = Sixel, "[ui] artwork = sixel"
		return t
	}
	if tmux && !answered {
		t.Why = "inside tmux, which passes no graphics through (set -g allow-passthrough on)"
		return t
	}
	name := strings.ToLower(a.version)
	switch {
	case a.kitty:
		t.Protocol, t.Why = Kitty, "the terminal answered kitty's graphics query"
	case strings.HasPrefix(name, "iterm2") || strings.HasPrefix(name, "wezterm"):
		t.Protocol, t.Why = ITerm, "the terminal calls itself "+a.version
	case a.sixel:
		t.Protocol, t.Why = Sixel, "the terminal lists sixel in its device attributes"
	case answered:
		t.Why = "the terminal answered but offers no graphics protocol"
	default:
		t.Protocol, t.Why = fromEnv(getenv)
	}
	return t
}

// fromEnv guesses from the environment when the terminal did not answer
// (a Windows console, a slow link).
func fromEnv(getenv func(string) string) (Protocol, string) {
	term, prog := getenv("TERM"), getenv("TERM_PROGRAM")
	switch {
	case getenv("KITTY_WINDOW_ID") != "" || term == "xterm-kitty" || term == "xterm-ghostty" || prog == "ghostty":
		return Kitty, "$TERM/$KITTY_WINDOW_ID name a kitty-protocol terminal"
	case prog == "iTerm.app" || prog == "WezTerm" || getenv("LC_TERMINAL") == "iTerm2":
		return ITerm, "$TERM_PROGRAM is " + prog
	case strings.HasPrefix(term, "foot") || term == "mlterm":
		return Sixel, "$TERM names a sixel terminal"
	}
	return None, "no graphics protocol detected"
}

// FromEnv is Detect without asking the terminal: for a platform or a
// renderer where reading its answers is not possible.
func FromEnv(mode Mode, getenv func(string) string) Terminal {
	return sized(choose(mode, answers{}, getenv, getenv("TMUX") != "", 0, 0))
}

// sized refuses sixel without a cell size: a sixel picture is as many
// pixels as it is drawn with, and one scaled for a guessed cell would
// spill over the text beside it, or scroll the screen. kitty and iTerm2
// scale the picture into the cells themselves.
func sized(t Terminal) Terminal {
	if t.Protocol == Sixel && (t.CellW <= 0 || t.CellH <= 0) {
		t.Protocol = None
		t.Why += "; but it did not tell its cell size in pixels, which sixel needs"
	}
	return t
}
