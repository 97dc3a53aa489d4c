package player

// CONTRACT NOTE (remove when implemented): these exported names are what ui/,
// MPRIS, `cirrus ctl` and `cirrus play` code against. The player helper
// implements them and may add to them, but must not change these signatures.

import (
	"context"
	"errors"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

var errTODO = errors.New("player: not implemented yet")

// State is what the player is doing.
type State int

const (
	Stopped State = iota
	Loading
	Playing
	Paused
)

func (s State) String() string {
	return [...]string{"stopped", "loading", "playing", "paused"}[s]
}

// Repeat modes of the queue.
type Repeat int

const (
	RepeatOff Repeat = iota
	RepeatOne
	RepeatAll
)

// EventKind tells which fields of an Event matter.
type EventKind int

const (
	EventState EventKind = iota
	EventPosition
	EventTrackChanged
	EventBuffering
	EventError
	EventQueueChanged
	EventVolume
)

// Event is sent on the player's one event channel, never blocking audio.
type Event struct {
	Kind   EventKind
	Status Status
	Err    error // EventError: what went wrong, user-readable
}

// Status is a snapshot of the player.
type Status struct {
	State     State
	Track     *api.Track
	Position  time.Duration
	Duration  time.Duration
	Volume    float64 // 0..1
	Buffering bool
	Preview   bool // playing a 30 s preview, not the full track
	Shuffle   bool
	Repeat    Repeat
	Index     int // index of Track in the queue, -1 if none
}

// Options configure a Player.
type Options struct {
	API        *api.Client
	Output     string        // "" or "default": the sound device; a path ending .wav: write a WAV file
	Buffer     time.Duration // output buffer
	Volume     float64
	SampleRate int // device rate, default 44100
}

// Player owns sound: sources, decoders, queue and output.
type Player struct{}

// New opens the output. It fails with ErrNoDevice-wrapped errors when there is
// no sound device, never hangs.
func New(ctx context.Context, o Options) (*Player, error) { return nil, errTODO }

func (p *Player) Events() <-chan Event       { return nil }
func (p *Player) Status() Status             { return Status{} }
func (p *Player) Play()                      {}
func (p *Player) Pause()                     {}
func (p *Player) Toggle()                    {}
func (p *Player) Stop()                      {}
func (p *Player) Seek(to time.Duration)      {}
func (p *Player) SeekBy(delta time.Duration) {}
func (p *Player) SetVolume(v float64)        {}
func (p *Player) Next()                      {}
func (p *Player) Previous()                  {}
func (p *Player) Close() error               { return nil }

// PlayTracks replaces the queue with tracks and starts at index start.
func (p *Player) PlayTracks(tracks []api.Track, start int) {}

// Queue operations.
func (p *Player) Enqueue(tracks ...api.Track)  {}
func (p *Player) PlayNext(tracks ...api.Track) {}
func (p *Player) Remove(i int)                 {}
func (p *Player) Move(from, to int)            {}
func (p *Player) ClearQueue()                  {}
func (p *Player) SetShuffle(on bool)           {}
func (p *Player) SetRepeat(r Repeat)           {}
func (p *Player) Queue() []api.Track           { return nil }
