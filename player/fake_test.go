//go:build cgo || !linux

package player

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	fakemedia "github.com/cirrus-tui/cirrus/api/fake/media"
)

// fakeRes is the real API client talking to the real fake, narrowed to one
// stream format and counting stream resolutions.
type fakeRes struct {
	*api.Client
	only     string // "", "hls_aac_160", "hls_mp3_128", "http_mp3_128"
	resolves atomic.Int64
}

func (f *fakeRes) Streams(ctx context.Context, urn api.URN) (*api.Streams, error) {
	s, err := f.Client.Streams(ctx, urn)
	if err != nil || f.only == "" {
		return s, err
	}
	k := *s
	*s = api.Streams{}
	switch f.only {
	case "hls_aac_160":
		s.HLSAAC160URL = k.HLSAAC160URL
	case "hls_mp3_128":
		s.HLSMP3128URL = k.HLSMP3128URL
	case "http_mp3_128":
		s.HTTPMP3128URL = k.HTTPMP3128URL
	}
	return s, nil
}

func (f *fakeRes) ResolveStream(ctx context.Context, u string) (string, error) {
	f.resolves.Add(1)
	return f.Client.ResolveStream(ctx, u)
}

// newFake starts the fake SoundCloud and an API client signed in as the
// demo user.
func newFake(t *testing.T) (*fake.Server, *api.Client) {
	t.Helper()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatalf("start fake: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	access, _ := srv.IssueToken("cirrus-demo")
	return srv, api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), Tokens: api.StaticToken(access)})
}

func fakeTrack(t *testing.T, c *api.Client, id int64) api.Track {
	t.Helper()
	tr, err := c.Track(context.Background(), api.NewURN(api.KindTrack, id))
	if err != nil {
		t.Fatalf("track %d: %v", id, err)
	}
	return *tr
}

// fakeTones is the fake's tone piece as toneFreqs; the tests rely on them
// being the same sequence.
func checkToneSpec(t *testing.T) {
	t.Helper()
	var f []float64
	for _, x := range fakemedia.ToneSequence {
		f = append(f, x.Freq)
		if x.Length != toneLen {
			t.Fatalf("fake tone length %v, tests assume %v", x.Length, toneLen)
		}
	}
	if !slices.Equal(f, toneFreqs) {
		t.Fatalf("fake tones %v, tests assume %v", f, toneFreqs)
	}
}

var formats = []string{"hls_aac_160", "hls_mp3_128", "http_mp3_128"}

func TestFakeTonesEveryFormat(t *testing.T) {
	checkToneSpec(t)
	_, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			p, out := newWAVPlayer(t, &fakeRes{Client: c, only: f}, 0)
			errs := playCollect(t, p, tr, 90*time.Second)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("error events: %v", errs)
			}
			checkContinuous(t, out)
		})
	}
}

func TestFakeSeek(t *testing.T) {
	_, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	for _, f := range []string{"hls_aac_160", "http_mp3_128"} {
		t.Run(f, func(t *testing.T) { checkSeek(t, &fakeRes{Client: c, only: f}, tr) })
	}
}

func TestFakeDroppedConnection(t *testing.T) {
	srv, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	for _, f := range []string{"hls_aac_160", "http_mp3_128"} {
		t.Run(f, func(t *testing.T) {
			srv.SetFaults(fake.Faults{DropMediaAfter: 60000, DropMediaTimes: 3})
			defer srv.SetFaults(fake.Faults{})
			before := srv.Stats().Faults
			p, out := newWAVPlayer(t, &fakeRes{Client: c, only: f}, 0)
			errs := playCollect(t, p, tr, 90*time.Second)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if srv.Stats().Faults == before {
				t.Fatal("the fake cut no connection; the test proves nothing")
			}
			if len(errs) > 0 {
				t.Errorf("error events for a recovered drop: %v", errs)
			}
			checkContinuous(t, out)
		})
	}
}

func TestFakeExpiredSignedURL(t *testing.T) {
	srv, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	for _, f := range []string{"hls_aac_160", "http_mp3_128"} {
		t.Run(f, func(t *testing.T) {
			srv.SetFaults(fake.Faults{ExpireSignedURLsAfter: 2 * time.Second})
			defer srv.SetFaults(fake.Faults{})
			// the seek below is to fetch (HLS keeps the segments it
			// fetched, and this track's few are all fetched at once)
			hlsCacheOff.Store(true)
			defer hlsCacheOff.Store(false)
			res := &fakeRes{Client: c, only: f}
			// 3x real time: 8 s of wall time, outliving several URLs
			p, out := newWAVPlayer(t, res, 3)
			p.PlayTracks([]api.Track{tr}, 0)
			var errs []error
			sought := false
			waitEvent(t, p, 90*time.Second, func(ev Event) bool {
				if ev.Kind == EventError {
					errs = append(errs, ev.Err)
				}
				// a seek after the URLs died needs new requests (a
				// progressive MP3 would otherwise keep its one connection)
				if !sought && ev.Kind == EventPosition && ev.Status.Position > 12*time.Second {
					sought = true
					p.Seek(ev.Status.Position)
				}
				return stoppedAfterPlaying(ev)
			})
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("error events: %v", errs)
			}
			if n := res.resolves.Load(); n < 2 {
				t.Fatalf("resolved the stream %d times; an expired URL must be resolved again", n)
			}
			x, rate := readWAV(t, out)
			runs := significant(toneRuns(x, rate), 300*time.Millisecond)
			if got := freqsOf(runs); !slices.Equal(got, toneFreqs) {
				t.Fatalf("tones %v, want %v", got, toneFreqs)
			}
		})
	}
}

func TestFakeCorruptSegment(t *testing.T) {
	srv, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	for _, f := range []string{"hls_aac_160", "hls_mp3_128"} {
		t.Run(f, func(t *testing.T) {
			// the second segment: about 6 s to 12 s in MP3, 10 s to 20 s in AAC
			seg := fakemedia.SegmentLength(fakemedia.Format(f))
			if seg <= 0 {
				t.Fatalf("no segment length for %s", f)
			}
			srv.SetFaults(fake.Faults{CorruptSegment: 2})
			defer srv.SetFaults(fake.Faults{})
			// every tone with at most half a second inside the broken
			// segment must still be heard
			var wantTones []float64
			for _, tone := range fakemedia.ToneSequence {
				lost := min(tone.Start+tone.Length, 2*seg) - max(tone.Start, seg)
				if lost <= 500*time.Millisecond {
					wantTones = append(wantTones, tone.Freq)
				}
			}
			if len(wantTones) < 4 {
				t.Fatalf("only %v lie outside the broken segment %v..%v: the test would prove little", wantTones, seg, 2*seg)
			}
			p, out := newWAVPlayer(t, &fakeRes{Client: c, only: f}, 0)
			errs := playCollect(t, p, tr, 90*time.Second)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			x, rate := readWAV(t, out)
			got := freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond))
			t.Logf("tones %v, %d error events (%v)", got, len(errs), errs)
			for _, want := range wantTones {
				if !slices.Contains(got, want) {
					t.Errorf("tone %v missing after a corrupt segment: %v", want, got)
				}
			}
			if !slices.IsSorted(got) {
				t.Errorf("tones out of order: %v", got)
			}
			length := time.Duration(len(x)) * time.Second / time.Duration(rate)
			if length < 23*time.Second || length > 25*time.Second {
				t.Errorf("played %v, want about 24 s (timeline kept)", length)
			}
		})
	}
}

func TestFakeAccessKinds(t *testing.T) {
	_, c := newFake(t)
	res := &fakeRes{Client: c}
	t.Run("drm", func(t *testing.T) {
		p, _ := newWAVPlayer(t, res, 0)
		errs := playCollect(t, p, fakeTrack(t, c, fake.DRMTrackID), 30*time.Second)
		if len(errs) != 1 || !errors.Is(errs[0], ErrDRM) {
			t.Fatalf("DRM track: errors %v, want one ErrDRM", errs)
		}
	})
	t.Run("blocked", func(t *testing.T) {
		p, _ := newWAVPlayer(t, res, 0)
		errs := playCollect(t, p, fakeTrack(t, c, fake.BlockedTrackID), 30*time.Second)
		if len(errs) != 1 || !errors.Is(errs[0], ErrBlocked) {
			t.Fatalf("blocked track: errors %v, want one ErrBlocked", errs)
		}
	})
	t.Run("preview", func(t *testing.T) {
		p, out := newWAVPlayer(t, res, 0)
		tr := fakeTrack(t, c, fake.PreviewTrackID)
		p.PlayTracks([]api.Track{tr}, 0)
		ev := waitEvent(t, p, 30*time.Second, func(ev Event) bool { return ev.Kind == EventTrackChanged && ev.Status.State == Playing })
		// the preview's own length (from its size and bitrate), about 30 s
		if d := ev.Status.Duration; !ev.Status.Preview || d < 29*time.Second || d > 31*time.Second {
			t.Errorf("preview status: preview=%v duration=%v", ev.Status.Preview, ev.Status.Duration)
		}
		waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
		p.Close()
		x, rate := readWAV(t, out)
		if d := time.Duration(len(x)) * time.Second / time.Duration(rate); d < 29*time.Second || d > 31*time.Second {
			t.Errorf("preview played %v, want 30 s", d)
		}
	})
}

// TestRealAudioPath is the end-to-end check: the fake's tone track through
// the player, ALSA and PulseAudio into the null sink, recorded by parec.
func TestRealAudioPath(t *testing.T) {
	needServices(t)
	checkToneSpec(t)
	_, c := newFake(t)
	h, late := playThroughDevice(t, &fakeRes{Client: c}, fakeTrack(t, c, fake.TestTonesTrackID), toneFreqs)
	failEach(t, checkRecorded(t, h, toneFreqs, toneLen, late))
}
