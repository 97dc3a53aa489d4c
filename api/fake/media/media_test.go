package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"
)

const twoHours = 2 * time.Hour

func lib(t testing.TB) *Library {
	t.Helper()
	l, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return l
}

func TestLibraryPieces(t *testing.T) {
	l := lib(t)
	names := l.Pieces()
	if len(names) < 9 || names[0] != TonePiece {
		t.Fatalf("Pieces() = %v, want the tones piece first and at least 8 music pieces", names)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("piece %q listed twice", n)
		}
		seen[n] = true
		d := l.Duration(Spec{Piece: n})
		if d < 18*time.Second || d > 25*time.Second || d%SegmentDuration > time.Microsecond {
			t.Errorf("%s: one pass lasts %v, want 18-25 s in whole segments of %v", n, d, SegmentDuration)
		}
	}
	if got := l.Duration(Spec{Piece: TonePiece}); got != TonePeriod {
		t.Errorf("tones piece lasts %v, TonePeriod says %v", got, TonePeriod)
	}
	if l.Duration(Spec{Piece: "nope"}) != 0 || l.SegmentCount(Spec{Piece: "nope"}, FormatHLSAAC160) != 0 {
		t.Error("an unknown piece has a duration or segments")
	}
	if _, err := l.Segment(Spec{Piece: "nope"}, FormatHLSAAC160, 0); err == nil {
		t.Error("Segment of an unknown piece: no error")
	}
}

func TestDurationRoundsToSegments(t *testing.T) {
	l := lib(t)
	for _, tc := range []struct {
		want time.Duration
		segs int
	}{
		{0, 4}, // one pass of the 4-segment tones piece
		{time.Second, 1},
		{9 * time.Second, 1},
		{10 * time.Second, 2},
		{3*time.Minute + 30*time.Second, 35},
		{twoHours, 1188},
	} {
		s := Spec{Piece: TonePiece, Duration: tc.want}
		for _, f := range Formats {
			if got := l.SegmentCount(s, f); got != tc.segs {
				t.Errorf("SegmentCount(%v, %s) = %d, want %d", tc.want, f, got, tc.segs)
			}
		}
		got := l.Duration(s)
		if exact := time.Duration(int64(tc.segs) * SegmentSamples * int64(time.Second) / SampleRate); got != exact {
			t.Errorf("Duration(%v) = %v, want %v", tc.want, got, exact)
		}
		if tc.want > 0 && tc.segs > 1 && (got-tc.want).Abs() > SegmentDuration/2+time.Millisecond {
			t.Errorf("Duration(%v) = %v: more than half a segment away", tc.want, got)
		}
	}
}

// playlist is a parsed media playlist.
type playlist struct {
	version, target int
	tags            map[string]string
	extinf          []float64
	uris            []string
}

func parsePlaylist(t *testing.T, b []byte) playlist {
	t.Helper()
	p := playlist{tags: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	first, pendingInf := true, false
	for sc.Scan() {
		line := sc.Text()
		if first {
			if line != "#EXTM3U" {
				t.Fatalf("playlist starts with %q", line)
			}
			first = false
			continue
		}
		switch {
		case strings.HasPrefix(line, "#EXTINF:"):
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(line, "#EXTINF:"), ","), 64)
			if err != nil {
				t.Fatalf("bad EXTINF %q", line)
			}
			p.extinf = append(p.extinf, v)
			pendingInf = true
		case strings.HasPrefix(line, "#"):
			k, v, _ := strings.Cut(line, ":")
			if _, dup := p.tags[k]; dup {
				t.Errorf("tag %s repeated", k)
			}
			p.tags[k] = v
		case line == "":
			t.Error("empty line in playlist")
		default:
			if !pendingInf {
				t.Fatalf("URI %q without EXTINF", line)
			}
			p.uris = append(p.uris, line)
			pendingInf = false
		}
	}
	var err error
	if p.version, err = strconv.Atoi(p.tags["#EXT-X-VERSION"]); err != nil {
		t.Fatalf("EXT-X-VERSION: %v", err)
	}
	if p.target, err = strconv.Atoi(p.tags["#EXT-X-TARGETDURATION"]); err != nil {
		t.Fatalf("EXT-X-TARGETDURATION: %v", err)
	}
	if !strings.HasSuffix(string(b), "#EXT-X-ENDLIST\n") {
		t.Error("playlist does not end with EXT-X-ENDLIST")
	}
	return p
}

func TestMediaPlaylist(t *testing.T) {
	l := lib(t)
	for _, s := range []Spec{
		{Piece: "lofi"},
		{Piece: TonePiece, Duration: 4 * time.Minute},
		{Piece: "house", Duration: twoHours},
		{Piece: "dnb", Duration: 3 * time.Minute, Encrypted: true},
	} {
		for _, f := range Formats {
			t.Run(fmt.Sprintf("%s-%v-%v-%s", s.Piece, s.Duration, s.Encrypted, f), func(t *testing.T) {
				b, err := l.MediaPlaylist(s, f, "https://cdn/init.mp4", func(i int) string { return fmt.Sprintf("https://cdn/seg/%d", i) })
				if err != nil {
					t.Fatal(err)
				}
				p := parsePlaylist(t, b)
				n := l.SegmentCount(s, f)
				if len(p.extinf) != n || len(p.uris) != n {
					t.Fatalf("%d EXTINF and %d URIs, SegmentCount says %d", len(p.extinf), len(p.uris), n)
				}
				sum := 0.0
				for i, d := range p.extinf {
					sum += d
					if int(math.Round(d)) > p.target {
						t.Errorf("segment %d lasts %.3f s, beyond the target duration %d", i, d, p.target)
					}
					if want := fmt.Sprintf("https://cdn/seg/%d", i); p.uris[i] != want {
						t.Errorf("URI %d = %q, want %q", i, p.uris[i], want)
					}
				}
				if got := time.Duration(sum * float64(time.Second)); (got - l.Duration(s)).Abs() > time.Millisecond {
					t.Errorf("segments add up to %v, Duration says %v", got, l.Duration(s))
				}
				if p.tags["#EXT-X-PLAYLIST-TYPE"] != "VOD" {
					t.Errorf("EXT-X-PLAYLIST-TYPE = %q", p.tags["#EXT-X-PLAYLIST-TYPE"])
				}
				mapTag, hasMap := p.tags["#EXT-X-MAP"]
				if aac := f != FormatHLSMP3; aac != hasMap || (aac && mapTag != `URI="https://cdn/init.mp4"`) {
					t.Errorf("EXT-X-MAP = %q (present %v) for %s", mapTag, hasMap, f)
				}
				if hasMap && p.version < 6 {
					t.Errorf("EXT-X-MAP needs version 6, playlist says %d", p.version)
				}
				key, hasKey := p.tags["#EXT-X-KEY"]
				if hasKey != s.Encrypted {
					t.Fatalf("EXT-X-KEY present %v, Encrypted %v", hasKey, s.Encrypted)
				}
				if hasKey && (!strings.Contains(key, "METHOD=SAMPLE-AES") || !strings.Contains(key, `URI="skd://`) ||
					!strings.Contains(key, `KEYFORMAT="com.apple.streamingkeydelivery"`) || p.version < 5) {
					t.Errorf("EXT-X-KEY = %q at version %d", key, p.version)
				}
			})
		}
	}
	if _, err := l.MediaPlaylist(Spec{Piece: "lofi"}, "dash", "", func(int) string { return "" }); err == nil {
		t.Error("unknown format: no error")
	}
}

func TestInitSegment(t *testing.T) {
	l := lib(t)
	for _, f := range []Format{FormatHLSAAC160, FormatHLSAAC96} {
		b, err := l.Init(Spec{Piece: "lofi"}, f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := mp4.DecodeFile(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: decode init: %v", f, err)
		}
		if file.Init == nil || len(file.Init.Moov.Traks) != 1 {
			t.Fatalf("%s: not an init segment with one track", f)
		}
		trak := file.Init.Moov.Trak
		if ts := trak.Mdia.Mdhd.Timescale; ts != SampleRate {
			t.Errorf("%s: timescale %d", f, ts)
		}
		mp4a := trak.Mdia.Minf.Stbl.Stsd.Mp4a
		if mp4a == nil || mp4a.Esds == nil {
			t.Fatalf("%s: no mp4a/esds sample entry", f)
		}
		if mp4a.ChannelCount != 2 || mp4a.SampleRate != SampleRate {
			t.Errorf("%s: %d channels at %d Hz", f, mp4a.ChannelCount, mp4a.SampleRate)
		}
		if _, err := l.Init(Spec{Piece: "lofi"}, FormatHLSMP3); err == nil {
			t.Error("Init for MP3: no error")
		}
	}
}

// TestAACSegmentsTwoHours decodes every segment of a 2-hour mix and checks
// that sequence numbers and decode times keep increasing across the
// piece's repetitions and that every segment holds a full segment of audio.
func TestAACSegmentsTwoHours(t *testing.T) {
	l := lib(t)
	s := Spec{Piece: "lofi", Duration: twoHours}
	n := l.SegmentCount(s, FormatHLSAAC160)
	passSegs := l.SegmentCount(Spec{Piece: "lofi"}, FormatHLSAAC160)
	for _, f := range []Format{FormatHLSAAC160, FormatHLSAAC96} {
		var prevEnd uint64
		step := 1
		if f == FormatHLSAAC96 {
			step = 7 // a sample of segments is enough for the second format
		}
		for i := 0; i < n; i += step {
			b, err := l.Segment(s, f, i)
			if err != nil {
				t.Fatalf("%s segment %d: %v", f, i, err)
			}
			file, err := mp4.DecodeFile(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s segment %d: decode: %v", f, i, err)
			}
			if len(file.Segments) != 1 || len(file.Segments[0].Fragments) != 1 {
				t.Fatalf("%s segment %d: %d segments, want one fragment", f, i, len(file.Segments))
			}
			frag := file.Segments[0].Fragments[0]
			if seq := frag.Moof.Mfhd.SequenceNumber; seq != uint32(i+1) {
				t.Errorf("%s segment %d: sequence number %d", f, i, seq)
			}
			tfdt := frag.Moof.Traf.Tfdt.BaseMediaDecodeTime()
			if step == 1 && i > 0 && tfdt != prevEnd {
				t.Errorf("%s segment %d: tfdt %d, previous segment ended at %d", f, i, tfdt, prevEnd)
			}
			if want := uint64(i) * SegmentSamples; tfdt != want {
				t.Errorf("%s segment %d: tfdt %d, want %d", f, i, tfdt, want)
			}
			samples, err := frag.GetFullSamples(nil)
			if err != nil {
				t.Fatalf("%s segment %d: samples: %v", f, i, err)
			}
			if len(samples) != aacSegFrames {
				t.Errorf("%s segment %d: %d samples, want %d", f, i, len(samples), aacSegFrames)
			}
			var dur uint64
			for _, smp := range samples {
				dur += uint64(smp.Dur)
				if len(smp.Data) != int(smp.Size) || smp.Size < 16 {
					t.Fatalf("%s segment %d: sample of %d bytes, data %d", f, i, smp.Size, len(smp.Data))
				}
			}
			if dur != SegmentSamples {
				t.Errorf("%s segment %d: %d samples of audio, want %d", f, i, dur, SegmentSamples)
			}
			prevEnd = tfdt + dur
			// The same piece segment in another repetition carries the same audio.
			if i >= passSegs && step == 1 && i%97 == 0 {
				first, _ := l.Segment(s, f, i%passSegs)
				ff, _ := mp4.DecodeFile(bytes.NewReader(first))
				if !bytes.Equal(ff.Segments[0].Fragments[0].Mdat.Data, frag.Mdat.Data) {
					t.Errorf("%s segment %d: audio differs from segment %d", f, i, i%passSegs)
				}
			}
		}
		if step == 1 && prevEnd != uint64(n)*SegmentSamples {
			t.Errorf("%s: segments end at %d, want %d", f, prevEnd, uint64(n)*SegmentSamples)
		}
	}
	if _, err := l.Segment(s, FormatHLSAAC160, n); err == nil {
		t.Error("segment past the end: no error")
	}
	if _, err := l.Segment(s, FormatHLSAAC160, -1); err == nil {
		t.Error("segment -1: no error")
	}
}

// mp3Walk follows MP3 frame headers through r from 0 to size and returns
// the number of frames; it fails on any position that is not a frame.
func mp3Walk(t *testing.T, r io.ReaderAt, size int64) int {
	t.Helper()
	var hdr [4]byte
	frames := 0
	for off := int64(0); off < size; {
		if _, err := r.ReadAt(hdr[:], off); err != nil {
			t.Fatalf("read header at %d: %v", off, err)
		}
		n := mp3FrameLen(hdr[:])
		if n == 0 {
			t.Fatalf("no MP3 frame header at %d (frame %d): % x", off, frames, hdr)
		}
		if br := mp3Bitrates[hdr[2]>>4]; br != 128 {
			t.Fatalf("frame %d at %d: %d kbit/s", frames, off, br)
		}
		off += int64(n)
		frames++
		if off > size {
			t.Fatalf("last frame ends at %d, past the size %d", off, size)
		}
	}
	return frames
}

func TestMP3TwoHours(t *testing.T) {
	l := lib(t)
	s := Spec{Piece: "techno", Duration: twoHours}
	r, size, err := l.MP3(s)
	if err != nil {
		t.Fatal(err)
	}
	// 128 kbit/s for the exact duration, give or take a frame's padding byte.
	if want := l.Duration(s).Seconds() * 128000 / 8; math.Abs(float64(size)-want) > want*1e-5 {
		t.Errorf("size %d, 128 kbit/s for %v is %.0f", size, l.Duration(s), want)
	}
	frames := mp3Walk(t, r, size)
	if want := l.SegmentCount(s, FormatHLSMP3) * mp3SegFrames; frames != want {
		t.Errorf("%d frames, want %d", frames, want)
	}
	if got := time.Duration(int64(frames) * mp3FrameSamples * int64(time.Second) / SampleRate); got != l.Duration(s) {
		t.Errorf("frames last %v, Duration says %v", got, l.Duration(s))
	}

	// Reads across a repetition boundary and at the very end.
	pass, _, _ := l.MP3(Spec{Piece: "techno"})
	_, passSize, _ := l.MP3(Spec{Piece: "techno"})
	head := make([]byte, 1000)
	if _, err := pass.ReadAt(head, 0); err != nil {
		t.Fatal(err)
	}
	tail := make([]byte, 1000)
	if _, err := pass.ReadAt(tail, passSize-1000); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2000)
	for _, rep := range []int64{1, 2, 100, size/passSize - 1} {
		if n, err := r.ReadAt(buf, rep*passSize-1000); err != nil || n != 2000 {
			t.Fatalf("read across repetition %d: %d, %v", rep, n, err)
		}
		if !bytes.Equal(buf[:1000], tail) || !bytes.Equal(buf[1000:], head) {
			t.Errorf("bytes across repetition %d are not the pass's end then its start", rep)
		}
		if mp3FrameLen(buf[1000:]) == 0 {
			t.Errorf("repetition %d does not start on a frame header", rep)
		}
	}
	n, err := r.ReadAt(buf, size-500)
	if n != 500 || err != io.EOF {
		t.Errorf("read past the end: %d, %v; want 500, EOF", n, err)
	}
	if n, err := r.ReadAt(buf, size); n != 0 || err != io.EOF {
		t.Errorf("read at the end: %d, %v", n, err)
	}

	// HLS MP3 segments are the same bytes, cut on frame boundaries, each
	// behind an ID3 tag with the timestamp of its first sample.
	var off int64
	for i := range l.SegmentCount(s, FormatHLSMP3) {
		packed, err := l.Segment(s, FormatHLSMP3, i)
		if err != nil {
			t.Fatal(err)
		}
		ts, seg := packedAudio(t, packed)
		if want := int64(i) * SegmentSamples * 90000 / SampleRate; ts != want {
			t.Errorf("HLS MP3 segment %d: ID3 timestamp %d, want %d (90 kHz)", i, ts, want)
		}
		if i%50 == 0 || i == l.SegmentCount(s, FormatHLSMP3)-1 {
			want := make([]byte, len(seg))
			if _, err := r.ReadAt(want, off); err != nil && !(err == io.EOF && off+int64(len(seg)) == size) {
				t.Fatal(err)
			}
			if !bytes.Equal(seg, want) {
				t.Errorf("HLS MP3 segment %d differs from the progressive bytes at %d", i, off)
			}
			if fr := mp3Walk(t, bytes.NewReader(seg), int64(len(seg))); fr != mp3SegFrames {
				t.Errorf("HLS MP3 segment %d has %d frames", i, fr)
			}
		}
		off += int64(len(seg))
	}
	if off != size {
		t.Errorf("HLS MP3 segments add up to %d bytes, the progressive file to %d", off, size)
	}
}

// TestMP3DoesNotMaterialise reads the end of a 2-hour mix and streams the
// whole of it, and checks that memory allocated stays far below its size.
func TestMP3DoesNotMaterialise(t *testing.T) {
	l := lib(t)
	s := Spec{Piece: "ambient", Duration: twoHours}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, size, err := l.MP3(s)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	if _, err := r.ReadAt(buf, size-int64(len(buf))); err != nil {
		t.Fatal(err)
	}
	if mp3FrameLen(buf[len(buf)-418:]) == 0 && mp3FrameLen(buf[len(buf)-417:]) == 0 {
		t.Error("the last 64 KiB do not end with a whole frame")
	}
	n, err := io.CopyBuffer(io.Discard, io.NewSectionReader(r, 0, size), buf)
	if err != nil || n != size {
		t.Fatalf("copied %d of %d bytes: %v", n, size, err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("streaming a %d MB mix allocated %d bytes", size>>20, alloc)
	}
	if allocs := testing.AllocsPerRun(20, func() { _, _ = r.ReadAt(buf[:4096], size-10000) }); allocs > 0 {
		t.Errorf("ReadAt allocates %.0f times per call", allocs)
	}
}

func TestPreview(t *testing.T) {
	l := lib(t)
	for _, s := range []Spec{{Piece: "folk"}, {Piece: TonePiece, Duration: time.Hour}, {Piece: "dub", Duration: 5 * time.Second}, {Piece: TonePiece}} {
		b, err := l.Preview(s)
		if err != nil {
			t.Fatal(err)
		}
		frames := mp3Walk(t, bytes.NewReader(b), int64(len(b)))
		d := time.Duration(int64(frames) * mp3FrameSamples * int64(time.Second) / SampleRate)
		// 30 s, or the whole track when it is shorter: never longer than the track
		want := min(PreviewDuration, l.Duration(s))
		if d < want || d > want+30*time.Millisecond || d > l.Duration(s) {
			t.Errorf("%s (%v) preview lasts %v, want %v", s.Piece, l.Duration(s), d, want)
		}
		if got := l.PreviewLength(s); got != d {
			t.Errorf("%s PreviewLength %v, the preview lasts %v", s.Piece, got, d)
		}
	}
	if _, err := l.Preview(Spec{Piece: "nope"}); err == nil {
		t.Error("preview of an unknown piece: no error")
	}
}

func TestWaveform(t *testing.T) {
	l := lib(t)
	for _, p := range l.Pieces() {
		for _, d := range []time.Duration{0, twoHours} {
			w := l.Waveform(Spec{Piece: p, Duration: d})
			if len(w) != WaveformWidth {
				t.Fatalf("%s: %d samples", p, len(w))
			}
			lo, hi := WaveformHeight, 0
			for _, v := range w {
				lo, hi = min(lo, v), max(hi, v)
			}
			if lo < 0 || hi != WaveformHeight {
				t.Errorf("%s %v: samples span %d..%d", p, d, lo, hi)
			}
			if d == 0 && p != TonePiece && hi-lo < 10 {
				t.Errorf("%s: a flat waveform %d..%d for music", p, lo, hi)
			}
		}
	}
	// The tones piece is one steady level with a silent gap before it repeats.
	w := l.Waveform(Spec{Piece: TonePiece})
	if w[WaveformWidth/2] < 130 || w[WaveformWidth-1] != 0 {
		t.Errorf("tones waveform: middle %d, end %d; want loud then silent", w[WaveformWidth/2], w[WaveformWidth-1])
	}
	if l.Waveform(Spec{Piece: "nope"}) != nil {
		t.Error("waveform of an unknown piece")
	}
}

// packedAudio splits an HLS packed audio segment into the timestamp of
// its ID3 PRIV tag (RFC 8216 section 3.4, 90 kHz) and the audio after the
// tag, failing the test when the tag is missing or malformed.
func packedAudio(t testing.TB, seg []byte) (int64, []byte) {
	t.Helper()
	if len(seg) < 10 || string(seg[:3]) != "ID3" || seg[3] != 4 {
		t.Fatalf("packed audio segment does not start with an ID3v2.4 tag: % x", seg[:min(len(seg), 10)])
	}
	syncsafe := func(b []byte) int { return int(b[0])<<21 | int(b[1])<<14 | int(b[2])<<7 | int(b[3]) }
	end := 10 + syncsafe(seg[6:10])
	if end > len(seg) {
		t.Fatalf("ID3 tag of %d bytes in a %d-byte segment", end, len(seg))
	}
	body := seg[10:end]
	for len(body) >= 10 {
		id, n := string(body[:4]), syncsafe(body[4:8])
		if 10+n > len(body) {
			break
		}
		data := body[10 : 10+n]
		owner, payload, ok := bytes.Cut(data, []byte{0})
		if id == "PRIV" && ok && string(owner) == id3TimestampOwner {
			if len(payload) != 8 {
				t.Fatalf("timestamp payload of %d bytes, want 8", len(payload))
			}
			ts := binary.BigEndian.Uint64(payload)
			if ts>>33 != 0 {
				t.Fatalf("timestamp %#x has more than 33 bits", ts)
			}
			return int64(ts), seg[end:]
		}
		body = body[10+n:]
	}
	t.Fatal("no PRIV com.apple.streaming.transportStreamTimestamp frame in the ID3 tag")
	return 0, nil
}
