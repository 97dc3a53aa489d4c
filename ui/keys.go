package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/config"
)

// KeyMap holds one binding per config action, grouped as the help groups
// them; code names a field, so a misspelt action does not compile, and
// [keys] can rebind any of them with the help still true.
type KeyMap struct {
	Nav   NavKeys
	Tabs  TabKeys
	Play  PlaybackKeys
	Queue QueueKeys
	Cloud CloudKeys
	App   AppKeys
}

// NavKeys are the Navigation keys.
type NavKeys struct {
	Up          key.Binding
	Down        key.Binding
	PageUp      key.Binding
	PageDown    key.Binding
	Top         key.Binding
	Bottom      key.Binding
	Open        key.Binding
	Back        key.Binding
	ToggleKind  key.Binding
	Filter      key.Binding
	Comments    key.Binding
	Search      key.Binding
	Reload      key.Binding
	JumpPlaying key.Binding
	FilterList  key.Binding
	Sort        key.Binding
	Visual      key.Binding
	// Count starts a count that any digit continues, so counts work
	// though 1-7 switch tabs (#15j).
	Count key.Binding
}

// TabKeys switch tabs (Navigation in the help).
type TabKeys struct {
	Next      key.Binding
	Prev      key.Binding
	Feed      key.Binding
	Likes     key.Binding
	Search    key.Binding
	Playlists key.Binding
	Following key.Binding
	Queue     key.Binding
	History   key.Binding
}

// PlaybackKeys are the Playback keys.
type PlaybackKeys struct {
	PlayPause        key.Binding
	NextTrack        key.Binding
	PrevTrack        key.Binding
	SeekForward      key.Binding
	SeekBackward     key.Binding
	SeekForwardLong  key.Binding
	SeekBackwardLong key.Binding
	VolumeUp         key.Binding
	VolumeDown       key.Binding
	Shuffle          key.Binding
	Repeat           key.Binding
	Autoplay         key.Binding
	StartOver        key.Binding
}

// QueueKeys are the Queue keys.
type QueueKeys struct {
	Enqueue  key.Binding
	PlayNext key.Binding
	Remove   key.Binding
	MoveUp   key.Binding
	MoveDown key.Binding
	Clear    key.Binding
	Radio    key.Binding
}

// CloudKeys are the SoundCloud keys.
type CloudKeys struct {
	Like          key.Binding
	LikePlaying   key.Binding
	Follow        key.Binding
	Repost        key.Binding
	AddToPlaylist key.Binding
	NewPlaylist   key.Binding
	Rename        key.Binding
	Delete        key.Binding
	Comment       key.Binding
	OpenBrowser   key.Binding
	CopyLink      key.Binding
}

// AppKeys are the General keys.
type AppKeys struct {
	Help    key.Binding
	Command key.Binding
	Quit    key.Binding
}

// fields names every binding by its config action, in config order.
func (k *KeyMap) fields() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up":                 &k.Nav.Up,
		"down":               &k.Nav.Down,
		"page_up":            &k.Nav.PageUp,
		"page_down":          &k.Nav.PageDown,
		"top":                &k.Nav.Top,
		"bottom":             &k.Nav.Bottom,
		"next_tab":           &k.Tabs.Next,
		"prev_tab":           &k.Tabs.Prev,
		"tab_feed":           &k.Tabs.Feed,
		"tab_likes":          &k.Tabs.Likes,
		"tab_search":         &k.Tabs.Search,
		"tab_playlists":      &k.Tabs.Playlists,
		"tab_following":      &k.Tabs.Following,
		"tab_queue":          &k.Tabs.Queue,
		"tab_history":        &k.Tabs.History,
		"open":               &k.Nav.Open,
		"back":               &k.Nav.Back,
		"toggle_kind":        &k.Nav.ToggleKind,
		"filter":             &k.Nav.Filter,
		"comments":           &k.Nav.Comments,
		"search":             &k.Nav.Search,
		"reload":             &k.Nav.Reload,
		"jump_to_playing":    &k.Nav.JumpPlaying,
		"count":              &k.Nav.Count,
		"filter_list":        &k.Nav.FilterList,
		"sort":               &k.Nav.Sort,
		"visual":             &k.Nav.Visual,
		"play_pause":         &k.Play.PlayPause,
		"next_track":         &k.Play.NextTrack,
		"prev_track":         &k.Play.PrevTrack,
		"seek_forward":       &k.Play.SeekForward,
		"seek_backward":      &k.Play.SeekBackward,
		"seek_forward_long":  &k.Play.SeekForwardLong,
		"seek_backward_long": &k.Play.SeekBackwardLong,
		"volume_up":          &k.Play.VolumeUp,
		"volume_down":        &k.Play.VolumeDown,
		"shuffle":            &k.Play.Shuffle,
		"repeat":             &k.Play.Repeat,
		"toggle_autoplay":    &k.Play.Autoplay,
		"start_over":         &k.Play.StartOver,
		"enqueue":            &k.Queue.Enqueue,
		"play_next":          &k.Queue.PlayNext,
		"queue_remove":       &k.Queue.Remove,
		"queue_move_up":      &k.Queue.MoveUp,
		"queue_move_down":    &k.Queue.MoveDown,
		"queue_clear":        &k.Queue.Clear,
		"radio":              &k.Queue.Radio,
		"like":               &k.Cloud.Like,
		"like_playing":       &k.Cloud.LikePlaying,
		"follow":             &k.Cloud.Follow,
		"repost":             &k.Cloud.Repost,
		"add_to_playlist":    &k.Cloud.AddToPlaylist,
		"new_playlist":       &k.Cloud.NewPlaylist,
		"rename_playlist":    &k.Cloud.Rename,
		"delete_playlist":    &k.Cloud.Delete,
		"comment":            &k.Cloud.Comment,
		"open_browser":       &k.Cloud.OpenBrowser,
		"copy_link":          &k.Cloud.CopyLink,
		"help":               &k.App.Help,
		"command_line":       &k.App.Command,
		"quit":               &k.App.Quit,
	}
}

// NewKeyMap builds the bindings from config.Actions, taking keys from
// bindings where present (the merged [keys] table) and defaults otherwise.
// An action without a field is a programming error caught by the tests.
func NewKeyMap(bindings map[string][]string) KeyMap {
	var km KeyMap
	f := km.fields()
	for _, a := range config.Actions {
		b, ok := f[a.Name]
		if !ok {
			panic(fmt.Sprintf("ui: config action %q has no KeyMap field", a.Name))
		}
		keys, ok := bindings[a.Name]
		if !ok {
			keys = a.Keys
		}
		*b = binding(keys, a.Help)
	}
	return km
}

func binding(keys []string, help string) key.Binding {
	var names []string
	for _, k := range keys {
		names = append(names, k)
		switch k {
		case "space":
			names = append(names, " ") // Bubble Tea spells space " "
		case "alt+space":
			names = append(names, "alt+ ")
		}
	}
	b := key.NewBinding(key.WithKeys(names...), key.WithHelp(strings.Join(keys, "/"), help))
	if len(keys) == 0 {
		b.SetEnabled(false)
	}
	return b
}

// ShortHelp is the one-line help in the status bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Play.PlayPause, k.Nav.Open, k.Queue.Enqueue, k.Cloud.Like, k.Cloud.Comment, k.Nav.Search, k.App.Help, k.App.Quit}
}

// FullHelp is the help overlay: one column per config group, in order.
func (k KeyMap) FullHelp() [][]key.Binding {
	f := k.fields()
	var out [][]key.Binding
	for i, a := range config.Actions {
		if i == 0 || config.Actions[i-1].Group != a.Group {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], *f[a.Name])
	}
	return out
}

// Groups names the FullHelp columns in order.
func (k KeyMap) Groups() []string {
	var groups []string
	for i, a := range config.Actions {
		if i == 0 || config.Actions[i-1].Group != a.Group {
			groups = append(groups, a.Group)
		}
	}
	return groups
}

// bound reports whether any binding takes msg.
func (k *KeyMap) bound(msg tea.KeyMsg) bool {
	for _, b := range k.fields() {
		if key.Matches(msg, *b) {
			return true
		}
	}
	return false
}
