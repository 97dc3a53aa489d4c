package player

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Player owns sound: sources, decoders, queue and output. Its methods never
// block on the network; loading happens in the background and is reported on
// the event channel.
type Player struct {
	opts   Options
	res    resolver
	out    output
	eng    *engine
	events chan Event
	ctx    context.Context
	cancel context.CancelFunc
	wake   chan struct{}

	mu     sync.Mutex
	q      *queue
	state  State
	volume float64
	cur    *trackStream
	next   *trackStream // preloaded, also handed to the engine
	// tail is the track the engine moved on from without a gap while
	// the output still holds its end: the listener hears it, so the
	// status, the events and the stream's name stay on it until the
	// next track is heard (the native output holds seconds).
	tail      *trackTail
	preloadOK bool // a preload is running or done for the current track
	gen       int  // bumps whenever the current track changes
	buffering bool
	failures  int  // tracks in a row that could not play
	backward  bool // the last move went back: a track that cannot play is skipped backwards
	away      bool // the output lost its device and is reaching for it again (see outputLost)
	closed    bool
	seq       uint64 // the last command applied
	rev       uint64 // bumps with every event
	ctl       *Controller
	loudMem   *loudMemory // loudness per track, remembered (Options.LoudnessFile)
}

const (
	defaultRate   = 44100
	defaultBuffer = 100 * time.Millisecond // the sound device's buffer (see config.Audio.Buffer)
	preloadAhead  = 20 * time.Second
	tickEvery     = 250 * time.Millisecond
	deviceStall   = 5 * time.Second // the device takes no audio: reported (tick)
	eventBacklog  = 64
)

// New opens the output. It fails with ErrNoDevice-wrapped errors when there is
// no sound device, never hangs.
func New(ctx context.Context, o Options) (*Player, error) {
	if o.SampleRate <= 0 {
		o.SampleRate = defaultRate
	}
	if o.Buffer <= 0 {
		o.Buffer = defaultBuffer
	}
	if o.Volume <= 0 || o.Volume > 1 {
		o.Volume = 1
	}
	switch o.Normalize {
	case "", NormalizeOff, NormalizeTrack:
	default:
		return nil, fmt.Errorf("player: unknown normalize %q (want %q or %q)", o.Normalize, NormalizeTrack, NormalizeOff)
	}
	res := o.res
	if res == nil && o.API != nil {
		res = o.API
	}
	if res == nil {
		return nil, errors.New("player: Options.API is required")
	}
	out, err := openOutput(o)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p := &Player{
		opts: o, res: res, out: out, ctx: pctx, cancel: cancel,
		events: make(chan Event, eventBacklog),
		wake:   make(chan struct{}, 1),
		q:      newQueue(),
		volume: o.Volume,
	}
	if o.Normalize == NormalizeTrack {
		p.loudMem = openLoudMemory(o.LoudnessFile)
	}
	p.eng = newEngine(o.SampleRate, p.trackEnded)
	p.eng.onSeek = func(ts *trackStream) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if ts == p.cur {
			p.emit(EventSeeked, nil)
		}
	}
	if r, ok := out.(reconnecter); ok {
		r.setReconnect(p.outputLost, p.outputBack)
	}
	if f, ok := out.(volumeFollower); ok {
		f.setOnVolume(p.outputVolume)
	}
	p.applyVolume(o.Volume)
	if err := out.start(p.eng); err != nil {
		out.close()
		cancel()
		return nil, err
	}
	p.ctl = NewController(p)
	go p.tick()
	return p, nil
}

// openOutput opens the output o names (New's defaults applied).
func openOutput(o Options) (output, error) {
	switch {
	case o.Output == NullOutput:
		return newNullOutput(o.SampleRate), nil
	case strings.HasSuffix(strings.ToLower(o.Output), ".wav"):
		return newWAVOutput(o.Output, o.SampleRate, o.WAVSpeed)
	case o.Output == PulseOutput:
		return newPulseOutput(o.SampleRate, o.pulseServer, o.Device, o.Volume)
	case o.Output == "" || o.Output == "default" || o.Output == "auto" || o.Output == ALSAOutput:
		return newOtoOutput(o.SampleRate, o.Buffer)
	}
	return nil, fmt.Errorf("player: unknown output %q (want \"auto\", \"pulse\", \"alsa\", \"null\" or a .wav path)", o.Output)
}

// outputVolume takes a volume set outside cirrus (a mixer) on the output:
// it is the player's volume now; the output already has it.
func (p *Player) outputVolume(v float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.volume == v {
		return
	}
	p.volume = v
	p.emit(EventVolume, nil)
}

// outputLost reports an output whose device went away and that is
// reaching for it again (the status line says so).
func (p *Player) outputLost(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.away = true
	if !p.closed {
		p.emit(EventError, err)
	}
}

// outputBack runs when the output reached its device again: the engine
// goes back to where the listener was when it went away (what the device
// held then was lost with it), and the output installs the new device.
func (p *Player) outputBack(install func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	var at time.Duration
	if p.cur != nil {
		at = p.eng.position(p.cur, p.out.buffered())
		p.eng.seek(p.cur, at)
	}
	install()
	p.away = false
	if p.cur != nil {
		p.emit(EventError, fmt.Errorf("audio device: the sound server is back; playing on from %s", clockOf(at)))
	}
}

// Events is the one channel the player reports on. Sends never block: when
// the reader falls behind, position updates are dropped first.
func (p *Player) Events() <-chan Event { return p.events }

// FramesPlayed is how many frames of tracks the player has handed to the
// output since it was made (heard, or written to the file): a headless run
// tells from it whether anything played, and whether playing moves on.
func (p *Player) FramesPlayed() int64 { return p.eng.frames.Load() }

// Status is a snapshot for views that poll instead of listening.
func (p *Player) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statusLocked()
}

func (p *Player) statusLocked() Status {
	s := Status{
		State: p.state, Volume: p.volume, Buffering: p.buffering,
		Shuffle: p.q.shuffle, Repeat: p.q.repeat, Index: p.q.current(),
		Seq: p.seq, Rev: p.rev, Radio: p.q.radio,
	}
	if t := p.q.track(s.Index); t != nil {
		s.Track = t
		s.Duration = t.DurationTime()
	}
	if p.cur != nil {
		// What is heard: the current track, or the end of the one the
		// engine moved on from (p.tail) while the output still holds it.
		heard, held := p.cur, p.out.buffered()
		if tl := p.tail; tl != nil {
			if behind := p.eng.heardBehind(p.cur, held); behind > 0 {
				heard, held = tl.ts, int(behind)
				s.Track, s.Duration = &tl.ts.track, tl.ts.track.DurationTime()
				if tr := p.q.track(tl.idx); tr != nil && tr.URN == tl.ts.track.URN {
					s.Track, s.Index = tr, tl.idx
				}
			}
		}
		s.Position = p.eng.position(heard, held)
		s.Preview = heard.preview
		if heard == p.cur { // the tail's why and note are not shown
			if s.Preview {
				s.PreviewWhy = redactText(sanitize(truncate(p.cur.previewWhy, 300)))
			}
			if n, ok := p.cur.source().(noter); ok {
				s.Note = n.streamNote()
			}
		}
		if heard.preview && heard.dur > 0 {
			s.Duration = heard.dur
		}
		if s.Duration > 0 && s.Position > s.Duration {
			s.Position = s.Duration
		}
	}
	// the API's duration is the server's word: never negative here
	s.Duration, s.Position = max(s.Duration, 0), max(s.Position, 0)
	return s
}

// trackTail is a track heard after the engine moved on from it (see
// Player.tail).
type trackTail struct {
	ts  *trackStream // ended in the engine; its counts stay readable
	idx int          // its place in the queue when it ended
}

// endTailLocked announces the track the engine moved on to: it is heard
// now, or a seek or a skip takes over from the old one's end. p.mu held.
func (p *Player) endTailLocked() {
	if p.tail == nil {
		return
	}
	p.tail = nil
	p.emit(EventTrackChanged, nil)
}

// emit sends without blocking. Position events are dropped when the reader
// is behind; other kinds push the oldest event out instead.
func (p *Player) emit(kind EventKind, err error) {
	p.rev++
	st := p.statusLocked()
	if kind == EventTrackChanged {
		if o, ok := p.out.(trackNamer); ok {
			o.setTrack(st.Track)
		}
	}
	p.emitStatus(Event{Kind: kind, Status: st, Err: err})
}

func (p *Player) emitStatus(ev Event) {
	for i := 0; i < 2; i++ {
		select {
		case p.events <- ev:
			return
		default:
		}
		if ev.Kind == EventPosition {
			return
		}
		select {
		case <-p.events:
		default:
		}
	}
}

func (p *Player) setState(s State) {
	if p.state == s {
		return
	}
	p.state = s
	p.emit(EventState, nil)
	p.wakeTick()
}

// wakeTick has the tick look now (it sleeps while nothing plays, and up
// to a second while a track plays).
func (p *Player) wakeTick() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Play resumes, or starts the current track when stopped.
func (p *Player) Play() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.playLocked()
}

func (p *Player) playLocked() {
	switch p.state {
	case Paused:
		if p.cur == nil {
			p.startCurrent(true)
			return
		}
		p.eng.setPaused(false)
		p.out.resume()
		p.setState(Playing)
	case Stopped:
		if p.q.current() < 0 && len(p.q.order) > 0 {
			p.q.pos = 0
		}
		if p.q.current() >= 0 {
			p.startCurrent(true)
		}
	}
}

// Pause stops sound and the device, keeping the position.
func (p *Player) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pauseLocked()
}

func (p *Player) pauseLocked() {
	if p.state != Playing && p.state != Loading {
		return
	}
	p.eng.setPaused(true)
	p.out.pause()
	p.setState(Paused)
}

// Toggle is play/pause on one key.
func (p *Player) Toggle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.toggleLocked()
}

func (p *Player) toggleLocked() {
	if p.state == Playing || p.state == Loading {
		p.pauseLocked()
	} else {
		p.playLocked()
	}
}

// Stop ends playback and releases the stream; the queue stays.
func (p *Player) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
}

func (p *Player) stopLocked() {
	p.gen++
	p.dropStreams()
	p.eng.setPaused(true)
	p.out.pause()
	p.out.flush()
	p.buffering = false
	p.setState(Stopped)
}

// endLocked stops at the end of the queue. Unlike Stop it leaves the
// output alone: the device plays out the end of the last track.
func (p *Player) endLocked() {
	p.gen++
	p.dropStreams()
	p.eng.setPaused(true)
	p.buffering = false
	p.setState(Stopped)
}

func (p *Player) dropStreams() {
	if p.cur != nil {
		p.cur.close()
		p.cur = nil
	}
	if p.next != nil {
		p.next.close()
		p.next = nil
	}
	p.preloadOK = false
	p.tail = nil
	p.eng.setNext(nil)
	p.eng.setCurrent(nil)
}

// Seek jumps to an absolute position in the current track.
func (p *Player) Seek(to time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seekLocked(to)
}

func (p *Player) seekLocked(to time.Duration) {
	if p.cur == nil {
		if p.state == Loading && to > 0 {
			// still opening: open again at the target instead
			p.startCurrentAt(true, to)
		}
		return
	}
	p.endTailLocked()
	dur := p.cur.dur
	if to < 0 {
		to = 0
	}
	if dur > 0 && to > dur {
		to = dur
	}
	p.eng.seek(p.cur, to)
	p.out.flush()
	p.emit(EventPosition, nil)
}

// SeekBy moves relative to the current position.
func (p *Player) SeekBy(delta time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seekByLocked(delta)
}

func (p *Player) seekByLocked(delta time.Duration) {
	if p.cur == nil {
		return
	}
	p.seekLocked(p.eng.position(p.cur, p.out.buffered()) + delta)
}

// SetVolume sets the volume, 0..1.
func (p *Player) SetVolume(v float64) {
	v = max(0, min(1, v))
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setVolumeLocked(v)
}

func (p *Player) setVolumeLocked(v float64) {
	p.volume = v
	p.applyVolume(v)
	p.emit(EventVolume, nil)
}

// applyVolume hands volume v (p.volume's value) to where it is applied, as
// a gain of v² (closer to perceived loudness than linear): the output,
// after its buffers, where it can (oto's device writer: heard after the
// device buffer), else the engine (heard after everything queued after
// it).
func (p *Player) applyVolume(v float64) {
	g := v * v
	if o, ok := p.out.(gainer); ok && o.setGain(g) {
		p.eng.setGain(1)
		return
	}
	p.eng.setGain(g)
}

// Next skips to the next track in play order (with repeat all, wrapping).
func (p *Player) Next() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextLocked()
}

func (p *Player) nextLocked() {
	p.backward = false
	if p.tail != nil {
		// the end of the track shown is heard, the next one already
		// plays behind it: that one starts now
		p.seekLocked(0)
		return
	}
	if !p.q.advance(false) {
		p.stopLocked()
		return
	}
	p.startCurrent(p.state != Paused)
}

// Previous restarts the track after its first seconds, else goes back one.
func (p *Player) Previous() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.previousLocked()
}

func (p *Player) previousLocked() {
	if p.cur != nil && p.eng.position(p.cur, p.out.buffered()) > 3*time.Second {
		p.seekLocked(0)
		return
	}
	if !p.q.back() {
		if p.cur != nil {
			p.seekLocked(0)
		}
		return
	}
	p.backward = true
	p.startCurrent(p.state != Paused)
}

// Close stops sound and releases the device (or finishes the WAV file).
func (p *Player) Close() error {
	if p.ctl != nil {
		p.ctl.Close() // no command is applied to a closing player
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.gen++
	p.dropStreams()
	p.eng.setPaused(true)
	if p.state == Playing || p.state == Loading {
		p.out.pause() // quitting mid-track is silent at once
	}
	p.mu.Unlock()
	p.cancel()
	p.eng.close()
	return p.out.close()
}

// PlayTracks replaces the queue with tracks and starts at index start.
func (p *Player) PlayTracks(tracks []api.Track, start int) {
	p.replaceQueue(tracks, start, true, 0)
}

// replaceQueue replaces the queue with tracks and opens track start at
// position at, playing it if autoplay (PlayTracks) or paused (Restore).
func (p *Player) replaceQueue(tracks []api.Track, start int, autoplay bool, at time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.set(tracks, start)
	p.backward = false
	p.emit(EventQueueChanged, nil)
	if p.q.current() < 0 {
		p.stopLocked()
		return
	}
	p.startCurrentAt(autoplay, at)
}

// PlayTracksAt is PlayTracks with the first track starting at position at,
// fetching nothing before it (resuming where the listener left off).
func (p *Player) PlayTracksAt(tracks []api.Track, start int, at time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.set(tracks, start)
	p.emit(EventQueueChanged, nil)
	if p.q.current() < 0 {
		p.stopLocked()
		return
	}
	p.startCurrentAt(true, at)
}

// Load makes t the only track in the queue and prepares it paused at the
// start (stream resolved, first audio buffered), so Play starts at once.
func (p *Player) Load(t api.Track) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.set([]api.Track{t}, 0)
	p.emit(EventQueueChanged, nil)
	p.startCurrent(false)
}

// Queue operations.

// Enqueue appends tracks to the queue.
func (p *Player) Enqueue(tracks ...api.Track) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.append(tracks...)
	p.queueChanged()
}

// EnqueueAutoplay appends tracks that autoplay chose: the queue keeps
// which entries they are (QueueEntries), so a view can tell them from the
// same tracks queued by hand.
func (p *Player) EnqueueAutoplay(tracks ...api.Track) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.appendFrom(FromAutoplay, tracks...)
	p.queueChanged()
}

// EnqueueFrom appends tracks marked as o's (a radio's refill).
func (p *Player) EnqueueFrom(o Origin, tracks ...api.Track) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.appendFrom(o, tracks...)
	p.queueChanged()
}

// Upcoming counts the entries marked o still to play after the current
// one, in play order (a radio refills when few are left).
func (p *Player) Upcoming(o Origin) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.q.upcoming(o)
}

// QueueEntry is one row of the queue.
type QueueEntry struct {
	Track api.Track
	From  Origin // who queued it: the listener, autoplay or a radio
}

// QueueEntries is Queue with where each entry came from.
func (p *Player) QueueEntries() []QueueEntry {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]QueueEntry, len(p.q.tracks))
	for i, t := range p.q.tracks {
		out[i] = QueueEntry{Track: t}
		if i < len(p.q.from) {
			out[i].From = p.q.from[i]
		}
	}
	return out
}

// PlayNext inserts tracks right after the current one.
func (p *Player) PlayNext(tracks ...api.Track) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.insertNext(tracks...)
	p.queueChanged()
}

// Remove drops the track at index i (in Queue order); removing the playing
// track moves on to the next one.
func (p *Player) Remove(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.q.remove(i) {
		p.queueChanged()
		if p.q.advance(false) {
			p.startCurrent(p.state != Paused)
		} else {
			p.stopLocked()
		}
		return
	}
	p.queueChanged()
}

// Move moves the track at from to index to.
func (p *Player) Move(from, to int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.move(from, to)
	p.queueChanged()
}

// ClearQueue stops and empties the queue.
func (p *Player) ClearQueue() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearQueueLocked()
}

func (p *Player) clearQueueLocked() {
	p.q.clear()
	p.stopLocked()
	p.emit(EventQueueChanged, nil)
}

// SetShuffle turns shuffled play order on or off; the current track stays.
func (p *Player) SetShuffle(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.setShuffle(on)
	p.queueChanged()
}

// SetRepeat sets what happens at the end of a track and of the queue.
func (p *Player) SetRepeat(r Repeat) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.repeat = r
	p.queueChanged()
}

// Queue returns a copy of the queue in display order.
func (p *Player) Queue() []api.Track {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]api.Track(nil), p.q.tracks...)
}

// queueChanged drops a preload that may no longer be what comes next.
func (p *Player) queueChanged() {
	if p.cur != nil {
		p.cur.idx = p.q.current()
	}
	if p.next != nil {
		p.next.close()
		p.next = nil
		p.eng.setNext(nil)
	}
	p.preloadOK = false
	p.emit(EventQueueChanged, nil)
}

// refusedForApp takes over a track that failed because SoundCloud refuses
// this app full streams (api.ErrAppNotEntitled, README "Accounts"). Every
// other full track would hit the same wall, so the player says it once,
// then moves on only to a track that offers a preview (access "preview",
// played from /preview, which the app may still use), in the direction of
// travel, or stops. It reports whether it took the failure. p.mu held.
func (p *Player) refusedForApp(t *api.Track, err error) bool {
	if !errors.Is(err, api.ErrAppNotEntitled) {
		return false
	}
	p.emit(EventError, fmt.Errorf("play %q: %w", sanitize(t.Title), err))
	at := p.q.pos
	for range len(p.q.order) {
		if !p.skip() {
			break
		}
		if next := p.q.track(p.q.current()); next != nil && next.Access == api.AccessPreview {
			p.failures = 0
			p.startCurrent(true)
			return true
		}
	}
	p.q.pos = at // stopped on the refused track, not past the queue's end
	p.failures, p.backward = 0, false
	p.stopLocked()
	return true
}
