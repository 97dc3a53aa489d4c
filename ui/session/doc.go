// Package session keeps what cirrus remembers between runs on this machine,
// in the state directory (config.StateDir(): $XDG_STATE_HOME/cirrus):
//
//   - session.json (State): the queue, current track and position, volume,
//     shuffle/repeat and tab, for session restore;
//   - resume.json (Resumes): where the user left tracks of ten minutes or
//     more, for the last MaxResume of them;
//   - history.json (History): what this machine played, newest first.
//
// Every file is versioned JSON written atomically (temp file, fsync, rename,
// fsync of the directory), so a kill at any moment leaves the old or the new
// file. Only a regular file is read: a named pipe, socket, device or
// directory at one of these paths is reported, never opened for reading
// (it would block), and a save replaces it (a directory makes the save
// fail). Two processes may share the directory: every write holds the
// advisory lock on state.lock (lock_unix.go, lock_windows.go), History and
// Resumes merge what is on disk before they write, so both processes' plays
// and positions survive, and session.json is the last writer's. A TUI holds
// instance.lock while it runs (AcquireInstance), so a second one is told. A damaged, oversized or future-format file is renamed aside
// (session.json.corrupt-<time>) and reported as a *CorruptError warning,
// never a crash; stray temp files are removed at load.
//
// How the UI is meant to use it (it owns these values; this package only
// stores them):
//
//   - At start: in, err := AcquireInstance(dir); a *BusyError names the
//     other TUI and goes to the status line; in.Release() at quit. Then,
//     when [playback] restore_session is on: st, warn :=
//     LoadState(dir). Show warn in the status line if not nil. With st, set
//     the player's queue from st.Queue (QueueItem.Track), select st.Current,
//     seek to st.Position paused, set volume, shuffle, repeat and st.Tab.
//   - While running: take the snapshot in Update (with SavedAt = now) and
//     SaveState(dir, snapshot) in a tea.Cmd, on queue, track, volume,
//     shuffle/repeat and tab changes, every few seconds of playback for the
//     position, and once at quit. Saves racing each other keep the newest.
//   - Resumes: r, warn := LoadResumes(dir) at start. When a track starts,
//     pos, ok := r.Resume(urn): if ok, seek there and show "resumed at
//     1:12:03" with a key to start over (r.Forget(urn) and seek to 0). On
//     position ticks call r.Update(urn, pos, length); when a track ends by
//     itself call r.Forget(urn). r.Save() with the session save.
//   - History: h, warn := LoadHistory(dir) at start; h.Add(EntryOf(track,
//     now)) when a track starts playing; h.Save() with the session save. The
//     History list shows Merge(recentlyPlayed, h.Entries()), where
//     recentlyPlayed comes from api.Client.RecentlyPlayed; entries with
//     Remote set have no time and read "on SoundCloud".
//     h.PlayedSince(now - player.AutoplayRecentWindow) is the "recently
//     played" that autoplay skips.
package session
