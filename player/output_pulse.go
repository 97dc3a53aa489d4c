package player

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player/pulse"
)

// PulseOutput as Options.Output plays through a PulseAudio-protocol server
// (PulseAudio, or PipeWire's pipewire-pulse) directly, without ALSA.
const PulseOutput = "pulse"

// pulseTarget is the stream's server-side buffer (tlength); the server asks
// for more when half of it (minreq, pulseRequest) has played, so the
// writer wakes once a second. A seek, a skip or a stop flushes it, a pause
// corks it and the volume is the stream's own, so its size costs no heard
// latency; what the engine does to the audio (a change of the loudness
// setting) reaches the ear up to this late. 2 s, not 1: the process wakes about a fifth less while playing
// (73 context switches a second against 95, three interleaved 30 s runs).
// An earlier try of 2 s stopped after 2.5 s: the writer was not yet held
// to real time (see fill), and drained the engine.
const pulseTarget = 2 * time.Second

// pulseRequest is the stream's minreq: playing, the writer wakes once per
// pulseRequest played, and what the server holds runs between
// pulseTarget-pulseRequest and pulseTarget.
const pulseRequest = pulseTarget / 2

// pulseSafety: the writer fills when the server asks, when pulseRequest
// has played; if the server does not ask, it fills anyway after this long,
// while a quarter of the target is still there to play.
const pulseSafety = pulseTarget - pulseRequest/2

// pulseRecheck is how long the writer sizes its writes from the server's
// last account moved on by the clock, before it asks the server again; it
// asks at once after a flush, a cork, and any notice that the stream
// started or ran dry (see fill). One round trip every few seconds instead
// of one per write: each costs the process a wake-up.
const pulseRecheck = 3 * time.Second

// pulseChunk is one read from the engine (frames) while the stream is not
// running (after a flush, into a new stream): playback starts once this
// much is on the server (the stream's prebuffer), so a seek is heard after
// only this much is decoded.
const pulseChunk = 2048

// pulseBatch is one read (frames) while the stream runs, written as one frame of the
// protocol: 64000 bytes, under the 64 KiB that libpulse itself sends in
// one, so any server takes it. A second of audio goes in 6 writes, not 23:
// each write wakes the sound server, which (running at a higher priority)
// takes the processor from the writer at once.
const pulseBatch = 8000

// errNoSink: the server put the stream on another sink than the one asked for.
var errNoSink = errors.New("no such sink")

// pulseHint tells the user what to do when no server answers.
const pulseHint = "no PulseAudio-protocol sound server answered (PulseAudio, or PipeWire with pipewire-pulse); " +
	"start one, or set [audio] output = \"alsa\""

// pulseOutput plays through one stream on a PulseAudio-protocol server.
//
// A writer goroutine keeps about pulseTarget of audio on the server: it
// wakes when the server asks for data or tells of the stream (or, as a
// safety net, after pulseSafety) and writes what is missing. How much is
// worked out from the server's read index (its account, taken now and
// then and moved on by the clock; see needTimingLocked), not from its
// requests, which PipeWire's server and PulseAudio count differently
// after a flush. A flush (seek, skip, stop) drops what the
// server holds; a pause corks the stream, which keeps it. What is heard
// (buffered) is from the server's account: its read index less what waits
// in the sink.
//
// Each connection has a watcher goroutine (watch): when the server goes
// away, it keeps where the listener was, tells the player, and reconnects
// with backoff, whatever the writer is doing meanwhile.
type pulseOutput struct {
	rate   int
	server string // "" : $PULSE_SERVER or $XDG_RUNTIME_DIR/pulse/native
	sink   string // "" : the server's default, following the user's moves

	kick chan struct{}  // wakes the writer (resume, flush, rename, a new stream)
	quit chan struct{}  // closed by close: the writer and the watchers end
	done chan struct{}  // closed when the writer has ended
	wg   sync.WaitGroup // the watchers (see watch)

	mu     sync.Mutex
	conn   *pulse.Conn
	st     *pulse.Stream
	r      io.Reader
	corked bool
	moved  uint64 // the engine's moves at the last flush: frames read before it are stale
	wi     int64  // the stream's write index, in the server's count
	// paceAt, paceBase: since paceAt (the stream started, was flushed or
	// resumed), the writer writes at most up to paceBase plus the time
	// since and pulseTarget (see fill)
	paceAt   time.Time
	paceBase int64
	tm       pulse.Timing
	// flushes counts flushes; resync says the server's write index is to
	// be read again (a flush moved it back): the next timing taken after
	// the flush gives it (see takeTimingLocked)
	flushes uint64
	resync  bool
	notices int // the stream's Notices when o.tm was asked for
	// fills and asks count the writer's fills that wrote and the times
	// it asked the server where the stream stands (each a wake-up of
	// the process; see pulseRequest, pulseRecheck)
	fills, asks int
	// fresh says the server holds nothing of the stream but the
	// afterFlush bytes written since the last flush: the writer's next
	// fill writes without asking the server first (see fill)
	fresh      bool
	afterFlush int64
	held       int64   // bytes the writer took from the engine and has not written (see buffered)
	vol        float64 // the stream's volume, on the server's scale
	name       string  // media.name wanted
	named      string  // media.name the server has
	closed     bool

	lostErr  error // why the server went away; the connection's watcher reconnects
	onLost   func(error)
	onBack   func(install func())
	onVolume func(v float64)
}

// pulseProps are the stream's fixed properties: what mixers show and what
// routing rules match.
func pulseProps(name string) map[string]string {
	return map[string]string{
		"media.name":            name,
		"media.role":            "music",
		"application.name":      "cirrus",
		"application.icon_name": "multimedia-audio-player",
		"media.icon_name":       "audio-x-generic",
	}
}

// newPulseOutput connects and creates the (corked) stream. vol is the
// volume to start at (0..1).
func newPulseOutput(rate int, server, sink string, vol float64) (*pulseOutput, error) {
	o := &pulseOutput{rate: rate, server: server, sink: sink, corked: true, vol: vol, name: "cirrus",
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	if err := o.connect(); err != nil {
		if sink != "" && (pulse.NoSuchEntity(err) || errors.Is(err, errNoSink)) {
			return nil, fmt.Errorf("%w: the sound server has no output device %q (`cirrus devices` lists them)", ErrNoDevice, sink)
		}
		return nil, fmt.Errorf("%w: %s (%v)", ErrNoDevice, pulseHint, err)
	}
	return o, nil
}

// connect opens the connection and the stream and installs them; o not
// yet shared.
func (o *pulseOutput) connect() error {
	c, st, err := o.open(o.sink, o.name, o.vol)
	if err != nil {
		return err
	}
	o.installLocked(c, st)
	return nil
}

// open opens a connection and a corked stream on sink, named name, at
// volume vol.
func (o *pulseOutput) open(sink, name string, vol float64) (*pulse.Conn, *pulse.Stream, error) {
	c, err := pulse.Dial(o.server, map[string]string{
		"application.name":      "cirrus",
		"application.icon_name": "multimedia-audio-player",
	})
	if err != nil {
		return nil, nil, err
	}
	st, err := c.NewPlayback(pulse.StreamOptions{Rate: o.rate, Sink: sink, Props: pulseProps(name),
		Target: pulseTarget, Request: pulseRequest, Start: time.Duration(pulseChunk) * time.Second / time.Duration(o.rate), Volume: vol})
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	if sink != "" && st.Sink() != sink {
		// PipeWire's server plays a stream for a sink it lacks on its
		// default one instead of refusing it as PulseAudio does.
		st.Close()
		c.Close()
		return nil, nil, fmt.Errorf("pulse: create stream: %w", errNoSink)
	}
	return c, st, nil
}

// installLocked makes c and st (corked, new) the output's and starts the
// connection's watcher; o.mu held. The server's account starts over: what
// the writer read from the engine before now is dropped.
func (o *pulseOutput) installLocked(c *pulse.Conn, st *pulse.Stream) {
	o.conn, o.st, o.named = c, st, o.name
	o.wg.Add(1)
	go o.watch(c)
	o.wi, o.tm, o.resync, o.fresh, o.held = 0, pulse.Timing{}, false, false, 0
	o.notices = st.Notices()
	if t, err := st.Timing(); err == nil {
		o.wi, o.tm = t.WriteIndex, t
	}
	o.paceLocked(o.wi)
	if e, ok := o.r.(engineReader); ok {
		o.moved = e.movesNow()
	}
}

// setOnVolume gives the output the player's hook for a volume set
// elsewhere (see volumeFollower).
func (o *pulseOutput) setOnVolume(f func(v float64)) {
	o.mu.Lock()
	o.onVolume = f
	o.mu.Unlock()
}

// followVolume reads the stream's volume after the server said the stream
// changed, and tells the player if a mixer set it.
func (o *pulseOutput) followVolume(st *pulse.Stream) {
	if !st.Changed() {
		return
	}
	v, err := st.Volume()
	if err != nil {
		return
	}
	v = max(0, min(1, v)) // cirrus's volume stops at 100%
	o.mu.Lock()
	f := o.onVolume
	same := math.Abs(v-o.vol) < 0.005 || o.st != st
	if !same {
		o.vol = v
	}
	o.mu.Unlock()
	if !same && f != nil {
		f(v)
	}
}

// setReconnect gives the output the player's hooks (see reconnecter).
func (o *pulseOutput) setReconnect(lost func(error), back func(install func())) {
	o.mu.Lock()
	o.onLost, o.onBack = lost, back
	o.mu.Unlock()
}

// watch waits for the connection c to end, and when it ends before the
// output is closed, tells the player and reconnects. It runs apart from
// the writer, so that a lost server is noticed whatever the writer is
// doing: the writer may wait for a long time in the engine (which blocks
// while paused, and while the decoder is behind), and a server killed
// then must still be reported and reached again (a lost attempt had the
// writer notice, and the loss went unseen for as long as it waited).
func (o *pulseOutput) watch(c *pulse.Conn) {
	defer o.wg.Done()
	select {
	case <-c.Done():
	case <-o.quit:
		return
	}
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return
	}
	if o.conn == c {
		o.loseLocked(c.Err())
	}
	err, lost := o.lostErr, o.onLost
	o.mu.Unlock()
	if lost != nil {
		lost(fmt.Errorf("audio device: lost the sound server (%v); reconnecting", err))
	}
	o.reconnect()
}

// reconnectMax is the longest wait between two tries to reach a server
// that went away (the first is at once, then 100 ms, doubling).
const reconnectMax = 2 * time.Second

// reconnect tries, with backoff, to reach the server again and make a new
// stream, until it succeeds or the output is closed. The player's back
// hook moves the engine back to what was last heard and installs the new
// stream (uncorked unless the player paused meanwhile).
func (o *pulseOutput) reconnect() {
	delay := time.Duration(0)
	for {
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-o.quit:
				t.Stop()
				return
			}
		}
		delay = min(max(2*delay, 100*time.Millisecond), reconnectMax)
		o.mu.Lock()
		if o.closed {
			o.mu.Unlock()
			return
		}
		sink, name, vol, back := o.sink, o.name, o.vol, o.onBack
		o.mu.Unlock()
		c, st, err := o.open(sink, name, vol)
		if err != nil {
			continue
		}
		installed := false
		install := func() {
			o.mu.Lock()
			defer o.mu.Unlock()
			if o.closed {
				return
			}
			o.installLocked(c, st)
			o.lostErr = nil
			installed = true
			o.poke()
			if !o.corked {
				if err := st.Cork(false); err != nil {
					o.loseLocked(err)
				}
			}
		}
		if back != nil {
			back(install)
		} else {
			install()
		}
		if !installed {
			st.Close()
			c.Close()
		}
		return
	}
}

func (o *pulseOutput) poke() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

func (o *pulseOutput) start(r io.Reader) error {
	o.mu.Lock()
	o.r = r
	o.mu.Unlock()
	go o.run(r)
	return nil
}

// engineReader is what the writer reads: the engine, which tells which
// seek or change of track the frames come after.
type engineReader interface {
	readMoves(p []byte, taken func(frames int)) (int, uint64, error)
	movesNow() uint64
}

// read reads from r, with the engine's moves where r is the engine;
// taken is as for readMoves.
func read(r io.Reader, b []byte, taken func(frames int)) (int, uint64, error) {
	if e, ok := r.(engineReader); ok {
		return e.readMoves(b, taken)
	}
	n, err := r.Read(b)
	return n, 0, err
}

// run is the writer.
func (o *pulseOutput) run(r io.Reader) {
	defer close(o.done)
	buf := make([]byte, pulseBatch*pulse.FrameBytes)
	refill := time.NewTimer(pulseSafety)
	defer refill.Stop()
	for {
		o.mu.Lock()
		if o.closed {
			o.mu.Unlock()
			return
		}
		st, conn, corked := o.st, o.conn, o.corked
		o.mu.Unlock()
		if st == nil {
			// the server went away: the connection's watcher reconnects,
			// and pokes when a new stream is in place
			select {
			case <-o.kick:
			case <-o.quit:
				return
			}
			continue
		}
		o.applyName(st)
		o.followVolume(st)
		if !corked {
			ended, err := o.fill(st, r, buf)
			if ended {
				return // the engine is closed
			}
			if err != nil {
				o.loseStream(st, err)
				continue
			}
			refill.Reset(pulseSafety)
		}
		var tick <-chan time.Time
		if !corked {
			tick = refill.C
		}
		select {
		case <-st.Wake():
		case <-o.kick:
		case <-tick:
		case <-conn.Done():
			o.loseStream(st, conn.Err())
		case <-o.quit:
			return
		}
		if st.Killed() {
			// the server ended the stream (its sink went away): a new
			// one goes to the default sink
			o.loseStream(st, errors.New("the server ended the stream"))
		}
	}
}

// fill writes what the stream misses of pulseTarget, by the server's read
// index. ended says the reader ended (the engine was closed): the writer
// ends too. err is the stream's failure (the server went away), and the
// two are kept apart by where they come from, not by what the error is: a
// server killed mid-request fails it with the socket's io.EOF (wrapped),
// and the writer once took that for the engine's end and stopped for good,
// so that the player reconnected to the new server and played nothing.
func (o *pulseOutput) fill(st *pulse.Stream, r io.Reader, buf []byte) (ended bool, err error) {
	o.mu.Lock()
	if o.st != st {
		o.mu.Unlock()
		return false, nil
	}
	flushes := o.flushes
	fresh := o.fresh
	var room int64
	if fresh {
		// Just flushed: the server holds only what was written since,
		// and the writer need not ask before it writes (a round trip
		// on the way to the first sound after a seek). Where the
		// write index went is read by the next timing, taken after
		// these writes (takeTimingLocked).
		o.fresh = false
		room = int64(st.Attr().TargetLength) - o.afterFlush
	} else if o.needTimingLocked(st) {
		o.mu.Unlock()
		notices := st.Notices()
		t, err := st.Timing()
		if err != nil {
			return false, err
		}
		o.mu.Lock()
		if o.st != st || o.flushes != flushes {
			// gone, or flushed since the timing was asked for: it no
			// longer holds (the flush pokes the writer, which asks again)
			o.mu.Unlock()
			return false, nil
		}
		o.takeTimingLocked(t, notices)
		o.asks++
		room = int64(st.Attr().TargetLength) - (o.wi - t.ReadIndex)
	} else {
		// The server's last account, moved on by the clock (the
		// stream is not corked here), never past what was written.
		room = int64(st.Attr().TargetLength) - (o.wi - min(o.tm.ReadAt(time.Now(), o.rate), o.wi))
	}
	// Never more than real time allows. The server's read index is what
	// sizes the writes, and a server that takes everything at once would
	// have the writer drain a 3-min track from the engine in seconds.
	// PulseAudio did that to this stream while it asked for the default
	// latency mode (read index at the write index, never running); the
	// cure was the mode (pulse.NewPlayback's AdjustLatency), and this
	// bound stays as the bound on what any server's account can make the
	// writer do.
	limit := o.paceBase + int64((time.Since(o.paceAt)+pulseTarget).Seconds()*float64(o.rate))*pulse.FrameBytes
	room = min(room, limit-o.wi)
	// Not yet running (just flushed, new, or prebuffering): this fill
	// reads and writes in chunks, so the prebuffer is on the server as
	// soon as it is decoded, and each chunk as soon as it is, while the
	// server has little to play.
	chunk := int64(len(buf))
	if fresh || !o.tm.Running {
		chunk = pulseChunk * pulse.FrameBytes
	}
	o.mu.Unlock()
	wrote := false
	taken := func(frames int) {
		o.mu.Lock()
		o.held = int64(frames) * pulse.FrameBytes
		o.mu.Unlock()
	}
	for room >= pulseChunk*pulse.FrameBytes/2 {
		n, moves, err := read(r, buf[:min(chunk, room)], taken)
		n -= n % pulse.FrameBytes
		o.mu.Lock()
		o.held = 0 // written below, or dropped
		if err != nil {
			o.mu.Unlock()
			return true, nil
		}
		if o.st != st || o.closed {
			o.mu.Unlock()
			return false, nil
		}
		if moves < o.moved {
			o.mu.Unlock()
			continue // read before a seek or a skip that flushed the stream: stale
		}
		if err := st.Write(buf[:n]); err != nil {
			o.mu.Unlock()
			return false, err
		}
		o.wi += int64(n)
		o.afterFlush += int64(n)
		room -= int64(n)
		if !wrote && n > 0 {
			wrote = true
			o.fills++
		}
		o.mu.Unlock()
	}
	return false, nil
}

// needTimingLocked says whether the writer must ask the server where st
// stands before it writes, rather than move the last account on by the
// clock; o.mu held. It asks after a flush (the write index moved), while
// the stream is not running (corked or prebuffering: when it starts is the
// server's to say), after the server said it started or ran dry, and when
// the account is pulseRecheck old (the sink's clock drifts from this one's,
// and a server held up lags it).
func (o *pulseOutput) needTimingLocked(st *pulse.Stream) bool {
	return o.resync || o.tm.At.IsZero() || !o.tm.Running ||
		time.Since(o.tm.At) >= pulseRecheck || st.Notices() != o.notices
}

// applyName gives the stream the track's name if it changed.
func (o *pulseOutput) applyName(st *pulse.Stream) {
	o.mu.Lock()
	name, named := o.name, o.named
	o.mu.Unlock()
	if name == named {
		return
	}
	if err := st.SetProps(map[string]string{"media.name": name}); err == nil {
		o.mu.Lock()
		o.named = name
		o.mu.Unlock()
	}
}

// loseStream drops the connection of st (err says why) if st is still the
// output's stream: the writer may find an old stream failing after the
// watcher has put a new one in place.
func (o *pulseOutput) loseStream(st *pulse.Stream, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.st == st {
		o.loseLocked(err)
	}
}

// loseLocked drops the connection (err says why) and keeps where the
// listener was when it went: the position stands there until the stream
// is back. Closing the connection wakes its watcher, which reconnects.
// o.mu held; it never waits for the player, which may hold its own lock
// and wait for o.mu.
func (o *pulseOutput) loseLocked(err error) {
	if o.st == nil {
		return
	}
	if err == nil {
		err = pulse.ErrClosed
	}
	now := time.Now()
	tm := o.tm
	if o.corked {
		tm.Running = false
	}
	h := tm.Heard(now, o.rate, o.wi)
	o.tm = pulse.Timing{WriteIndex: o.wi, ReadIndex: h, At: now}
	o.conn.Close()
	o.conn, o.st = nil, nil
	o.lostErr = err
	o.poke()
}

// setTrack names the stream for the playing track ("Title — Artist"); the
// writer tells the server. It never waits for the server.
func (o *pulseOutput) setTrack(t *api.Track) {
	name := "cirrus"
	if t != nil {
		name = sanitize(t.Title)
		if a := trackArtist(t); a != "" {
			name += " — " + sanitize(a)
		}
	}
	o.mu.Lock()
	o.name = name
	o.mu.Unlock()
	o.poke()
}

func trackArtist(t *api.Track) string {
	if t.MetadataArtist != "" {
		return t.MetadataArtist
	}
	if t.User != nil {
		return t.User.Username
	}
	return ""
}

// pause corks the stream: the server stops at once and keeps what it holds.
func (o *pulseOutput) pause() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.corked {
		return
	}
	o.corked = true
	if o.st != nil {
		if err := o.st.Cork(true); err != nil {
			o.loseLocked(err)
			return
		}
		o.refreshLocked()
	}
}

// paceLocked starts the writer's real-time bound (see fill) at the byte
// index base, now; o.mu held.
func (o *pulseOutput) paceLocked(base int64) {
	o.paceAt, o.paceBase = time.Now(), base
}

// refreshLocked takes the server's account of the stream now (the
// position stands still while corked: it must be read after the cork).
func (o *pulseOutput) refreshLocked() {
	n := o.st.Notices()
	if t, err := o.st.Timing(); err == nil {
		o.takeTimingLocked(t, n)
	}
}

// takeTimingLocked keeps t, the server's account taken while o.mu was held
// or with no flush since it was asked for; o.mu held. After a flush it
// also gives the write index, which the flush moved back to the read
// index: every byte the writer wrote was sent before t was asked for (the
// writer writes with o.mu held, and one connection keeps the order).
// notices is the stream's Notices read before t was asked for.
func (o *pulseOutput) takeTimingLocked(t pulse.Timing, notices int) {
	o.tm, o.notices = t, notices
	if o.resync {
		o.resync = false
		o.wi = t.WriteIndex
		o.paceLocked(o.wi)
	}
}

func (o *pulseOutput) resume() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.corked {
		return
	}
	o.corked = false
	if o.st != nil {
		if err := o.st.Cork(false); err != nil {
			o.loseLocked(err)
			return
		}
		o.refreshLocked()
		o.paceLocked(o.tm.Heard(time.Now(), o.rate, o.wi))
	}
	o.poke()
}

// flush drops what the server holds (a seek, a skip, a stop), and what the
// writer read from the engine before the move that asked for it. It waits
// for one round trip to the server, not two: where the write index went
// is read by the writer's next look at the stream's timing, which it
// takes before it writes anyway (a second round trip here held the
// writer's first write after a seek for it, up to 25 ms on a loaded
// machine). Until then the position stands at the point moved to: what
// is heard is taken to stand still at the old write index.
func (o *pulseOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if e, ok := o.r.(engineReader); ok {
		o.moved = e.movesNow()
	}
	if o.st == nil {
		return
	}
	if err := o.st.Flush(); err != nil {
		o.loseLocked(err)
		return
	}
	o.flushes++
	o.resync, o.fresh, o.afterFlush, o.held = true, true, 0, 0
	o.tm = pulse.Timing{WriteIndex: o.wi, ReadIndex: o.wi, At: time.Now()}
	o.paceLocked(o.wi)
	o.poke()
}

// buffered is what was written and not heard yet, by the server's last
// account, moved on by the time since while the stream plays, and what the
// writer took from the engine and has not written yet (held): the engine
// counts a read as delivered before the writer converts and writes it, and
// the player's tick, due when a fill is, would otherwise see the position
// a whole read (pulseBatch, 0.18 s) ahead.
func (o *pulseOutput) buffered() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.tm.At.IsZero() {
		return 0
	}
	tm := o.tm
	if o.corked {
		tm.Running = false
	}
	h := tm.Heard(time.Now(), o.rate, o.wi)
	return int((o.wi + o.held - h) / pulse.FrameBytes)
}

// setGain sets the stream's own volume, which mixers show: cirrus's
// volume v (g = v²) is shown there as v, on the server's (cubic) scale.
func (o *pulseOutput) setGain(g float64) bool {
	v := math.Sqrt(max(0, min(1, g)))
	o.mu.Lock()
	defer o.mu.Unlock()
	o.vol = v
	if o.st != nil {
		if err := o.st.SetVolume(v); err != nil {
			o.loseLocked(err)
		}
	}
	return true
}

// err is always nil: a server that went away is reconnected to (the
// player is told through the reconnecter hooks), and one that freezes is
// caught by the player's watchdog (deviceStall), as on every output.
func (o *pulseOutput) err() error { return nil }

// close ends the stream. The engine is closed first. Unless the stream is
// corked (a quit while playing pauses it first), what it holds plays out
// first, at most pulseTarget and a second more.
func (o *pulseOutput) close() error {
	o.mu.Lock()
	st, corked := o.st, o.corked
	o.mu.Unlock()
	if st != nil && !corked {
		limit := time.Now().Add(pulseTarget + time.Second)
		for time.Now().Before(limit) {
			t, err := st.Timing()
			if err != nil || t.Heard(time.Now(), o.rate, o.wiNow()) >= o.wiNow() || !t.Running {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return nil
	}
	o.closed = true
	if o.st != nil {
		o.st.Close()
	}
	if o.conn != nil {
		o.conn.Close()
	}
	o.st = nil
	close(o.quit)
	o.mu.Unlock()
	<-o.done
	o.wg.Wait()
	return nil
}

func (o *pulseOutput) wiNow() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.wi
}

// pulseProbeWait bounds the look for a sound server when choosing an
// output.
const pulseProbeWait = 500 * time.Millisecond

// ChooseOutput resolves Options.Output's "auto" (and "", "default") to what
// New opens, and says why, for the log. "auto" stays on ALSA for now: the
// pulse output is opt-in until it is proven on PulseAudio and PipeWire
// alike; the log says whether a server would have answered.
func ChooseOutput(output string) (chosen, why string) {
	switch output {
	case "", "auto", "default":
	default:
		return output, "chosen in the configuration or on the command line"
	}
	if !alsaBuilt {
		return PulseOutput, "auto: this build has no ALSA output (built without cgo)"
	}
	network, addr, err := pulse.Server("")
	if err != nil {
		return ALSAOutput, fmt.Sprintf("auto: no PulseAudio-protocol server to look for (%v)", err)
	}
	if err := pulse.Probe(network, addr, pulseProbeWait); err != nil {
		return ALSAOutput, fmt.Sprintf("auto: no PulseAudio-protocol server answers at %s (%v)", addr, err)
	}
	return ALSAOutput, fmt.Sprintf("auto: a PulseAudio-protocol server answers at %s, but auto keeps ALSA until the native output is proven; set [audio] output = \"pulse\" to use it", addr)
}

// Sinks lists the output devices of the PulseAudio-protocol server ($PULSE_SERVER
// or $XDG_RUNTIME_DIR/pulse/native), for `cirrus devices`.
func Sinks() ([]pulse.Sink, error) {
	c, err := pulse.Dial("", map[string]string{"application.name": "cirrus"})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Sinks()
}
