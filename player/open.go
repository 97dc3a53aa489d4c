package player

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
// stream was refused outright (DRM): a preview must not hide that. When
// nothing plays, the error names each stream tried and why it failed.
// Every byte comes through media (resolve.go), which also redacts URLs.

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
	work := make([]*opening, len(cands))
	for i, c := range cands {
		work[i] = &opening{c: c}
	}
	var refused error // a full stream refused outright
	for i := 0; i < len(work); i++ {
		o := work[i]
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// previews wait at the end until every full stream was tried
		if o.preview() && !o.waited && fullLeft(work[i+1:]) {
			o.release()
			o.waited = true
			work = append(work, o)
			continue
		}
		if o.preview() && refused != nil {
			o.release()
			tries = append(tries, tried{o.c.name, errors.New("not tried: a preview does not stand in for a refused stream")})
			continue
		}
		if o.src == nil {
			// resolve and open
			if err := p.openStream(ctx, t, o); err != nil {
				tries = append(tries, tried{o.c.name, err})
				if hardRefusal(err) {
					refused = err
				}
				continue
			}
			if !o.c.preview && o.snippet(t.DurationTime()) {
				o.why = fmt.Sprintf("the %s stream is only a %s snippet of the %s track", o.c.name, clockOf(o.length), clockOf(t.DurationTime()))
				i-- // judged a preview: back to the top
				continue
			}
		}
		if o.c.preview && o.why == "" {
			o.why = previewWhy(&t, tries)
		}
		// the first decoded audio
		ts, err := p.startStream(ctx, o, t, idx, at)
		if err != nil {
			if o.preview() && !o.c.preview {
				err = fmt.Errorf("only a %s snippet of the %s track, and %w", clockOf(o.length), clockOf(t.DurationTime()), err)
			}
			tries = append(tries, tried{o.c.name, err})
			continue
		}
		return ts, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if len(tries) == 0 {
		return nil, ErrNoStream
	}
	return nil, &openError{tries: tries}
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
func (p *Player) startStream(ctx context.Context, o *opening, t api.Track, idx int, at time.Duration) (*trackStream, error) {
	tctx, cancel := context.WithCancel(ctx)
	ts := &trackStream{track: t, idx: idx, kind: o.c.kind, ctx: tctx, cancel: cancel, dur: max(t.DurationTime(), 0), src: o.src}
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
	p.levelFor(ts)
	if ts.dur > 0 && at >= ts.dur {
		at = 0
	}
	ts.opening.Store(true)
	ts.start(max(at, 0), p.opts.SampleRate)
	err := ts.q.waitAudio(tctx, trialAudio)
	ts.opening.Store(false)
	if err == nil {
		err = ts.q.trialErr() // trouble between the two
	}
	if err != nil {
		cancel()
		ts.q.close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &stageError{"it did not decode", err}
	}
	return ts, nil
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
