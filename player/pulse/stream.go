package pulse

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/jfreymuth/pulse/proto"
)

// StreamOptions describe a playback stream: stereo float32 frames.
type StreamOptions struct {
	Rate    int
	Sink    string            // a sink's name; "" follows the server's default and the user's moves
	Props   map[string]string // media.name, media.role, ...
	Target  time.Duration     // the server-side buffer (tlength)
	Request time.Duration     // the server asks for data when this much is missing (minreq); 0: a quarter of Target
	Start   time.Duration     // what must be buffered before playback starts, at first and after a flush or an underrun (prebuf)
	Volume  float64           // 0..1 on the server's scale (a mixer shows it as a percentage)
}

// FrameBytes is one stereo float32 frame.
const FrameBytes = 8

// Stream is one playback stream. It is created corked.
type Stream struct {
	c     *Conn
	index uint32 // the stream's channel
	input uint32 // the sink input (what pactl and mixers list)
	rate  int
	attr  BufferAttr
	wake  chan struct{}

	mu     sync.Mutex
	killed bool
	sink   string
	starts int   // Started notices (playback began after prebuffering)
	unders int   // Underflow notices
	asked  int64 // bytes the server's requests asked for
	change bool  // the server said the sink input changed (a mixer set its volume)
}

// BufferAttr is what the server granted, in bytes.
type BufferAttr struct {
	MaxLength, TargetLength, Prebuf, MinReq int
}

// NewPlayback creates a corked playback stream.
func (c *Conn) NewPlayback(o StreamOptions) (*Stream, error) {
	bytesFor := func(d time.Duration) uint32 {
		return uint32(d.Seconds()*float64(o.Rate)) * FrameBytes
	}
	tl := bytesFor(o.Target)
	minreq := tl / 4
	if o.Request > 0 {
		minreq = min(bytesFor(o.Request), tl)
	}
	req := &proto.CreatePlaybackStream{
		SampleSpec:            proto.SampleSpec{Format: proto.FormatFloat32LE, Channels: 2, Rate: uint32(o.Rate)},
		ChannelMap:            proto.ChannelMap{proto.ChannelLeft, proto.ChannelRight},
		SinkIndex:             proto.Undefined,
		SinkName:              o.Sink,
		BufferMaxLength:       2 * tl,
		Corked:                true,
		BufferTargetLength:    tl,
		BufferPrebufferLength: max(bytesFor(o.Start), FrameBytes),
		BufferMinimumRequest:  minreq,
		SyncID:                proto.Undefined,
		ChannelVolumes:        volumes(o.Volume),
		VolumeSet:             true,
		Properties:            propList(o.Props),
		// The target is the whole latency, the sink's included, as
		// mpv and ALSA's pulse plugin ask. Without it PulseAudio 16
		// set a null sink alone with this stream to half the target
		// and took every write into the sink at once: the stream ran
		// dry at every write and the sink played short bursts with
		// silence between (0.4 s heard of 10 s). Another stream on
		// the sink hid it.
		AdjustLatency: true,
	}
	var rpl proto.CreatePlaybackStreamReply
	if err := c.request(req, &rpl); err != nil {
		return nil, fmt.Errorf("pulse: create stream: %w", err)
	}
	if rpl.Rate != uint32(o.Rate) || rpl.Channels != 2 || rpl.Format != proto.FormatFloat32LE {
		s := &Stream{c: c, index: rpl.StreamIndex}
		s.Close()
		return nil, fmt.Errorf("pulse: server changed the stream's format to %d ch %d Hz (format %d)", rpl.Channels, rpl.Rate, rpl.Format)
	}
	s := &Stream{
		c: c, index: rpl.StreamIndex, input: rpl.SinkInputIndex, rate: o.Rate, sink: rpl.SinkName,
		attr: BufferAttr{int(rpl.BufferMaxLength), int(rpl.BufferTargetLength), int(rpl.BufferPrebufferLength), int(rpl.BufferMinimumRequest)},
		wake: make(chan struct{}, 1),
	}
	c.mu.Lock()
	c.streams[s.index] = s
	c.mu.Unlock()
	// Changes of sink inputs (a mixer setting the stream's volume) are
	// told as they happen (see Changed).
	if err := c.request(&proto.Subscribe{Mask: proto.SubscriptionMaskSinkInput}, nil); err != nil {
		s.Close()
		return nil, fmt.Errorf("pulse: subscribe: %w", err)
	}
	return s, nil
}

func (s *Stream) noteChange() {
	s.mu.Lock()
	s.change = true
	s.mu.Unlock()
	s.Poke()
}

// Changed tells whether the server said the stream's sink input changed
// since the last call (its volume, say).
func (s *Stream) Changed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.change
	s.change = false
	return c
}

// Volume is the stream's volume as the server has it (the mean of its
// channels), 0..1 on the server's scale (above 1 where a mixer boosts it).
func (s *Stream) Volume() (float64, error) {
	var rpl proto.GetSinkInputInfoReply
	if err := s.c.request(&proto.GetSinkInputInfo{SinkInputIndex: s.input}, &rpl); err != nil {
		return 0, err
	}
	if len(rpl.ChannelVolumes) == 0 {
		return 0, errors.New("pulse: the stream has no volume")
	}
	var sum float64
	for _, v := range rpl.ChannelVolumes {
		sum += float64(v)
	}
	return sum / float64(len(rpl.ChannelVolumes)) / float64(proto.VolumeNorm), nil
}

// volumes is a stereo volume of v (0..1) on the server's scale.
func volumes(v float64) proto.ChannelVolumes {
	v = max(0, min(1, v))
	n := uint32(math.Round(v * float64(proto.VolumeNorm)))
	return proto.ChannelVolumes{n, n}
}

// event handles the server's notices for this stream, on the reader
// goroutine: never blocks.
func (s *Stream) event(msg any) {
	s.mu.Lock()
	switch m := msg.(type) {
	case *proto.Request:
		s.asked += int64(m.Length)
	case *proto.Started:
		s.starts++
	case *proto.Underflow:
		s.unders++
	case *proto.PlaybackStreamKilled:
		s.killed = true
	case *proto.PlaybackStreamMoved:
		s.sink = m.DestName
	}
	s.mu.Unlock()
	s.Poke()
}

// Poke wakes whoever waits on Wake.
func (s *Stream) Poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Wake receives when the server asks for data or tells of the stream.
// Its requests are only a hint: how much to write is worked out from
// Timing (see Room), the same on every server.
func (s *Stream) Wake() <-chan struct{} { return s.wake }

// Asked is how many bytes the server's requests have asked for so far.
func (s *Stream) Asked() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked
}

// Started is how many times the server said playback started (after the
// prebuffer filled: at first, and after a flush or an underrun).
func (s *Stream) Started() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.starts
}

// Notices counts the server's notices that the stream started or ran
// dry: each one changes how its read index moves.
func (s *Stream) Notices() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.starts + s.unders
}

// Attr is the buffer the server granted.
func (s *Stream) Attr() BufferAttr { return s.attr }

// SinkInput is the stream's sink input index (what pactl lists).
func (s *Stream) SinkInput() uint32 { return s.input }

// Sink is the sink the stream plays on (it follows moves).
func (s *Stream) Sink() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sink
}

// Killed tells whether the server ended the stream (its sink went away).
func (s *Stream) Killed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.killed
}

// Write sends frames (whole frames of stereo float32) at the stream's
// write index.
func (s *Stream) Write(b []byte) error {
	if err := s.c.nc.Err(); err != nil {
		return err
	}
	if err := s.c.c.Send(s.index, b); err != nil {
		return err
	}
	return s.c.nc.Err()
}

// Cork pauses (true) or resumes the stream, on the server at once: a
// corked stream keeps what it holds.
func (s *Stream) Cork(corked bool) error {
	return s.c.request(&proto.CorkPlaybackStream{StreamIndex: s.index, Corked: corked}, nil)
}

// Flush drops everything the stream holds that was not played yet; the
// server's write index goes back to its read index, and playback waits
// for the prebuffer again.
func (s *Stream) Flush() error {
	return s.c.request(&proto.FlushPlaybackStream{StreamIndex: s.index}, nil)
}

// Timing is the server's account of the stream.
type Timing struct {
	WriteIndex, ReadIndex int64         // bytes the server has been given, and has taken into the sink
	SinkLatency           time.Duration // how long what the sink took takes to be heard
	Running               bool          // the stream is playing (not corked, not prebuffering)
	At                    time.Time     // when the reply came
}

// Heard is the byte index the listener hears at t, by the server's
// account at ti.At: the read index less what waits in the sink, moved on
// by the time since while the stream runs, never past the write index w
// (what the client wrote).
func (ti Timing) Heard(t time.Time, rate int, w int64) int64 {
	lat := int64(ti.SinkLatency.Seconds()*float64(rate)) * FrameBytes
	return max(0, min(ti.ReadAt(t, rate)-lat, w))
}

// ReadAt is the server's read index at t by this account: moved on by the
// time since while the stream runs.
func (ti Timing) ReadAt(t time.Time, rate int) int64 {
	r := ti.ReadIndex
	if ti.Running {
		r += int64(t.Sub(ti.At).Seconds()*float64(rate)) * FrameBytes
	}
	return r
}

// Timing asks the server where the stream stands.
func (s *Stream) Timing() (Timing, error) {
	now := time.Now()
	var rpl proto.GetPlaybackLatencyReply
	req := &proto.GetPlaybackLatency{StreamIndex: s.index,
		Time: proto.Time{Seconds: uint32(now.Unix()), Microseconds: uint32(now.Nanosecond() / 1000)}}
	if err := s.c.request(req, &rpl); err != nil {
		return Timing{}, err
	}
	return Timing{WriteIndex: rpl.WriteIndex, ReadIndex: rpl.ReadIndex,
		SinkLatency: time.Duration(rpl.Latency) * time.Microsecond, Running: rpl.Running, At: time.Now()}, nil
}

// SetVolume sets the stream's own volume (what a mixer shows for it),
// 0..1 on the server's scale.
func (s *Stream) SetVolume(v float64) error {
	return s.c.request(&proto.SetSinkInputVolume{SinkInputIndex: s.input, ChannelVolumes: volumes(v)}, nil)
}

// updateReplace is PA_UPDATE_REPLACE: the given keys are set, others kept.
const updateReplace = 2

// SetProps sets stream properties (media.name on a track change).
func (s *Stream) SetProps(props map[string]string) error {
	return s.c.request(&proto.UpdatePlaybackStreamProplist{StreamIndex: s.index, Mode: updateReplace, Properties: propList(props)}, nil)
}

// Close deletes the stream (what it holds is dropped).
func (s *Stream) Close() error {
	s.c.mu.Lock()
	delete(s.c.streams, s.index)
	s.c.mu.Unlock()
	err := s.c.request(&proto.DeletePlaybackStream{StreamIndex: s.index}, nil)
	if errors.Is(err, ErrClosed) {
		return nil
	}
	return err
}
