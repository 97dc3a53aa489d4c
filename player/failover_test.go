//go:build cgo || !linux

package player

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	fakemedia "github.com/cirrus-tui/cirrus/api/fake/media"
)

// A stream failing early while it plays — damaged in its first segment, or
// ending far short of the track — gives way to the track's next stream at
// the same position, without a gap; when none is left, a snippet is
// labelled a preview.

// The first segment of every HLS stream is garbled in its second half: the
// AAC stream passes its trial, fails at about 5 s, and the MP3 HLS one
// (damaged the same way) and then the progressive MP3 carry on from there.
// The listener hears the whole track, without a gap or an error.
func TestFailOverDamagedFirstSegment(t *testing.T) {
	checkToneSpec(t)
	srv, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	srv.SetFaults(fake.Faults{CorruptSegment: 1})
	p, out := newWAVPlayer(t, &fakeRes{Client: c}, 0)
	errs := playCollect(t, p, tr, 90*time.Second)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Errorf("error events: %v", errs)
	}
	// every tone, in order, the timeline kept; what is lost is at most
	// what the AAC decoder took for quiet audio before its error and
	// the listener heard before that (how much, timing decides)
	x, rate := readWAV(t, out)
	raw := toneRuns(x, rate)
	if got := freqsOf(significant(raw, 300*time.Millisecond)); !slices.Equal(got, toneFreqs) {
		t.Errorf("tones %v, want %v (runs %+v)", got, toneFreqs, raw)
	}
	if d := recLength(x, rate); d < 23900*time.Millisecond || d > 24300*time.Millisecond {
		t.Errorf("played %v, want 24 s", d)
	}
	t.Logf("runs %+v", raw)
	// it did fail over: media came from another stream than AAC's
	var formats []string
	for k := range srv.Stats().Requests {
		if m := regexp.MustCompile(`^GET /media/1001/([a-z0-9_]+)/`).FindStringSubmatch(k); m != nil && !slices.Contains(formats, m[1]) {
			formats = append(formats, m[1])
		}
	}
	if !slices.Contains(formats, "hls_aac_160") || len(formats) < 2 {
		t.Errorf("media fetched from %v, want the AAC stream and another", formats)
	}
}

// An HLS stream that ends far short of the track although its playlist
// says otherwise (the segments hold 6 s; the EXTINFs claim 24) gives way
// at 0:06 to the next stream, which plays on from there.
func TestFailOverEndedEarly(t *testing.T) {
	c := newOpenCDN(t)
	lie := func(pl string) string {
		return regexp.MustCompile(`#EXTINF:[0-9.]+,`).ReplaceAllString(firstSegments(3)(pl), "#EXTINF:8.000000,")
	}
	c.hlsDir("aac", "aac", lie, -1)
	c.file("full.mp3", "full.mp3")
	c.streams = &api.Streams{HLSAAC160URL: c.redir("aac/index.m3u8"), HTTPMP3128URL: c.redir("full.mp3")}
	st, errs, x, rate := playOpen(t, c, nil)
	if len(errs) > 0 || st.Preview {
		t.Errorf("errors %v, preview %v: want the whole track", errs, st.Preview)
	}
	checkContinuousAudio(t, x, rate)
}

// A progressive snippet whose length is unknown (no Content-Length) waits
// behind the HLS streams, whatever the order asked for.
func TestUnsizedProgressiveAfterHLS(t *testing.T) {
	c := newOpenCDN(t)
	c.file("snippet.mp3", "snippet_plain.mp3")
	c.unsized = map[string]bool{"snippet.mp3": true}
	c.hlsDir("mp3hls", "mp3hls", nil, -1)
	c.streams = &api.Streams{HTTPMP3128URL: c.redir("snippet.mp3"), HLSMP3128URL: c.redir("mp3hls/index.m3u8")}
	st, errs, x, rate := playOpen(t, c, []string{"http_mp3_128", "hls_mp3_128"})
	if len(errs) > 0 || st.Preview {
		t.Errorf("errors %v, preview %v: want the full HLS MP3", errs, st.Preview)
	}
	if d := recLength(x, rate); d < 23*time.Second {
		t.Errorf("played %v, want the whole 24 s", d)
	}
}

// A progressive snippet whose length is unknown, and all there is, plays
// to its end, is then labelled a preview with its own length, and ends
// without an error (not "ended early").
func TestUnsizedSnippetAloneIsPreview(t *testing.T) {
	srv, c := newFake(t)
	tr := fakeTrack(t, c, 1009) // 3 minutes; its http_mp3_128 is a 30 s snippet
	srv.SetFaults(fake.Faults{UnsizedProgressive: true})
	p, out := newWAVPlayer(t, &fakeRes{Client: c, only: "http_mp3_128"}, 0)
	var errs []error
	var labelled Status
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 90*time.Second, func(ev Event) bool {
		if ev.Kind == EventError {
			errs = append(errs, ev.Err)
		}
		if ev.Status.Preview && labelled.Track == nil {
			labelled = ev.Status
		}
		return stoppedAfterPlaying(ev)
	})
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Errorf("error events: %v", errs)
	}
	snip := fakemedia.PreviewDuration
	if labelled.Track == nil || !strings.Contains(labelled.PreviewWhy, "http_mp3_128 stream is only a 0:30 snippet of the 3:") {
		t.Fatalf("never labelled a snippet: %+v", labelled)
	}
	if d := labelled.Duration; d < snip-time.Second || d > snip+time.Second {
		t.Errorf("labelled duration %v, want the snippet's %v", d, snip)
	}
	x, rate := readWAV(t, out)
	if d := recLength(x, rate); d < snip-time.Second || d > snip+time.Second {
		t.Errorf("played %v, want the snippet's %v", d, snip)
	}
}

// A seek after a stream failed over plays the stream that took over: the
// damaged one is not decoded again.
func TestSeekAfterFailOver(t *testing.T) {
	checkToneSpec(t)
	srv, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	srv.SetFaults(fake.Faults{CorruptSegment: 1})
	p, out := newWAVPlayer(t, &fakeRes{Client: c}, 4)
	var errs []error
	collect := func(ev Event) {
		if ev.Kind == EventError {
			errs = append(errs, ev.Err)
		}
	}
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 60*time.Second, func(ev Event) bool {
		collect(ev)
		return ev.Kind == EventPosition && ev.Status.Position >= 12*time.Second
	})
	kindNow := func() streamKind {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.cur == nil {
			return -1
		}
		return p.cur.kind()
	}
	if k := kindNow(); k == kindHLSAAC {
		t.Fatalf("still the damaged %v stream at 0:12", k)
	}
	p.Seek(1500 * time.Millisecond)
	waitEvent(t, p, 60*time.Second, func(ev Event) bool { collect(ev); return ev.Kind == EventSeeked })
	if k := kindNow(); k == kindHLSAAC {
		t.Errorf("the seek went back to the damaged %v stream", k)
	}
	waitEvent(t, p, 90*time.Second, func(ev Event) bool { collect(ev); return stoppedAfterPlaying(ev) })
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Errorf("error events: %v", errs)
	}
	// the first 12 s (and a moment more, how long timing decides), then
	// after the seek every tone again, from 300 Hz (1.5 s of it) on
	x, rate := readWAV(t, out)
	runs := significant(toneRuns(x, rate), 300*time.Millisecond)
	got := freqsOf(runs)
	n := len(got) - len(toneFreqs)
	if n < 4 || !slices.Equal(got[:4], toneFreqs[:4]) || !slices.Equal(got[n:], toneFreqs) {
		t.Errorf("tones %v: want %v, then the whole sequence again after the seek (runs %+v)", got, toneFreqs[:4], runs)
	}
}
