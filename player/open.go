package player

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Opening a track is one loop over its streams, best first (candidates):
//
//	resolve  the stream's redirector to a signed media URL
//	open     fetch its playlist, or the first bytes of a progressive file,
//	         and learn its length
//	judge    a stream far shorter than the track is a preview
//	decode   start decoding and wait for the first decoded audio
//
// The first full stream through all four plays. Previews (those the API
// names so, and snippets found by their length) move to the end of the
// list, behind every full stream, and play labelled as previews; none plays when a full
// stream was refused outright (DRM): a preview must not hide that. A
// progressive stream whose length is unknown (no Content-Length) waits
// behind the HLS streams, whose playlists say theirs. When nothing plays,
// the error names each stream tried and why it failed. Every byte comes
// through media (resolve.go), which also redacts URLs.
//
// The loop (opener) outlives the opening: a stream that fails early while
// playing — it fails to decode in its first segment, or ends far short of
// the track (a snippet whose length was unknown) — goes back to it, and
// the next full stream carries on from the same position on the same
// queue, without a gap (trackStream.play). When none is left, a damaged
// stream plays on as it can, and one that ended short was a preview and
// is labelled so.

// openTrack picks the best stream for t and starts decoding it at at. ctx
// bounds the whole life of the returned stream.
func (p *Player) openTrack(ctx context.Context, t api.Track, idx int, at time.Duration) (*trackStream, error) {
	if t.Access == api.AccessBlocked {
		return nil, fmt.Errorf("%w: its owner does not allow playing it in this region or app", ErrBlocked)
	}
	cands, tries, err := p.listStreams(ctx, &t)
	if err != nil {
		return nil, err
	}
	op := &opener{p: p, t: t, tries: tries}
	for _, c := range cands {
		op.work = append(op.work, &opening{c: c})
	}
	for o := op.next(ctx, 0); o != nil; o = op.next(ctx, 0) {
		// the first decoded audio
		ts, err := p.startStream(ctx, op, o, t, idx, at)
		if err != nil {
			if o.preview() && !o.c.preview {
				err = fmt.Errorf("only a %s snippet of the %s track, and %w", clockOf(o.length), clockOf(t.DurationTime()), err)
			}
			op.fail(o, err)
			continue
		}
		return ts, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if len(op.tries) == 0 {
		return nil, ErrNoStream
	}
	return nil, &openError{tries: op.tries}
}

// opener is the open loop over one track's streams, from openTrack on
// for as long as the track plays.
type opener struct {
	p *Player
	t api.Track

	mu      sync.Mutex
	work    []*opening
	i       int     // the next in work
	tries   []tried // the streams that failed, and why
	refused error   // a full stream refused outright
}

// next is one turn of the loop: the next stream resolved, opened and
// judged, ready to decode; nil when none is left. A stream failing over
// at position at (> 0) takes only full streams that reach past at.
func (op *opener) next(ctx context.Context, at time.Duration) *opening {
	failover := at > 0
	for {
		if ctx.Err() != nil {
			return nil
		}
		op.mu.Lock()
		if op.i >= len(op.work) {
			op.mu.Unlock()
			return nil
		}
		o := op.work[op.i]
		op.i++
		rest := op.work[op.i:]
		switch {
		case failover && o.preview():
			// a preview does not carry a full track on
			op.mu.Unlock()
			o.release()
			continue
		case o.preview() && !o.waited && fullLeft(rest):
			// previews wait at the end until every full stream was tried
			op.postpone(o)
			op.mu.Unlock()
			continue
		case o.preview() && op.refused != nil:
			op.tries = append(op.tries, tried{o.c.name, errors.New("not tried: a preview does not stand in for a refused stream")})
			op.mu.Unlock()
			o.release()
			continue
		}
		op.mu.Unlock()
		if o.src == nil {
			// resolve and open
			if err := op.p.openStream(ctx, op.t, o); err != nil {
				if ctx.Err() != nil {
					// given up (a seek, a stop): not its fault, and
					// it stays next for a later turn
					op.mu.Lock()
					op.work = slices.Insert(op.work, op.i, o)
					op.mu.Unlock()
					return nil
				}
				op.fail(o, err)
				continue
			}
			if !o.c.preview && o.snippet(op.t.DurationTime()) {
				// judged a preview: next again, as one
				op.mu.Lock()
				o.why = fmt.Sprintf("the %s stream is only a %s snippet of the %s track", o.c.name, clockOf(o.length), clockOf(op.t.DurationTime()))
				op.work = slices.Insert(op.work, op.i, o)
				op.mu.Unlock()
				continue
			}
			if o.length == 0 && o.c.kind == kindMP3 && !o.waited && op.hlsLeft() {
				// its length unknown, it may be a snippet: the HLS
				// streams first, whose playlists say how long they are
				op.mu.Lock()
				op.postpone(o)
				op.mu.Unlock()
				continue
			}
		}
		if failover && o.length > 0 && o.length < at+5*time.Second {
			o.release()
			op.fail(o, fmt.Errorf("not tried at %s: the stream is only %s long", clockOf(at), clockOf(o.length)))
			continue
		}
		if o.c.preview && o.why == "" {
			op.mu.Lock()
			o.why = previewWhy(&op.t, op.tries)
			op.mu.Unlock()
		}
		return o
	}
}

// postpone moves o to the end of the list, behind the others. op.mu held.
func (op *opener) postpone(o *opening) {
	o.release()
	o.waited = true
	op.work = append(op.work, o)
}

// fail records why o did not play (or stopped playing).
func (op *opener) fail(o *opening, err error) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.tries = append(op.tries, tried{o.c.name, err})
	if hardRefusal(err) {
		op.refused = err
	}
}

// fullLeft says whether a full stream may still be tried.
func (op *opener) fullLeft() bool {
	op.mu.Lock()
	defer op.mu.Unlock()
	return fullLeft(op.work[op.i:])
}

// hlsLeft says whether an HLS stream is still to be tried.
func (op *opener) hlsLeft() bool {
	op.mu.Lock()
	defer op.mu.Unlock()
	for _, o := range op.work[op.i:] {
		if !o.preview() && o.c.kind != kindMP3 {
			return true
		}
	}
	return false
}

// fullLeft says whether any of work may be a full stream.
func fullLeft(work []*opening) bool {
	for _, o := range work {
		if !o.preview() {
			return true
		}
	}
	return false
}

// listStreams asks the API for the track's streams. When the listing of
// this one track is refused (403), its preview endpoint is still tried,
// and the refusal is the first line of the error if that fails too. A
// refusal of the app itself (since 2026, apps without a paid plan) is
// not papered over with a preview per track: every track would hit the
// same wall, and the player says so once (issue 24, part 5). Other
// failures (no such stream, a rate limit, a server down) end the track.
func (p *Player) listStreams(ctx context.Context, t *api.Track) ([]candidate, []tried, error) {
	streams, err := p.res.Streams(ctx, t.URN)
	var tries []tried
	if err != nil && t.Access != api.AccessPreview {
		if !api.IsForbidden(err) || errors.Is(err, api.ErrAppNotEntitled) {
			return nil, nil, fmt.Errorf("list streams: %w", err)
		}
		tries = append(tries, tried{"streams", fmt.Errorf("listing refused: %w", err)})
	}
	cands := filterFormats(candidates(t, streams, p.res.BaseURL()), p.opts.Formats)
	if len(cands) == 0 {
		if len(tries) > 0 {
			return nil, nil, &openError{tries: tries}
		}
		return nil, nil, ErrNoStream
	}
	return cands, tries, nil
}

// opening is one stream on its way to playing: a candidate, then
// resolved and opened (src set), then decoding (startStream).
type opening struct {
	c      candidate
	m      *media
	src    source
	length time.Duration // the stream's own length, 0 when unknown
	why    string        // why it is a preview, once known
	waited bool          // moved to the end, behind the full streams
	bytes  atomic.Int64  // media bytes read while opening
}

// preview says whether the stream is a preview: the API says so, or it
// was found to be a snippet.
func (o *opening) preview() bool { return o.c.preview || o.why != "" }

// release closes what an opened stream holds while others are tried.
func (o *opening) release() {
	if r, ok := o.src.(interface{ release() }); ok {
		r.release()
	}
}

// snippet says whether a stream is far shorter than the track: shorter
// than 80 % of it and more than 5 s short. A stream whose length is
// unknown is taken for whole; it ends early, if it does, while playing.
func (o *opening) snippet(track time.Duration) bool {
	return track > 0 && o.length > 0 && o.length*5 < track*4 && track-o.length > 5*time.Second
}

// lengther is a source that knows its length once opened.
type lengther interface {
	length() time.Duration
}

// openStream resolves a candidate and opens it: the playlist of an HLS
// stream, the first frames (and size) of a progressive MP3.
func (p *Player) openStream(ctx context.Context, t api.Track, o *opening) error {
	o.m = newMedia(p.res, o.c.redirector, &o.bytes, p.opts.StallTimeout)
	if _, err := o.m.url(ctx); err != nil {
		return &stageError{"its link did not resolve", err}
	}
	switch o.c.kind {
	case kindHLSAAC, kindHLSMP3:
		h, err := openHLS(ctx, o.m, o.c.kind)
		if err != nil {
			return &stageError{"it could not be opened", err}
		}
		o.src = h
	default:
		s := newMP3Source(o.m, t.DurationTime())
		if err := s.probe(ctx); err != nil {
			return &stageError{"it could not be opened", err}
		}
		o.src = s
	}
	if l, ok := o.src.(lengther); ok {
		o.length = l.length()
	}
	return nil
}

// startStream starts decoding an opened stream at at and waits for its
// first trialAudio of decoded audio: a stream that fails to decode there,
// or ends without audio, is given up and the next one tried.
func (p *Player) startStream(ctx context.Context, op *opener, o *opening, t api.Track, idx int, at time.Duration) (*trackStream, error) {
	tctx, cancel := context.WithCancel(ctx)
	ts := &trackStream{track: t, idx: idx, ctx: tctx, cancel: cancel, dur: max(t.DurationTime(), 0), op: op}
	ts.setStream(o)
	ts.bytes.Store(o.bytes.Load())
	o.m.bytes = &ts.bytes
	if o.preview() {
		ts.preview, ts.previewWhy = true, o.why
		switch {
		case o.length > 0:
			ts.dur = o.length
		case ts.dur == 0:
			ts.dur = 30 * time.Second
		default:
			ts.dur = min(ts.dur, 30*time.Second)
		}
		if s, ok := o.src.(*mp3Source); ok {
			s.duration = ts.dur // its seek table spans the snippet, not the track
		}
	}
	ts.warn = p.warner(ts)
	ts.snippet = p.snippetLabel(ts)
	p.levelFor(ts)
	if ts.dur > 0 && at >= ts.dur {
		at = 0
	}
	ts.opening.Store(true)
	ts.start(max(at, 0), p.opts.SampleRate)
	err := ts.q.waitAudio(tctx, trialAudio)
	if err == nil {
		ts.opening.Store(false)
		err = ts.q.trialErr() // trouble between the two
	}
	if err != nil {
		cancel() // before it is off trial: it must not fail over
		ts.opening.Store(false)
		ts.q.close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &stageError{"it did not decode", err}
	}
	return ts, nil
}

// snippetLabel is how a stream found to be a snippet only at its end
// (its length unknown until then) becomes a preview: labelled, with its
// own length, and said at once.
func (p *Player) snippetLabel(ts *trackStream) func(why string, length time.Duration) {
	return func(why string, length time.Duration) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.eng.mu.Lock()
		ts.preview, ts.previewWhy, ts.dur = true, why, length
		p.eng.mu.Unlock()
		if p.cur == ts && !p.closed {
			p.emitStatus(Event{Kind: EventPosition, Status: p.statusLocked()})
		}
	}
}

// play decodes ts from from onto q: its stream, and, when that fails
// early, the next of the track's streams from where it stopped (the open
// loop again, at that position), on the same queue. Failing early is
// trouble in the first segment it decodes (progressive streams count
// their first progressiveSegment), or a clean end far short of the
// track. It runs in the decoding goroutine (trackStream.start).
func (ts *trackStream) play(ctx context.Context, from time.Duration, q *pcmQueue, warn func(error)) error {
	o, src := ts.stream()
	at := from
	failover := ts.op != nil
	for {
		first := firstSegmentEnd(src, at)
		dctx, cancel := context.WithCancel(ctx)
		var early error
		w := warn
		if failover {
			w = func(err error) {
				if early != nil {
					return // the stream is being given up
				}
				var note noteError
				if !errors.As(err, &note) && !ts.opening.Load() && from+q.pushed() < first && ts.op.fullLeft() {
					early = err
					cancel()
					return
				}
				warn(err)
			}
		}
		err := src.decode(dctx, at, q, w)
		cancel()
		if ctx.Err() != nil || ts.opening.Load() || q.Err() != nil {
			return err // given up, or failed on trial: the open loop judges
		}
		pos := from + q.pushed()
		var why error
		switch {
		case early != nil:
			why = fmt.Errorf("it did not decode at %s: %w", clockOf(pos), early)
		case err != nil && pos < first:
			why = fmt.Errorf("it failed at %s: %w", clockOf(pos), err)
		case err == nil && o.snippetAt(pos, ts.track.DurationTime()):
			why = fmt.Errorf("%w at %s of %s", ErrEndedEarly, clockOf(pos), clockOf(ts.track.DurationTime()))
		default:
			return err
		}
		if !failover {
			return err
		}
		ts.op.fail(o, why)
		next := ts.op.next(ctx, max(pos, time.Nanosecond))
		if next == nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failover = false
			switch {
			case early != nil:
				// none left: the damaged stream plays on as it can
				at = pos
				continue
			case err == nil:
				ts.snippet(fmt.Sprintf("the %s stream is only a %s snippet of the %s track", o.c.name, clockOf(pos), clockOf(ts.track.DurationTime())), pos)
			}
			return err
		}
		if early != nil || err != nil {
			// It failed: what it decoded that is not heard yet may be
			// damaged too (garbage can decode as quiet audio for a
			// while before an error shows), so the next stream takes
			// over from the first frame not heard. A stream that
			// ended short is followed from its end.
			q.unqueue()
			pos = from + q.pushed()
		}
		next.m.bytes = &ts.bytes
		ts.setStream(next)
		o, src, at = next, next.src, pos
	}
}

// snippetAt says whether a full stream that ended at end is a snippet of
// a track of length track (see opening.snippet).
func (o *opening) snippetAt(end, track time.Duration) bool {
	return !o.preview() && track > 0 && end*5 < track*4 && track-end > 5*time.Second
}

// progressiveSegment is what counts as the first segment of a progressive
// stream, which has none: as long as SoundCloud's HLS segments.
const progressiveSegment = 10 * time.Second

// segmenter is a source made of segments.
type segmenter interface {
	// segmentEnd is where the segment holding t ends.
	segmentEnd(t time.Duration) time.Duration
}

// firstSegmentEnd is where the first segment decoded from at ends.
func firstSegmentEnd(src source, at time.Duration) time.Duration {
	if s, ok := src.(segmenter); ok {
		return s.segmentEnd(at)
	}
	return at + progressiveSegment
}

// trialAudio is how much of a stream must decode cleanly before it is
// chosen: a stream whose first segment is garbage with a few frames that
// pass for audio fails here, not minutes into silence.
const trialAudio = 500 * time.Millisecond

// previewWhy is why an API-named preview plays: the track offers only
// that, or the listing of its streams was refused, or every full stream
// failed (tries, so far).
func previewWhy(t *api.Track, tries []tried) string {
	switch {
	case t.Access == api.AccessPreview:
		return "SoundCloud offers only a preview of this track"
	case len(tries) > 0 && tries[0].name == "streams":
		return "SoundCloud refused the full stream: " + tries[0].err.Error()
	}
	return "no full stream could be played"
}

// hardRefusal says whether a stream was refused for a reason a preview
// must not hide.
func hardRefusal(err error) bool {
	return errors.Is(err, ErrDRM) || errors.Is(err, ErrLive)
}

// tried is one stream that did not play, and why.
type tried struct {
	name string // the /streams key ("streams": the listing itself)
	err  error
}

// openError is a track none of whose streams played: it names each.
type openError struct {
	tries []tried
}

func (e *openError) Error() string {
	var b strings.Builder
	b.WriteString(ErrNoStream.Error())
	for i, t := range e.tries {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(t.name)
		b.WriteString(": ")
		b.WriteString(t.err.Error())
	}
	return redactText(sanitize(truncate(b.String(), 2000)))
}

func (e *openError) Unwrap() []error {
	out := []error{ErrNoStream}
	for _, t := range e.tries {
		out = append(out, t.err)
	}
	return out
}

// stageError says at which step a stream failed, in plain words.
type stageError struct {
	stage string
	err   error
}

func (e *stageError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *stageError) Unwrap() error { return e.err }
