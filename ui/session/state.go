package session

import (
	"fmt"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// StateFile is the session restore file in the state directory.
const StateFile = "session.json"

// StateVersion is the format SaveState writes and LoadState reads.
const StateVersion = 1

// Bounds of what LoadState reads and SaveState writes.
const (
	MaxStateBytes = 8 << 20 // a larger file is set aside unread
	MaxQueue      = 20_000  // queue entries kept (around the current one)
	maxText       = 512     // bytes of a stored title or artist
	maxTab        = 64      // bytes of the tab name
	// MaxRadioOwn bounds a radio's own tracks kept (the player's
	// RadioOwnLimit).
	MaxRadioOwn = 50
)

// Origins as stored: who queued an entry (the player's Origin); "" is
// the listener.
const (
	FromAutoplay = "autoplay"
	FromRadio    = "radio"
)

// Repeat modes as stored (the player's RepeatOff/One/All).
const (
	RepeatOff = "off"
	RepeatOne = "one"
	RepeatAll = "all"
)

// QueueItem is one queued track, with enough to show it before the API is
// asked again and to play it (the player resolves streams by URN).
type QueueItem struct {
	URN      api.URN       `json:"urn"`
	Title    string        `json:"title"`
	Artist   string        `json:"artist,omitempty"`
	Duration time.Duration `json:"duration_ns,omitempty"`
	Access   string        `json:"access,omitempty"` // playable, preview, blocked
	// Policy and Monetization keep what marks a Go+ track (api.Track's
	// Limit), so a restored row is badged before the API is asked again.
	Policy       string `json:"policy,omitempty"`
	Monetization string `json:"monetization_model,omitempty"`
	// From is who queued it: "", FromAutoplay or FromRadio, so a
	// radio's rows still say radio after a restart.
	From string `json:"from,omitempty"`
}

// Radio is the queue's radio (player.Radio): saved, so that after a
// restart it goes on from the same seed.
type Radio struct {
	Title string      `json:"title"`
	Seed  QueueItem   `json:"seed"`
	Own   []QueueItem `json:"own,omitempty"` // at most MaxRadioOwn
}

// ItemOf makes the queue entry of a track.
func ItemOf(t *api.Track) QueueItem {
	artist := t.MetadataArtist
	if artist == "" && t.User != nil {
		artist = t.User.Username
	}
	return QueueItem{URN: t.URN, Title: t.Title, Artist: artist, Duration: t.DurationTime(), Access: t.Access,
		Policy: t.Policy, Monetization: t.MonetizationModel}
}

// Track rebuilds a minimal api.Track the player can queue and the UI can show.
func (q QueueItem) Track() api.Track {
	t := api.Track{URN: q.URN, Kind: "track", Title: q.Title, Duration: q.Duration.Milliseconds(), Access: q.Access, Streamable: true,
		Policy: q.Policy, MonetizationModel: q.Monetization}
	if q.Artist != "" {
		t.User = &api.User{Username: q.Artist}
	}
	return t
}

// State is what session restore brings back: the queue, the current track
// and position, volume, shuffle/repeat and the tab. Shuffle restores the
// flag; the shuffled order itself is drawn again.
type State struct {
	Version  int           `json:"version"`
	Queue    []QueueItem   `json:"queue"`
	Current  int           `json:"current"` // index into Queue; -1 when none
	Position time.Duration `json:"position_ns"`
	Volume   int           `json:"volume"` // 0..100
	Shuffle  bool          `json:"shuffle"`
	Repeat   string        `json:"repeat"` // RepeatOff, RepeatOne, RepeatAll
	Tab      string        `json:"tab,omitempty"`
	SavedAt  time.Time     `json:"saved_at"`
	Radio    *Radio        `json:"radio,omitempty"` // nil: no radio runs
}

// check validates a loaded state. Structural damage (a queue entry without a
// URN, too many entries) sets the file aside; values out of range are
// clamped, since the rest of the session is still worth having.
func (s *State) check() error {
	if len(s.Queue) > MaxQueue {
		return fmt.Errorf("queue has %d entries, more than %d", len(s.Queue), MaxQueue)
	}
	for i, q := range s.Queue {
		u, err := api.ParseURN(string(q.URN), api.KindTrack)
		if err != nil || u.Kind() != api.KindTrack {
			return fmt.Errorf("queue entry %d: %q is not a track URN", i+1, clip(string(q.URN), 80))
		}
		s.Queue[i].URN = u
	}
	if r := s.Radio; r != nil {
		// a damaged radio is dropped; the queue is still worth having
		u, err := api.ParseURN(string(r.Seed.URN), api.KindTrack)
		if err != nil || u.Kind() != api.KindTrack {
			s.Radio = nil
		} else {
			r.Seed.URN = u
			own := r.Own[:0]
			for _, q := range r.Own {
				if u, err := api.ParseURN(string(q.URN), api.KindTrack); err == nil && u.Kind() == api.KindTrack {
					q.URN = u
					own = append(own, q)
				}
			}
			r.Own = own
		}
	}
	s.normalise()
	return nil
}

// normalise clamps every value into range and bounds the text.
func (s *State) normalise() {
	for i := range s.Queue {
		s.Queue[i].normalise()
	}
	if r := s.Radio; r != nil {
		r.Title = clip(r.Title, maxText)
		r.Seed.normalise()
		r.Own = r.Own[:min(len(r.Own), MaxRadioOwn)]
		for i := range r.Own {
			r.Own[i].normalise()
		}
	}
	if len(s.Queue) == 0 || s.Current < 0 || s.Current >= len(s.Queue) {
		s.Current = -1
		s.Position = 0
	}
	if s.Current >= 0 {
		// A position past the end is the end; with no known length
		// (duration 0 or less) no position can be checked, so it is 0.
		if d := s.Queue[s.Current].Duration; d <= 0 {
			s.Position = 0
		} else if s.Position > d {
			s.Position = d
		}
	}
	s.Position = max(s.Position, 0)
	s.Volume = max(0, min(s.Volume, 100))
	switch s.Repeat {
	case RepeatOff, RepeatOne, RepeatAll:
	default:
		s.Repeat = RepeatOff
	}
	s.Tab = clip(s.Tab, maxTab)
}

func (q *QueueItem) normalise() {
	q.Title, q.Artist = clip(q.Title, maxText), clip(q.Artist, maxText)
	q.Access = clip(q.Access, 16)
	q.Duration = max(q.Duration, 0)
	switch q.From {
	case "", FromAutoplay, FromRadio:
	default:
		q.From = ""
	}
}

// lastSaved is, per directory, the SavedAt of the newest state this process
// wrote, so that of two saves racing from different goroutines the older
// snapshot never replaces the newer one.
var (
	lastSavedMu sync.Mutex
	lastSaved   = map[string]time.Time{}
)

// SaveState writes the session state to dir/StateFile atomically, with the
// directory locked. Of two processes on one directory the last to save
// wins: a session is one TUI's queue and place, and mixing two would
// restore neither. Set
// SavedAt when taking the snapshot (zero means now): a snapshot older than
// one this process already wrote is dropped. A queue longer than MaxQueue
// keeps the MaxQueue entries around the current one.
func SaveState(dir string, st State) error {
	st.Version = StateVersion
	if st.SavedAt.IsZero() {
		st.SavedAt = time.Now()
	}
	st.SavedAt = st.SavedAt.UTC()
	lastSavedMu.Lock()
	defer lastSavedMu.Unlock()
	if st.SavedAt.Before(lastSaved[dir]) {
		return nil
	}
	if n := len(st.Queue); n > MaxQueue {
		start := 0
		if st.Current >= 0 {
			start = max(0, min(st.Current-MaxQueue/2, n-MaxQueue))
		}
		st.Queue = st.Queue[start : start+MaxQueue]
		if st.Current >= 0 {
			st.Current -= start
		}
	}
	st.Queue = append([]QueueItem(nil), st.Queue...) // normalise must not touch the caller's slice
	if st.Radio != nil {
		r := *st.Radio
		r.Own = append([]QueueItem(nil), r.Own...)
		st.Radio = &r
	}
	st.normalise()
	if st.Queue == nil {
		st.Queue = []QueueItem{}
	}
	if err := saveJSON(dir, StateFile, &st); err != nil {
		return err
	}
	lastSaved[dir] = st.SavedAt
	return nil
}

// LoadState reads the session state from dir. It returns (nil, nil) when
// there is none. A file that cannot be used is renamed aside and reported in
// warn (a *CorruptError); an unreadable one is reported and left alone. It
// never fails otherwise: the UI starts without a session and shows warn.
func LoadState(dir string) (st *State, warn error) {
	var s State
	found, warn := load(dir, StateFile, MaxStateBytes, StateVersion, &s, time.Now())
	if !found {
		return nil, warn
	}
	return &s, nil
}
