package media

import (
	"fmt"
	"io"
	"time"
)

// MP3 returns the progressive MP3 (128 kbit/s CBR, no ID3 or Xing header)
// of the whole virtual track and its size in bytes. The reader assembles
// the bytes from the piece's frames on demand, so a 2-hour mix costs no
// memory; it is safe for concurrent use.
func (l *Library) MP3(s Spec) (io.ReaderAt, int64, error) {
	v, err := l.resolve(s)
	if err != nil {
		return nil, 0, err
	}
	r := &loopReader{body: v.p.mp3}
	full, rest := v.nseg/v.p.segs, v.nseg%v.p.segs
	r.size = int64(full)*int64(len(r.body)) + v.p.mp3Seg[rest]
	return r, r.size, nil
}

// loopReader reads body repeated endlessly, cut at size.
type loopReader struct {
	body []byte
	size int64
}

func (r *loopReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("media: mp3 read at %d: negative offset", off)
	}
	if off >= r.size {
		return 0, io.EOF
	}
	want := len(p)
	if rem := r.size - off; int64(want) > rem {
		want = int(rem)
	}
	n := 0
	for n < want {
		at := (off + int64(n)) % int64(len(r.body))
		n += copy(p[n:want], r.body[at:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Preview returns the MP3 preview of s: the piece from its start, repeated
// when it is shorter, cut at the first frame boundary at or after
// PreviewDuration, and never longer than the track itself (a 24 s track's
// preview is those 24 s). SoundCloud serves the same snippet as the legacy
// progressive MP3 (http_mp3_128_url) since 2026.
func (l *Library) Preview(s Spec) ([]byte, error) {
	v, err := l.resolve(s)
	if err != nil {
		return nil, err
	}
	frames := (int(PreviewDuration.Seconds())*SampleRate + mp3FrameSamples - 1) / mp3FrameSamples
	frames = min(frames, int(v.samples()/mp3FrameSamples))
	perPass := len(v.p.mp3Frames) - 1
	out := make([]byte, 0, int64(frames)*v.p.mp3Frames[1]+4)
	for frames > 0 {
		n := min(frames, perPass)
		out = append(out, v.p.mp3[:v.p.mp3Frames[n]]...)
		frames -= n
	}
	return out, nil
}

// PreviewLength is how long the preview of s lasts: PreviewDuration rounded
// up to a whole MP3 frame, or the whole track when that is shorter.
func (l *Library) PreviewLength(s Spec) time.Duration {
	v, err := l.resolve(s)
	if err != nil {
		return 0
	}
	frames := (int(PreviewDuration.Seconds())*SampleRate + mp3FrameSamples - 1) / mp3FrameSamples
	frames = min(frames, int(v.samples()/mp3FrameSamples))
	return samplesToDuration(int64(frames) * mp3FrameSamples)
}
