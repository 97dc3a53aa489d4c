// Package player owns sound for cirrus: it picks a track's stream, fetches
// and decodes it (HLS AAC through player/aac, MP3 through go-mp3), keeps the play
// queue, and feeds the sound device or a WAV file.
package player

import (
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

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
	// EventSeeked: audio from the position a seek asked for has reached the
	// output (MPRIS's Seeked signal; seek latency is measured up to it).
	EventSeeked
	// EventApplied: a command was applied (Status.Seq names it), whether
	// or not it changed anything.
	EventApplied
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
	Preview   bool   // playing a preview (a snippet), not the full track
	Note      string // how the stream plays, when the listener should know (HE-AAC heard as its core)
	Shuffle   bool
	Repeat    Repeat
	Index     int // index of Track in the queue, -1 if none
	// Seq is the last command the Controller applied: a reader holding
	// presses it sent with higher numbers knows they are still on their way.
	Seq uint64
	// Rev grows with every event: of two statuses, the one with the
	// higher Rev is the newer, whatever order they arrived in.
	Rev uint64

	// PreviewWhy says in plain words why a preview plays: the track
	// offers only that, the full stream was refused, or the only stream
	// was a snippet. Empty when the player does not know.
	PreviewWhy string

	// Radio is the queue's radio, nil when none runs (radio.go). It is
	// shared, never changed: a new radio is a new value.
	Radio *Radio
}

// NullOutput as Options.Output plays in real time into nothing: for
// machines without a sound device.
const NullOutput = "null"

// ALSAOutput as Options.Output plays through ALSA's default device (oto);
// "auto", "default" and "" do too for now (see PulseOutput).
const ALSAOutput = "alsa"

// Options configure a Player.
type Options struct {
	API        *api.Client
	Output     string        // "", "auto", "default" or ALSAOutput: the sound device through ALSA; PulseOutput: a PulseAudio-protocol server; NullOutput: nowhere, in real time; a path ending .wav: write a WAV file
	Device     string        // PulseOutput: the sink's name; "" follows the server's default and the user's moves
	Buffer     time.Duration // the sound device's buffer: what a busy machine must not drain, and how soon a volume change is heard (a seek, skip or pause drops or holds it)
	Volume     float64
	SampleRate int // device rate, default 44100

	// Formats limits and orders the streams tried, by their /streams names:
	// "hls_aac_160", "hls_aac_96", "hls_mp3_128", "http_mp3_128" and
	// "preview_mp3_128". Empty means all, in that order.
	Formats []string

	// WAVSpeed paces the WAV sink: 0 writes as fast as decoding allows,
	// 1 is real time, 4 four times faster. Ignored for the sound device.
	WAVSpeed float64

	// StallTimeout is how long a media download may go without a byte
	// (or a response) before it is retried from where it stopped; a second
	// stall fails the track. Default 15 s.
	StallTimeout time.Duration

	// Normalize levels loudness: NormalizeTrack plays every track at
	// -14 LUFS with its true peak under -1 dBTP (loudness_level.go);
	// "" or NormalizeOff plays tracks as they come.
	Normalize string
	// LoudnessFile is where the loudness measured per track is kept for
	// the next time (with NormalizeTrack); "" keeps nothing.
	LoudnessFile string

	res         resolver // tests may replace the API client
	pulseServer string   // tests: the PulseAudio server for PulseOutput ("" : $PULSE_SERVER, ...)
}
