package command

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Spec describes one command: its name on the `:` line, what it takes and
// what it does. The help overlay, the README, completion and the parser
// all read Specs.
type Spec struct {
	Name    string
	Aliases []string
	Args    string // usage of the arguments, "" for none
	Help    string
	Op      Op
	// Choices completes the first argument on Tab.
	Choices []string
	// Targets says the command takes "playing" to act on the playing
	// track instead of the selected row.
	Targets bool
	parse   func(c *Command, args []string) error
}

// Specs is every command, in help order.
var Specs = []Spec{
	{Name: "play", Help: "play (resume)", Op: OpPlay},
	{Name: "pause", Help: "pause", Op: OpPause},
	{Name: "toggle", Help: "play / pause", Op: OpToggle},
	{Name: "stop", Help: "stop; the queue stays", Op: OpStop},
	{Name: "next", Help: "next track", Op: OpNext},
	{Name: "previous", Aliases: []string{"prev"}, Help: "previous track (or the start of this one)", Op: OpPrevious},
	{Name: "seek", Args: "1:30 | 90 | +10 | -10", Help: "go to a position, or move by seconds", Op: OpSeek, parse: parseSeekArgs},
	{Name: "vol", Aliases: []string{"volume"}, Args: "0-100 | +N | -N", Help: "set the volume, or step it", Op: OpVolume, parse: parseVolumeArgs},
	{Name: "shuffle", Args: "[on|off]", Help: "shuffle on / off (no argument: flip)", Op: OpShuffle, Choices: []string{"on", "off"}, parse: parseSwitchArgs},
	{Name: "repeat", Args: "[off|one|all]", Help: "repeat mode (no argument: the next one)", Op: OpRepeat, Choices: []string{"off", "one", "all"}, parse: parseRepeatArgs},
	{Name: "autoplay", Args: "[on|off]", Help: "related tracks when the queue ends (no argument: flip)", Op: OpAutoplay, Choices: []string{"on", "off"}, parse: parseSwitchArgs},
	{Name: "radio", Args: "[playing|off]", Help: "radio from the selected track, user or playlist (or the playing one); off ends it", Op: OpRadio,
		Targets: true, Choices: []string{"playing", "off"}, parse: parseRadioArgs},
	{Name: "startover", Help: "start a resumed track over", Op: OpStartOver},

	{Name: "up", Args: "[N]", Help: "move up N rows", Op: OpUp, parse: parseCountArgs},
	{Name: "down", Args: "[N]", Help: "move down N rows", Op: OpDown, parse: parseCountArgs},
	{Name: "pageup", Args: "[N]", Help: "page up", Op: OpPageUp, parse: parseCountArgs},
	{Name: "pagedown", Args: "[N]", Help: "page down", Op: OpPageDown, parse: parseCountArgs},
	{Name: "top", Help: "go to the first row", Op: OpTop},
	{Name: "bottom", Help: "go to the last row", Op: OpBottom},
	{Name: "tab", Args: "NAME | 1-7", Help: "show a tab", Op: OpTab, Choices: TabNames, parse: parseTabArgs},
	{Name: "nexttab", Help: "next tab", Op: OpNextTab},
	{Name: "prevtab", Help: "previous tab", Op: OpPrevTab},
	{Name: "open", Help: "open / play from here", Op: OpOpen},
	{Name: "back", Help: "back", Op: OpBack},
	{Name: "kind", Help: "switch tracks / users / playlists", Op: OpKind},
	{Name: "filter", Help: "genre and access filter", Op: OpFilter},
	{Name: "comments", Args: "[playing]", Help: "comments of the selected (or playing) track", Op: OpComments, Targets: true, Choices: []string{"playing"}},
	{Name: "search", Args: "[QUERY]", Help: "search (with a query: search for it)", Op: OpSearch, parse: parseTextArgs},
	{Name: "reload", Help: "reload / retry this list", Op: OpReload},
	{Name: "sort", Args: "[" + strings.Join(SortNames, "|") + "]", Help: "sort this list (no argument: the next order)", Op: OpSort, Choices: SortNames, parse: parseSortArgs},
	{Name: "find", Help: "filter this list as you type", Op: OpFind},
	{Name: "jump", Help: "jump to the playing track", Op: OpJump},
	{Name: "visual", Help: "select rows from here (again: end); commands on the selected row act on every selected row", Op: OpVisual},

	{Name: "enqueue", Args: "[playing]", Help: "add to the queue", Op: OpEnqueue, Targets: true, Choices: []string{"playing"}},
	{Name: "playnext", Help: "play next", Op: OpPlayNext},
	{Name: "queue", Args: "save NAME | clear | remove | up | down | list", Help: "queue actions; save makes a private playlist of the queue (of the selection while one is on; the first 500 tracks)", Op: OpQueueList,
		Choices: []string{"save", "clear", "remove", "up", "down", "list"}, parse: parseQueueArgs},

	{Name: "like", Args: "[playing]", Help: "like / unlike", Op: OpLike, Targets: true, Choices: []string{"playing"}},
	{Name: "unlike", Args: "[playing]", Help: "unlike (ctl: the playing track)", Op: OpUnlike, Targets: true, Choices: []string{"playing"}},
	{Name: "follow", Args: "[playing]", Help: "follow / unfollow the artist", Op: OpFollow, Targets: true, Choices: []string{"playing"}},
	{Name: "repost", Args: "[playing]", Help: "repost / un-repost", Op: OpRepost, Targets: true, Choices: []string{"playing"}},
	{Name: "addto", Args: "[playing]", Help: "add to a playlist", Op: OpAddToPlaylist, Targets: true, Choices: []string{"playing"}},
	{Name: "newplaylist", Args: "[TITLE]", Help: "create a playlist", Op: OpNewPlaylist, parse: parseTextArgs},
	{Name: "rename", Help: "rename the playlist", Op: OpRename},
	{Name: "delete", Help: "delete the playlist", Op: OpDelete},
	{Name: "comment", Help: "comment on the playing track at its position", Op: OpComment},
	{Name: "browser", Args: "[playing]", Help: "open in the browser", Op: OpBrowser, Targets: true, Choices: []string{"playing"}},
	{Name: "copylink", Args: "[playing]", Help: "copy the link", Op: OpCopyLink, Targets: true, Choices: []string{"playing"}},
	{Name: "help", Help: "show the keys and commands", Op: OpHelp},
	{Name: "quit", Aliases: []string{"q"}, Help: "quit", Op: OpQuit},
	{Name: "status", Help: "the player's state (ctl)", Op: OpStatus},
}

// TabNames are the tabs in order; :tab takes a name or its number.
var TabNames = []string{"feed", "likes", "search", "playlists", "following", "queue", "history"}

// SortNames are the orders :sort takes, in the order S steps through them.
var SortNames = []string{"added", "title", "artist", "duration", "plays"}

// Lookup finds a command by name or alias.
func Lookup(name string) (*Spec, bool) {
	for i := range Specs {
		s := &Specs[i]
		if s.Name == name {
			return s, true
		}
		for _, a := range s.Aliases {
			if a == name {
				return s, true
			}
		}
	}
	return nil, false
}

// Parse reads one `:` line ("seek 1:30", "vol +5", "queue save Mix"). A
// leading count applies to motions ("5 down" is "down 5").
func Parse(line string) (Command, error) {
	fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), ":"))
	if len(fields) == 0 {
		return Command{}, errors.New("empty command")
	}
	if n, err := strconv.Atoi(fields[0]); err == nil && len(fields) == 2 {
		// "5 down": a count before a motion, as 5j is
		return ParseArgs(fields[1], []string{strconv.Itoa(n)})
	}
	return ParseArgs(fields[0], fields[1:])
}

// ParseArgs is Parse for a name and arguments already split (cirrus ctl).
func ParseArgs(name string, args []string) (Command, error) {
	s, ok := Lookup(name)
	if !ok {
		return Command{}, fmt.Errorf("unknown command %q (Tab lists them)", name)
	}
	c := Command{Op: s.Op}
	if s.Targets && len(args) > 0 && args[len(args)-1] == "playing" {
		c.Target = Playing
		args = args[:len(args)-1]
	}
	if s.parse == nil {
		if len(args) > 0 {
			return Command{}, fmt.Errorf("%s takes no %s", s.Name, plural(len(args), "argument"))
		}
		return c, nil
	}
	if err := s.parse(&c, args); err != nil {
		return Command{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	return c, nil
}

func plural(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// Complete lists what can follow line on Tab: command names for the first
// word, the command's choices for the second.
func Complete(line string) []string {
	line = strings.TrimLeft(line, ": ")
	word, rest, spaced := strings.Cut(line, " ")
	if !spaced {
		var out []string
		for _, s := range Specs {
			if strings.HasPrefix(s.Name, word) {
				out = append(out, s.Name)
			}
		}
		return out
	}
	s, ok := Lookup(word)
	if !ok || strings.Contains(rest, " ") {
		return nil
	}
	var out []string
	for _, c := range s.Choices {
		if strings.HasPrefix(c, rest) {
			out = append(out, s.Name+" "+c)
		}
	}
	return out
}

func one(args []string, what string) (string, error) {
	if len(args) != 1 {
		return "", fmt.Errorf("takes one %s", what)
	}
	return args[0], nil
}

func parseSeekArgs(c *Command, args []string) error {
	a, err := one(args, "position: 1:30, 90, +10 or -10")
	if err != nil {
		return err
	}
	c.At, c.Relative, err = ParseSeek(a)
	return err
}

func parseVolumeArgs(c *Command, args []string) error {
	a, err := one(args, "value: 0-100, +N or -N")
	if err != nil {
		return err
	}
	a = strings.TrimSuffix(a, "%")
	c.Relative = strings.HasPrefix(a, "+") || strings.HasPrefix(a, "-")
	v, err := strconv.ParseFloat(a, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%q is not 0-100, +N or -N", a)
	}
	if !c.Relative && (v < 0 || v > 100) {
		return fmt.Errorf("%s is outside 0-100", a)
	}
	c.Volume = math.Max(-1, math.Min(1, v/100))
	return nil
}

func parseSwitchArgs(c *Command, args []string) error {
	if len(args) == 0 {
		c.Switch = Flip
		return nil
	}
	a, err := one(args, "of on, off or toggle")
	if err != nil {
		return err
	}
	switch a {
	case "on", "true", "1":
		c.Switch = On
	case "off", "false", "0":
		c.Switch = Off
	case "toggle":
		c.Switch = Flip
	default:
		return fmt.Errorf("%q is not on, off or toggle", a)
	}
	return nil
}

func parseRadioArgs(c *Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case len(args) == 1 && args[0] == "off" && c.Target == Selected:
		c.Switch = Off
		return nil
	}
	return fmt.Errorf("takes playing or off, not %q", strings.Join(args, " "))
}

func parseRepeatArgs(c *Command, args []string) error {
	if len(args) == 0 {
		c.Repeat = RepeatCycle
		return nil
	}
	a, err := one(args, "of off, one or all")
	if err != nil {
		return err
	}
	r, ok := map[string]Repeat{"off": RepeatOff, "one": RepeatOne, "all": RepeatAll}[a]
	if !ok {
		return fmt.Errorf("%q is not off, one or all", a)
	}
	c.Repeat = r
	return nil
}

// maxCount bounds a count: far past any list on screen, and cheap to run.
const maxCount = 10000

func parseCountArgs(c *Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	a, err := one(args, "count")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(a)
	if err != nil || n < 1 || n > maxCount {
		return fmt.Errorf("%q is not a count from 1 to %d", a, maxCount)
	}
	c.Count = n
	return nil
}

func parseTabArgs(c *Command, args []string) error {
	a, err := one(args, "tab: "+strings.Join(TabNames, ", ")+" or 1-7")
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(a); err == nil && n >= 1 && n <= len(TabNames) {
		c.Text = TabNames[n-1]
		return nil
	}
	for _, t := range TabNames {
		if t == strings.ToLower(a) {
			c.Text = t
			return nil
		}
	}
	return fmt.Errorf("%q is not a tab (%s)", a, strings.Join(TabNames, ", "))
}

func parseSortArgs(c *Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	a, err := one(args, "order: "+strings.Join(SortNames, ", "))
	if err != nil {
		return err
	}
	for _, s := range SortNames {
		if s == strings.ToLower(a) {
			c.Text = s
			return nil
		}
	}
	return fmt.Errorf("%q is not an order (%s)", a, strings.Join(SortNames, ", "))
}

// maxText bounds a free argument (a title, a query).
const maxText = 1000

func parseTextArgs(c *Command, args []string) error {
	c.Text = strings.Join(args, " ")
	if len(c.Text) > maxText {
		return fmt.Errorf("longer than %d bytes", maxText)
	}
	return nil
}

func parseQueueArgs(c *Command, args []string) error {
	if len(args) == 0 {
		c.Op = OpQueueList
		return nil
	}
	switch args[0] {
	case "list":
		c.Op = OpQueueList
	case "clear":
		c.Op = OpQueueClear
	case "remove":
		c.Op = OpQueueRemove
	case "up":
		c.Op = OpQueueUp
	case "down":
		c.Op = OpQueueDown
	case "save":
		if len(args) < 2 {
			return errors.New("save needs a playlist title: queue save NAME")
		}
		c.Op = OpQueueSave
		return parseTextArgs(c, args[1:])
	case "add", "next":
		// cirrus ctl: queue add|next URL…; the handler reads the URLs
		c.Op = OpEnqueue
		if args[0] == "next" {
			c.Op = OpPlayNext
		}
		return parseTextArgs(c, args[1:])
	default:
		return fmt.Errorf("%q is not save, clear, remove, up, down or list", args[0])
	}
	if len(args) > 1 {
		return fmt.Errorf("%s takes nothing more", args[0])
	}
	return nil
}

// MaxPosition bounds a position or seek step: far past any track, and far
// from overflowing time.Duration.
const MaxPosition = 100 * time.Hour

// ParseSeek reads "1:23", "1:02:03", "83" or "83s" as an absolute position
// and "+10s", "-10", "+1:00" as a relative one. An error quotes what was
// typed, sign included.
func ParseSeek(s string) (d time.Duration, relative bool, err error) {
	s = strings.TrimSpace(s)
	typed := s
	sign := time.Duration(1)
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		relative = true
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	d, err = parseClockAs(s, typed)
	if err != nil {
		return 0, false, err
	}
	return sign * d, relative, nil
}

// ParseClock reads "83", "83.5", "83s", "1m23s", "1:23" or "1:02:03".
func ParseClock(s string) (time.Duration, error) { return parseClockAs(s, s) }

func parseClockAs(s, typed string) (time.Duration, error) {
	d, err := parseClockUnbounded(s)
	if err != nil {
		return 0, fmt.Errorf("%q %w", typed, err)
	}
	if d < 0 || d > MaxPosition {
		return 0, fmt.Errorf("%q is past %v, longer than any track", typed, MaxPosition)
	}
	return d, nil
}

func parseClockUnbounded(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("is empty")
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, errors.New("is not h:mm:ss")
		}
		var total float64
		for i, p := range parts {
			v, err := strconv.ParseFloat(p, 64)
			if err != nil || v < 0 || (i > 0 && v >= 60) || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, errors.New("is not h:mm:ss")
			}
			total = total*60 + v
		}
		if total > MaxPosition.Seconds() {
			return -1, nil
		}
		return time.Duration(total * float64(time.Second)), nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, errors.New("is not a position")
		}
		if v > MaxPosition.Seconds() {
			return -1, nil
		}
		return time.Duration(v * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("is not a position (try 1:23, 83 or 10s)")
	}
	return d, nil
}

// KeyLines is what each key action runs, as a `:` line: keys are one more
// way to type a command. Actions missing here (open, back, the prompts'
// own keys) are handled by the pane that has focus.
var KeyLines = map[string]string{
	"up": "up", "down": "down", "page_up": "pageup", "page_down": "pagedown",
	"top": "top", "bottom": "bottom", "next_tab": "nexttab", "prev_tab": "prevtab",
	"tab_feed": "tab feed", "tab_likes": "tab likes", "tab_search": "tab search",
	"tab_playlists": "tab playlists", "tab_following": "tab following",
	"tab_queue": "tab queue", "tab_history": "tab history",
	"open": "open", "back": "back", "toggle_kind": "kind", "filter": "filter",
	"comments": "comments", "search": "search", "reload": "reload", "sort": "sort",
	"filter_list": "find", "jump_to_playing": "jump", "visual": "visual",
	"play_pause": "toggle", "next_track": "next", "prev_track": "previous",
	"seek_forward": "seek +5", "seek_backward": "seek -5",
	"seek_forward_long": "seek +30", "seek_backward_long": "seek -30",
	"volume_up": "vol +5", "volume_down": "vol -5",
	"shuffle": "shuffle", "repeat": "repeat", "toggle_autoplay": "autoplay", "radio": "radio",
	"start_over": "startover",
	"enqueue":    "enqueue", "play_next": "playnext", "queue_remove": "queue remove",
	"queue_move_up": "queue up", "queue_move_down": "queue down", "queue_clear": "queue clear",
	"like": "like", "like_playing": "like playing", "follow": "follow", "repost": "repost", "add_to_playlist": "addto",
	"new_playlist": "newplaylist", "rename_playlist": "rename", "delete_playlist": "delete",
	"comment": "comment", "open_browser": "browser", "copy_link": "copylink",
	"help": "help", "quit": "quit",
}

// ForKey is the command a key action runs.
func ForKey(action string) (Command, bool) {
	line, ok := KeyLines[action]
	if !ok {
		return Command{}, false
	}
	c, err := Parse(line)
	if err != nil {
		panic(fmt.Sprintf("command: key action %q runs %q: %v", action, line, err))
	}
	return c, true
}
