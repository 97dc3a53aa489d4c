package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// HistoryFile is what this machine played.
const HistoryFile = "history.json"

// HistoryVersion is the format of HistoryFile.
const HistoryVersion = 1

const (
	// MaxHistory is how many tracks the local history keeps (one entry per
	// track, its last play); the oldest goes first.
	MaxHistory      = 1000
	maxHistoryBytes = 4 << 20
)

// Entry is one played track, newest first in every list of this package.
type Entry struct {
	URN      api.URN       `json:"urn"`
	Title    string        `json:"title"`
	Artist   string        `json:"artist,omitempty"`
	Duration time.Duration `json:"duration_ns,omitempty"`
	Access   string        `json:"access,omitempty"`
	PlayedAt time.Time     `json:"played_at"`
	// Policy and Monetization: as QueueItem's, for the row's badge.
	Policy       string `json:"policy,omitempty"`
	Monetization string `json:"monetization_model,omitempty"`
	// Remote marks an entry Merge took from SoundCloud's recently played
	// list that this machine did not play: PlayedAt is zero (unknown).
	Remote bool `json:"-"`
}

// EntryOf makes the history entry of a track played at when.
func EntryOf(t *api.Track, when time.Time) Entry {
	q := ItemOf(t)
	return Entry{URN: q.URN, Title: q.Title, Artist: q.Artist, Duration: q.Duration, Access: q.Access, PlayedAt: when.UTC(),
		Policy: q.Policy, Monetization: q.Monetization}
}

// Track rebuilds a minimal api.Track to play the entry again.
func (e Entry) Track() api.Track {
	return QueueItem{URN: e.URN, Title: e.Title, Artist: e.Artist, Duration: e.Duration, Access: e.Access,
		Policy: e.Policy, Monetization: e.Monetization}.Track()
}

type historyDoc struct {
	Version int     `json:"version"`
	Tracks  []Entry `json:"tracks"`

	now time.Time // when it is read: later plays are dropped
}

// maxAhead is how far past the reader's clock a stored play may be: a
// little for clocks that disagree, no more. A play dated later (a year
// 9999 in a hand-edited or damaged file, a clock that was years ahead)
// would sit on top of the history as "now" for ever, so it is dropped.
const maxAhead = time.Hour

func (d *historyDoc) check() error {
	keep := d.Tracks[:0]
	for _, e := range d.Tracks {
		u, err := trackURN(e.URN)
		if err != nil || e.PlayedAt.IsZero() || (!d.now.IsZero() && e.PlayedAt.After(d.now.Add(maxAhead))) {
			continue
		}
		e.URN, e.Title, e.Artist, e.Access = u, clip(e.Title, maxText), clip(e.Artist, maxText), clip(e.Access, 16)
		e.Duration = max(e.Duration, 0)
		keep = append(keep, e)
	}
	d.Tracks = keep
	return nil
}

// trackURN is u in its canonical form when it names a track.
func trackURN(u api.URN) (api.URN, error) {
	v, err := api.ParseURN(string(u), api.KindTrack)
	if err != nil {
		return "", err
	}
	if v.Kind() != api.KindTrack {
		return "", fmt.Errorf("%s is not a track", v)
	}
	return v, nil
}

// History is what this machine played, one entry per track (its last play),
// newest first, at most MaxHistory. Safe for concurrent use; Save persists
// it, merged with what other processes saved meanwhile.
type History struct {
	dir string

	saveMu  sync.Mutex
	mu      sync.Mutex
	entries []Entry
	dirty   bool
}

// LoadHistory reads dir/HistoryFile; a missing file is an empty history, a
// damaged one is set aside and reported in warn. The history is always usable.
func LoadHistory(dir string) (h *History, warn error) {
	h = &History{dir: dir}
	d := historyDoc{now: time.Now()}
	found, warn := load(dir, HistoryFile, maxHistoryBytes, HistoryVersion, &d, d.now)
	if found {
		h.entries = bounded(dedupNewest(d.Tracks))
	}
	return h, warn
}

// bounded keeps the newest MaxHistory entries.
func bounded(es []Entry) []Entry {
	if len(es) > MaxHistory {
		es = es[:MaxHistory]
	}
	return es
}

// dedupNewest sorts newest first and keeps each track's newest entry.
// Plays are told apart by the whole URN, kind and id.
func dedupNewest(es []Entry) []Entry {
	es = slices.Clone(es)
	slices.SortStableFunc(es, func(a, b Entry) int { return b.PlayedAt.Compare(a.PlayedAt) })
	seen := map[api.URN]bool{}
	return slices.DeleteFunc(es, func(e Entry) bool {
		if seen[e.URN] {
			return true
		}
		seen[e.URN] = true
		return false
	})
}

// Add records a play (call it when a track starts playing). A track played
// before moves to the top with the new time.
func (h *History) Add(e Entry) {
	u, err := trackURN(e.URN)
	if err != nil {
		return
	}
	e.URN = u
	e.Title, e.Artist, e.Remote = clip(e.Title, maxText), clip(e.Artist, maxText), false
	if e.PlayedAt.IsZero() {
		e.PlayedAt = time.Now().UTC()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = slices.DeleteFunc(h.entries, func(x Entry) bool { return x.URN == e.URN })
	// Keep newest first even if the clock went back.
	i, _ := slices.BinarySearchFunc(h.entries, e.PlayedAt, func(x Entry, t time.Time) int { return t.Compare(x.PlayedAt) })
	h.entries = slices.Insert(h.entries, i, e)
	if len(h.entries) > MaxHistory {
		h.entries = h.entries[:MaxHistory]
	}
	h.dirty = true
}

// Entries returns a copy of the history, newest first.
func (h *History) Entries() []Entry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.entries)
}

// PlayedSince lists the tracks played at or after t, newest first: the
// "played in the last few hours" autoplay skips.
func (h *History) PlayedSince(t time.Time) []api.URN {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []api.URN
	for _, e := range h.entries {
		if e.PlayedAt.Before(t) {
			break
		}
		out = append(out, e.URN)
	}
	return out
}

// Save writes the history atomically when it changed since the last Save.
// With the state directory locked it first reads what is on disk and
// takes in the plays other processes saved meanwhile (one entry per
// track, the newest play wins, the newest MaxHistory kept), so two
// processes' plays both survive; the merged list becomes this history.
func (h *History) Save() error {
	h.saveMu.Lock()
	defer h.saveMu.Unlock()
	h.mu.Lock()
	dirty := h.dirty
	h.dirty = false
	h.mu.Unlock()
	if !dirty {
		return nil
	}
	var warn error
	err := withDirLock(h.dir, true, func() error {
		disk := historyDoc{now: time.Now()}
		var found bool
		found, warn = loadJSON(h.dir, HistoryFile, maxHistoryBytes, HistoryVersion, &disk, disk.now, true)
		h.mu.Lock()
		if found {
			h.entries = bounded(dedupNewest(append(h.entries, disk.Tracks...)))
		}
		doc := historyDoc{Version: HistoryVersion, Tracks: slices.Clone(h.entries)}
		h.mu.Unlock()
		if doc.Tracks == nil {
			doc.Tracks = []Entry{}
		}
		data, err := json.Marshal(&doc)
		if err != nil {
			return fmt.Errorf("save %s: %w", HistoryFile, err)
		}
		return writeAtomic(h.dir, HistoryFile, data)
	})
	if err != nil {
		h.mu.Lock()
		h.dirty = true
		h.mu.Unlock()
		return fmt.Errorf("history: %w", errors.Join(err, warn))
	}
	if warn != nil {
		return fmt.Errorf("history: saved, after: %w", warn)
	}
	return nil
}

// Merge combines SoundCloud's recently played list (GET
// /me/recently-played/tracks: newest first, no times) with this machine's
// history, newest first, one entry per track.
//
// Local entries keep their times and their order. A remote track this
// machine also played is that local entry (an anchor). A remote track this
// machine did not play (another device) has no time, so it is placed as old
// as the facts allow: SoundCloud's order says it was played after the next
// anchor below it in the remote list, so it goes right above that anchor;
// remote tracks below the last anchor (or all of them, when nothing was
// played here) go after every local entry. The user thus sees everything
// with a known time in true order, and a phone's plays next to the local
// plays SoundCloud says they followed, never above a newer local play that
// SoundCloud cannot order them against. Remote-only entries have Remote set
// and a zero PlayedAt ("on SoundCloud").
func Merge(remote []api.Track, local []Entry) []Entry {
	loc := dedupNewest(local)
	pos := make(map[api.URN]int, len(loc))
	for i, e := range loc {
		pos[e.URN] = i
	}
	before := map[int][]Entry{} // local index → remote entries right above it
	var pending []Entry
	seen := map[api.URN]bool{}
	for i := range remote {
		t := &remote[i]
		u, err := trackURN(t.URN)
		if err != nil || seen[u] {
			continue // not a track (a user, a playlist), or listed twice
		}
		seen[u] = true
		if at, ok := pos[u]; ok {
			before[at] = append(before[at], pending...)
			pending = nil
			continue
		}
		e := EntryOf(t, time.Time{})
		e.URN, e.PlayedAt, e.Remote = u, time.Time{}, true
		pending = append(pending, e)
	}
	out := make([]Entry, 0, len(loc)+len(seen))
	for i, e := range loc {
		out = append(out, before[i]...)
		out = append(out, e)
	}
	return append(out, pending...)
}
