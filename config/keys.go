package config

// Action names a user action that a key can be bound to. The list below is the
// single source of truth: the UI builds its key map and help from it, the
// README's key map is generated from it, and `config check` validates
// [keys] against it.
type Action struct {
	Name  string   // key in [keys]
	Keys  []string // default bindings, in Bubble Tea's key names
	Help  string   // short help text
	Group string   // help section
}

// Actions lists every rebindable action with its default keys.
var Actions = []Action{
	{"up", []string{"up", "k"}, "move up", "Navigation"},
	{"down", []string{"down", "j"}, "move down", "Navigation"},
	{"page_up", []string{"pgup", "ctrl+u"}, "page up", "Navigation"},
	{"page_down", []string{"pgdown", "ctrl+d"}, "page down", "Navigation"},
	{"top", []string{"home", "g"}, "go to top", "Navigation"},
	{"bottom", []string{"end", "G"}, "go to bottom", "Navigation"},
	{"next_tab", []string{"tab"}, "next tab", "Navigation"},
	{"prev_tab", []string{"shift+tab"}, "previous tab", "Navigation"},
	{"tab_feed", []string{"1"}, "feed", "Navigation"},
	{"tab_likes", []string{"2"}, "likes", "Navigation"},
	{"tab_search", []string{"3"}, "search", "Navigation"},
	{"tab_playlists", []string{"4"}, "playlists", "Navigation"},
	{"tab_following", []string{"5"}, "following", "Navigation"},
	{"tab_queue", []string{"6"}, "queue", "Navigation"},
	{"tab_history", []string{"7"}, "history", "Navigation"},
	{"open", []string{"enter"}, "open / play from here", "Navigation"},
	{"back", []string{"esc", "backspace"}, "back", "Navigation"},
	{"toggle_kind", []string{"t"}, "switch tracks / users / playlists", "Navigation"},
	{"filter", []string{"ctrl+f"}, "genre and access filter", "Navigation"},
	{"comments", []string{"C"}, "comments of selected track", "Navigation"},
	{"search", []string{"/"}, "search", "Navigation"},
	{"reload", []string{"ctrl+r"}, "reload / retry", "Navigation"},
	{"sort", []string{"S"}, "sort by added / title / artist / duration / plays", "Navigation"},
	{"filter_list", []string{"l"}, "filter this list as you type", "Navigation"},
	{"jump_to_playing", []string{"."}, "jump to the playing track", "Navigation"},
	{"visual", []string{"v", "V"}, "select rows (esc ends): a, A, P, x, f, J/K act on all", "Navigation"},
	{"count", []string{"#"}, "count before a move: #15j", "Navigation"},

	{"play_pause", []string{"space"}, "play / pause", "Playback"},
	{"next_track", []string{"n"}, "next track", "Playback"},
	{"prev_track", []string{"p"}, "previous track", "Playback"},
	{"seek_forward", []string{"right"}, "seek +5s", "Playback"},
	{"seek_backward", []string{"left"}, "seek -5s", "Playback"},
	{"seek_forward_long", []string{"shift+right", "]"}, "seek +30s", "Playback"},
	{"seek_backward_long", []string{"shift+left", "["}, "seek -30s", "Playback"},
	{"volume_up", []string{"+", "="}, "volume up", "Playback"},
	{"volume_down", []string{"-"}, "volume down", "Playback"},
	{"shuffle", []string{"s"}, "shuffle", "Playback"},
	{"repeat", []string{"r"}, "repeat off / one / all", "Playback"},
	{"toggle_autoplay", []string{"u"}, "autoplay related tracks on / off", "Playback"},
	{"start_over", []string{"0"}, "start a resumed track over", "Playback"},

	{"enqueue", []string{"a"}, "add to queue", "Queue"},
	{"play_next", []string{"A"}, "play next", "Queue"},
	{"queue_remove", []string{"x", "delete"}, "remove from queue / open playlist", "Queue"},
	{"queue_move_up", []string{"K"}, "move up in queue / open playlist", "Queue"},
	{"queue_move_down", []string{"J"}, "move down in queue / open playlist", "Queue"},
	{"queue_clear", []string{"X"}, "clear queue", "Queue"},
	{"radio", []string{"R"}, "radio from the selected track / user / playlist", "Queue"},

	{"like", []string{"f"}, "like / unlike", "SoundCloud"},
	{"like_playing", []string{"L"}, "like / unlike the playing track", "SoundCloud"},
	{"follow", []string{"F"}, "follow / unfollow artist", "SoundCloud"},
	{"repost", []string{"B"}, "repost / un-repost", "SoundCloud"},
	{"add_to_playlist", []string{"P"}, "add to playlist", "SoundCloud"},
	{"new_playlist", []string{"N"}, "create playlist", "SoundCloud"},
	{"rename_playlist", []string{"E"}, "rename playlist", "SoundCloud"},
	{"delete_playlist", []string{"D"}, "delete playlist", "SoundCloud"},
	{"comment", []string{"c"}, "comment on playing track", "SoundCloud"},
	{"open_browser", []string{"o"}, "open in browser", "SoundCloud"},
	{"copy_link", []string{"y"}, "copy link", "SoundCloud"},

	{"help", []string{"?"}, "help", "General"},
	{"command_line", []string{":"}, "command line: any command by name (:vol 40, :seek 1:30)", "General"},
	{"quit", []string{"q", "ctrl+c"}, "quit", "General"},
}

// DefaultKeys returns the default bindings as [keys] holds them.
func DefaultKeys() map[string][]string {
	m := make(map[string][]string, len(Actions))
	for _, a := range Actions {
		m[a.Name] = append([]string(nil), a.Keys...)
	}
	return m
}
