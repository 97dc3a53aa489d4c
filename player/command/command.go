// Package command is the one language every input of cirrus speaks: a key,
// the `:` line, `cirrus ctl` and MPRIS all turn what they received into a
// Command, and one controller applies it. Parsing, completion and help all
// read the same table (Specs), so a name documented is a name that works.
package command

import (
	"fmt"
	"time"
)

// Op is what a command does. The player applies the playback ops; the UI
// applies the rest (navigation, the library, playlists).
type Op int

// The ops, in the order the help lists them.
const (
	OpNone Op = iota
	// playback: the player applies these
	OpPlay
	OpPause
	OpToggle
	OpStop
	OpNext
	OpPrevious
	OpSeek
	OpVolume
	OpShuffle
	OpRepeat
	OpQueueClear
	// the UI applies these
	OpAutoplay
	OpRadio
	OpStartOver
	OpUp
	OpDown
	OpPageUp
	OpPageDown
	OpTop
	OpBottom
	OpTab
	OpNextTab
	OpPrevTab
	OpOpen
	OpBack
	OpKind
	OpFilter
	OpComments
	OpSearch
	OpReload
	OpSort
	OpFind
	OpJump
	OpVisual
	OpEnqueue
	OpPlayNext
	OpQueueRemove
	OpQueueUp
	OpQueueDown
	OpQueueSave
	OpQueueList
	OpLike
	OpUnlike
	OpFollow
	OpRepost
	OpAddToPlaylist
	OpNewPlaylist
	OpRename
	OpDelete
	OpComment
	OpBrowser
	OpCopyLink
	OpHelp
	OpQuit
	OpStatus
)

// Player reports whether the player applies op (else the UI does).
func (op Op) Player() bool { return op >= OpPlay && op <= OpQueueClear }

// queueOps are the ops :queue names with a word after it.
var queueOps = map[Op]string{OpQueueClear: "queue clear", OpQueueRemove: "queue remove",
	OpQueueUp: "queue up", OpQueueDown: "queue down", OpQueueSave: "queue save"}

// String is the op's name on the `:` line.
func (op Op) String() string {
	if s, ok := queueOps[op]; ok {
		return s
	}
	for _, s := range Specs {
		if s.Op == op {
			return s.Name
		}
	}
	return fmt.Sprintf("op(%d)", int(op))
}

// Target is what a command acts on.
type Target int

const (
	// Selected is the row under the cursor (falling back to the playing
	// track where there is no row), as keys have always done.
	Selected Target = iota
	// Playing is the track that is playing (or paused, or loading).
	Playing
)

func (t Target) String() string {
	if t == Playing {
		return "playing"
	}
	return "selected"
}

// Switch is an on/off argument: flip it, or set it.
type Switch int

const (
	Flip Switch = iota
	On
	Off
)

// Repeat is a repeat argument: step to the next mode, or set one.
type Repeat int

const (
	RepeatCycle Repeat = iota
	RepeatOff
	RepeatOne
	RepeatAll
)

// Command is one request from any input. Only the fields its Op names
// matter; the zero values are the usual meaning (count 1, flip, cycle).
type Command struct {
	Op     Op
	Target Target
	// Count repeats a motion (5j); 0 and 1 both mean once.
	Count int
	// At is a seek position, or a step when Relative.
	At time.Duration
	// Volume is 0..1, or a step in -1..1 when Relative.
	Volume   float64
	Relative bool
	Switch   Switch
	Repeat   Repeat
	// Text is a free argument: a tab or sort name, a query, a playlist
	// title, a comment, a URL.
	Text string
}

// Times is how often a motion runs: Count, at least once.
func (c Command) Times() int { return max(c.Count, 1) }

// String writes c back as a `:` line, so logs and tests read as typed.
func (c Command) String() string {
	s := c.Op.String()
	switch c.Op {
	case OpSeek:
		if c.Relative {
			if c.At < 0 {
				return fmt.Sprintf("%s -%s", s, clock(-c.At))
			}
			return fmt.Sprintf("%s +%s", s, clock(c.At))
		}
		return fmt.Sprintf("%s %s", s, clock(c.At))
	case OpVolume:
		if c.Relative {
			return fmt.Sprintf("%s %+d", s, pct(c.Volume))
		}
		return fmt.Sprintf("%s %d", s, pct(c.Volume))
	case OpShuffle, OpAutoplay:
		return s + [...]string{"", " on", " off"}[c.Switch]
	case OpRadio:
		if c.Switch == Off {
			return s + " off"
		}
	case OpRepeat:
		return s + [...]string{"", " off", " one", " all"}[c.Repeat]
	}
	if c.Count > 1 {
		s = fmt.Sprintf("%s %d", s, c.Count)
	}
	if c.Text != "" {
		s += " " + c.Text
	}
	if c.Target == Playing {
		s += " playing"
	}
	return s
}

func pct(v float64) int {
	if v < 0 {
		return -int(-v*100 + 0.5)
	}
	return int(v*100 + 0.5)
}

func clock(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
