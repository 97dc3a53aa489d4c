package player

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/gopxl/beep/v2"
)

// source decodes one track from a position onto a pcmQueue.
type source interface {
	decode(ctx context.Context, from time.Duration, q *pcmQueue, warn func(error)) error
}

// noter is a source with something to tell the listener about how it
// plays (Status.Note), such as an HE-AAC stream heard as its core.
type noter interface {
	streamNote() string
}

// noteError is what a source tells through warn that is not trouble (an
// HE-AAC stream heard as its core): it never fails a stream on trial.
type noteError string

func (e noteError) Error() string { return string(e) }

// frameLost is a decoder's word, at once, that a frame did not decode,
// ahead of its summary warning: it fails a stream on trial and is not
// said otherwise.
type frameLost struct{ err error }

func (e frameLost) Error() string { return e.err.Error() }
func (e frameLost) Unwrap() error { return e.err }

// pcmAhead bounds decoded audio waiting in memory per track.
const pcmAhead = 3 * time.Second

// trackStream is one loaded track: its source and the decoding currently
// running from some position.
type trackStream struct {
	track api.Track
	idx   int // index in the queue when it was loaded
	// preview, dur and previewWhy are set before the stream is handed
	// out; snippet changes them later with the player's and the
	// engine's locks held, the locks their readers hold
	preview bool
	dur     time.Duration
	bytes   atomic.Int64 // media bytes read
	warn    func(error)
	// the open loop of its streams (open.go), for one failing early
	op      *opener
	snippet func(why string, length time.Duration) // labels it a preview found late

	srcMu sync.Mutex
	cur   *opening // the stream playing: changes when one fails over

	previewWhy string // why a preview plays instead of the track
	// opening: the stream is on trial (openTrack) until its first
	// trialAudio decoded cleanly; trouble meanwhile fails it instead of
	// being warned.
	opening atomic.Bool

	ctx    context.Context // the track's lifetime
	cancel context.CancelFunc

	// guarded by engine.mu
	epoch    int
	seeked   bool // a seek is waiting for its first audio
	q        *pcmQueue
	dcancel  context.CancelFunc
	origin   time.Duration // timeline position of q's first frame
	played   int64         // device frames delivered since origin
	streamer frameReader
	done     chan struct{} // closed when the decoding goroutine exits

	level *trackLevel // the track's loudness and gain; nil: not normalised
}

// start (re)starts decoding at from. The caller holds engine.mu or owns ts
// exclusively.
func (ts *trackStream) start(from time.Duration, deviceRate int) {
	if ts.dcancel != nil {
		ts.dcancel()
		ts.q.close()
	}
	ctx, cancel := context.WithCancel(ts.ctx)
	q := newPCMQueue(int(pcmAhead.Seconds() * 48000))
	ts.epoch++
	ts.q, ts.dcancel, ts.origin, ts.played, ts.streamer = q, cancel, from, 0, nil
	done := make(chan struct{})
	ts.done = done
	go func() {
		defer close(done)
		var err error
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("decoder crashed: %v", r)
			}
			if ctx.Err() != nil {
				err = nil
			}
			q.finish(err)
		}()
		warn := func(err error) {
			if ctx.Err() != nil {
				return
			}
			var note noteError
			if ts.opening.Load() && !errors.As(err, &note) {
				// its first audio did not decode: the stream fails
				// its trial (the decoder is cancelled with it)
				q.finish(err)
				return
			}
			var lost frameLost
			if ts.warn != nil && !errors.As(err, &lost) {
				ts.warn(err)
			}
		}
		err = ts.play(ctx, from, q, warn)
	}()
}

// stream is the stream playing and its source.
func (ts *trackStream) stream() (*opening, source) {
	ts.srcMu.Lock()
	defer ts.srcMu.Unlock()
	return ts.cur, ts.cur.src
}

// source is the source playing.
func (ts *trackStream) source() source {
	_, src := ts.stream()
	return src
}

// kind is the kind of the stream playing.
func (ts *trackStream) kind() streamKind {
	o, _ := ts.stream()
	return o.c.kind
}

// setStream makes o the stream playing, from the next decoding on.
func (ts *trackStream) setStream(o *opening) {
	ts.srcMu.Lock()
	ts.cur = o
	ts.srcMu.Unlock()
}

// endTrack moves from ts, which ended (err: why, if it failed), to the
// preloaded track without a gap. e.mu held.
func (e *engine) endTrack(ts *trackStream, err error) {
	nx := e.next
	e.cur, e.next = nx, nil
	if e.onEnd != nil {
		go e.onEnd(ts, nx, err)
	}
}

// overrun is how far past its announced duration a stream may play: the
// duration is the server's word and may be a little short, but a stream
// that goes on (an HLS playlist of a million segments) must not play, or
// fill a WAV file, for ever. A tenth of the duration, at least 30 s.
func overrun(dur time.Duration) time.Duration { return max(30*time.Second, dur/10) }

// overran is the error of a stream that has played past its duration by
// more than overrun; nil while it has not, or when the duration is
// unknown. The caller holds engine.mu.
func (ts *trackStream) overran(rate int) error {
	if ts.dur <= 0 {
		return nil
	}
	end := ts.origin + time.Duration(ts.played)*time.Second/time.Duration(rate)
	if end <= ts.dur+overrun(ts.dur) {
		return nil
	}
	return fmt.Errorf("%w: still going at %s, %s announced: stopped", ErrTooLong, clockOf(end), clockOf(ts.dur))
}

// endedEarly is the error of a stream that ended without one far short of
// its announced duration (less than half of it), or without any audio:
// random bytes where an MP3 was announced can pass for a few garbage
// frames and end "normally". Half, not all: a duration is the server's
// word and may be a little off. The caller holds engine.mu.
func (ts *trackStream) endedEarly(rate int) error {
	end := ts.origin + time.Duration(ts.played)*time.Second/time.Duration(rate)
	switch {
	case ts.dur > 0 && end < ts.dur/2:
		return fmt.Errorf("%w at %s of %s: not audio, or cut short", ErrEndedEarly, clockOf(end), clockOf(ts.dur))
	case ts.dur <= 0 && ts.origin == 0 && ts.played == 0:
		return fmt.Errorf("%w: no audio in it", ErrEndedEarly)
	}
	return nil
}

// clockOf formats d as m:ss for messages.
func clockOf(d time.Duration) string {
	s := int64(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (ts *trackStream) close() {
	ts.level.finish()
	ts.cancel()
	if ts.q != nil {
		ts.q.close()
	}
}

// frameReader is what the engine reads a track's frames from, at the device
// rate: the queue itself, or a resampler over it.
type frameReader interface {
	read(dst [][2]float32) (int, bool)
}

// streamFor returns the track's frames at the device rate, building the
// resampler once the decoder has told the source rate.
func (ts *trackStream) streamFor(q *pcmQueue, deviceRate int) frameReader {
	var fr frameReader = q
	if r := q.sampleRate(); r != 0 && r != deviceRate {
		fr = &beepReader{s: beep.Resample(3, beep.SampleRate(r), beep.SampleRate(deviceRate), q)}
	}
	if ts.level != nil {
		return ts.level.reader(fr, deviceRate)
	}
	return fr
}

// beepReader reads a beep.Streamer (the resampler) as float32 frames.
type beepReader struct {
	s   beep.Streamer
	buf [][2]float64
}

func (b *beepReader) read(dst [][2]float32) (int, bool) {
	if cap(b.buf) < len(dst) {
		b.buf = make([][2]float64, len(dst))
	}
	n, ok := b.s.Stream(b.buf[:len(dst)])
	for i, f := range b.buf[:n] {
		dst[i] = [2]float32{float32(f[0]), float32(f[1])}
	}
	return n, ok
}

// engine turns the current track into the device's sample stream. The
// output pulls from it (Read); it moves to the preloaded next track inside
// the same read, so there is no gap between tracks.
type engine struct {
	mu     sync.Mutex
	cond   *sync.Cond
	rate   int
	cur    *trackStream
	next   *trackStream
	paused bool
	closed bool
	gain   float64
	frames atomic.Int64 // frames of tracks handed to the output, ever
	onEnd  func(old, next *trackStream, err error)
	onSeek func(ts *trackStream) // first audio after a seek was delivered
	tmp    [][2]float32
	moves  uint64 // bumped by every seek and change of track that is not gapless (see readMoves)
}

func newEngine(rate int, onEnd func(old, next *trackStream, err error)) *engine {
	e := &engine{rate: rate, paused: true, gain: 1, onEnd: onEnd}
	e.cond = sync.NewCond(&e.mu)
	return e
}

func (e *engine) setCurrent(ts *trackStream) {
	e.mu.Lock()
	e.cur = ts
	e.moves++
	e.mu.Unlock()
	e.cond.Broadcast()
}

func (e *engine) setNext(ts *trackStream) {
	e.mu.Lock()
	e.next = ts
	e.mu.Unlock()
}

func (e *engine) setPaused(p bool) {
	e.mu.Lock()
	e.paused = p
	e.mu.Unlock()
	e.cond.Broadcast()
}

// setGain sets the gain the engine applies (1 where the output applies
// the volume itself, see Player.applyVolume).
func (e *engine) setGain(g float64) {
	e.mu.Lock()
	e.gain = g
	e.mu.Unlock()
}

// seek restarts ts's decoding at to.
func (e *engine) seek(ts *trackStream, to time.Duration) {
	e.mu.Lock()
	ts.start(to, e.rate)
	ts.seeked = true
	e.moves++
	e.mu.Unlock()
	e.cond.Broadcast()
}

func (e *engine) close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.cond.Broadcast()
}

// position is where ts is heard, given how many frames sit in the output's
// buffer after the engine.
func (e *engine) position(ts *trackStream, outBuffered int) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := ts.played - int64(outBuffered)
	if f < 0 {
		f = 0
	}
	return ts.origin + time.Duration(f)*time.Second/time.Duration(e.rate)
}

// heardBehind is how many of the outBuffered frames the output holds come
// before ts's first: the end of the track the engine moved on from, still
// to be heard. Zero or less once ts is heard.
func (e *engine) heardBehind(ts *trackStream, outBuffered int) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return int64(outBuffered) - ts.played
}

// Read fills p with float32 little-endian stereo frames at the device rate.
// It blocks while paused or idle, and while the decoder is behind.
func (e *engine) Read(p []byte) (int, error) {
	n, _, err := e.readMoves(p, nil)
	return n, err
}

// readMoves is Read that also tells which moves (seeks and changes of
// track) the frames come after: an output whose write can land after it
// was flushed drops what it read before the move it flushed for (its
// movesNow then).
//
// taken, if not nil, is told how many frames the engine counted as
// delivered (the position moved on by them) before they are converted
// into p: an output that keeps the count of what it holds has the
// position right while a large read is being converted.
func (e *engine) readMoves(p []byte, taken func(frames int)) (int, uint64, error) {
	buf, g, moves, err := e.fill(len(p) / 8)
	if taken != nil {
		taken(len(buf))
	}
	out := p[:len(buf)*8]
	for i, f := range buf {
		o := out[i*8 : i*8+8]
		binary.LittleEndian.PutUint32(o, math.Float32bits(clamp(f[0]*g)))
		binary.LittleEndian.PutUint32(o[4:], math.Float32bits(clamp(f[1]*g)))
	}
	return len(out), moves, err
}

// movesNow is the count of moves so far (see readMoves).
func (e *engine) movesNow() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.moves
}

// ReadS16 is Read in 16-bit little-endian stereo frames, what a WAV file
// holds: the same samples, rounded (half away from zero) once.
func (e *engine) ReadS16(p []byte) (int, error) {
	buf, g, _, err := e.fill(len(p) / 4)
	out := p[:len(buf)*4]
	for i, f := range buf {
		o := out[i*4 : i*4+4]
		binary.LittleEndian.PutUint16(o, uint16(toS16(clamp(f[0]*g))))
		binary.LittleEndian.PutUint16(o[2:], uint16(toS16(clamp(f[1]*g))))
	}
	return len(out), err
}

// clamp limits a sample to [-1, 1]. Plain comparisons (rarely taken) are
// cheaper than the min and max builtins' NaN handling; a NaN passes
// through either way.
func clamp(v float32) float32 {
	if v > 1 {
		return 1
	}
	if v < -1 {
		return -1
	}
	return v
}

// toS16 scales a sample in [-1, 1] to 16 bits, rounding half away from
// zero: v × 32767 is exact in float64, so adding ½ of its sign (bit
// operations, no branch to mispredict) and truncating is math.Round.
func toS16(v float32) int16 {
	x := float64(v) * 32767
	return int16(x + math.Copysign(0.5, x))
}

// fill gathers up to want frames of the current track (and the next one,
// across a track's end), before gain; g is the gain. It blocks while
// paused or idle, and while the decoder is behind. moves is e.moves as the
// frames were taken.
func (e *engine) fill(want int) (buf [][2]float32, g float32, moves uint64, err error) {
	if want == 0 {
		return nil, 0, 0, nil
	}
	e.mu.Lock()
	for (e.paused || e.cur == nil) && !e.closed {
		e.cond.Wait()
	}
	if e.closed {
		e.mu.Unlock()
		return nil, 0, 0, io.EOF
	}
	if cap(e.tmp) < want {
		e.tmp = make([][2]float32, want)
	}
	buf = e.tmp[:want]
	got := 0
	for got < want && e.cur != nil {
		ts := e.cur
		epoch, q := ts.epoch, ts.q
		if ts.streamer == nil {
			e.mu.Unlock()
			st := ts.streamFor(q, e.rate)
			e.mu.Lock()
			if e.cur != ts || ts.epoch != epoch {
				got = 0 // seeked, skipped or stopped meanwhile
			} else if ts.streamer == nil {
				ts.streamer = st
			}
			continue
		}
		st := ts.streamer
		e.mu.Unlock()
		n, ok := st.read(buf[got:])
		e.mu.Lock()
		if e.cur != ts || ts.epoch != epoch {
			// seeked, skipped or stopped meanwhile: these samples are
			// stale, and so is what this read gathered before them
			got = 0
			continue
		}
		ts.played += int64(n)
		e.frames.Add(int64(n))
		got += n
		if n > 0 && ts.seeked {
			ts.seeked = false
			if e.onSeek != nil {
				go e.onSeek(ts)
			}
		}
		if err := ts.overran(e.rate); err != nil {
			// a stream far longer than announced (a playlist of a million
			// segments): ended here, not played (or written) for ever
			e.endTrack(ts, err)
			continue
		}
		if ok && got == want {
			break
		}
		if !ok || n == 0 {
			if q.Err() == nil && !q.closedOrDone() {
				continue
			}
			err := q.Err()
			if err == nil {
				err = ts.endedEarly(e.rate)
			}
			e.endTrack(ts, err)
		}
	}
	g = float32(e.gain)
	moves = e.moves
	e.mu.Unlock()
	return buf[:got], g, moves, nil
}
