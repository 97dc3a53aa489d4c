package player

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for every parser fed from the network: HLS playlists and
// segment lookup, fMP4 init and media segments, MPEG-TS, the MP3 probe
// (frame sync, Xing, VBRI in FuzzVBRI, ID3) and decoder, and the AAC
// configuration the AAC decoder is opened with. Beyond not panicking they check that
// durations are finite and not negative, and that memory stays bounded by
// the input (allocBound), which is what a box or table claiming gigabytes
// broke.

// allocBound is the heap a parser may allocate for n bytes of input.
func allocBound(n int) uint64 { return 32<<20 + 64*uint64(n) }

func checkAlloc(t *testing.T, what string, n int, f func()) {
	t.Helper()
	if a := allocatedBy(f); a > allocBound(n) {
		t.Fatalf("%s: allocated %d bytes for %d bytes of input", what, a, n)
	}
}

// seedMedia reads a small media file from testdata/media (0.2 s of a
// 440 Hz tone, rendered by ffmpeg: HLS fMP4 AAC, an MPEG-TS MP3 segment, a
// progressive MP3): fuzz workers start fast without rendering fixtures.
func seedMedia(f *testing.F, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "media", name))
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func FuzzPlaylist(f *testing.F) {
	f.Add([]byte("#EXTM3U\n#EXT-X-TARGETDURATION:7\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.0,\ns0.m4s\n#EXTINF:2.5,\ns1.m4s\n#EXT-X-ENDLIST\n"))
	f.Add([]byte("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=96000,CODECS=\"mp4a.40.2\"\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhigh.m3u8?sig=1\n"))
	for _, v := range []string{"NaN", "Inf", "-Inf", "1e10", "100000", "-1", "1e308", "0x1p4"} {
		f.Add([]byte("#EXTM3U\n#EXTINF:2,\na.ts\n#EXTINF:" + v + ",\nb.ts\n#EXTINF:2,\nc.ts\n"))
	}
	f.Add([]byte("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n/master.m3u8\n#EXTINF:1,\nx.ts\n"))
	f.Add([]byte("#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k\",KEYFORMAT=\"com.apple\"\n#EXTINF:6,\ns.m4s\n"))
	f.Add(seedMedia(f, "aac.m3u8"))
	for _, dir := range []string{"single_fmp4", "single_ts", "disc_fmp4"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hls", dir, "index.m3u8"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:10@5\na.ts\n#EXTINF:1,\n#EXT-X-BYTERANGE:7\na.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"9@0\"\n#EXTINF:1,\nb.m4s\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p *hlsPlaylist
		var err error
		checkAlloc(t, "parsePlaylist", len(b), func() { p, err = parsePlaylist(b, "https://cdn.example/a/b.m3u8?sig=x") })
		if err != nil {
			if p != nil {
				t.Fatal("an error with a playlist")
			}
			return
		}
		if p.master {
			if len(p.variants) == 0 || len(p.segments) > 0 {
				t.Fatalf("master playlist with %d variants and %d segments", len(p.variants), len(p.segments))
			}
			return
		}
		if len(p.segments) == 0 {
			t.Fatal("media playlist without segments")
		}
		var sum time.Duration
		for i, s := range p.segments {
			if s.dur < 0 || s.dur > maxSegmentDuration || s.start != sum {
				t.Fatalf("segment %d: start %v dur %v, after %v", i, s.start, s.dur, sum)
			}
			sum += s.dur
			if !strings.HasPrefix(s.uri, "https://") && !strings.Contains(s.uri, ":") {
				t.Fatalf("segment URI %q not absolute", s.uri)
			}
			if r := s.rng; r.n < 0 || r.n > maxSegmentBytes || r.off < 0 || r.off > maxByteOffset || (r.n == 0 && r.off != 0) {
				t.Fatalf("segment %d: byte range %+v", i, r)
			}
			if s.mapIx < -1 || s.mapIx >= len(p.maps) || s.disc < 0 || (i > 0 && s.disc < p.segments[i-1].disc) {
				t.Fatalf("segment %d: map %d of %d, discontinuity %d", i, s.mapIx, len(p.maps), s.disc)
			}
		}
		for i, m := range p.maps {
			if r := m.rng; r.n < 0 || r.n > maxSegmentBytes || r.off < 0 || r.off > maxByteOffset {
				t.Fatalf("map %d: byte range %+v", i, r)
			}
		}
		if p.total != sum || p.total < 0 {
			t.Fatalf("total %v, segments add up to %v", p.total, sum)
		}
		for _, at := range []time.Duration{math.MinInt64, -1, 0, p.total / 2, p.total - 1, p.total, p.total + time.Hour, math.MaxInt64} {
			i := p.segmentAt(at)
			if i < 0 || i >= len(p.segments) {
				t.Fatalf("segmentAt(%v) = %d of %d segments", at, i, len(p.segments))
			}
			if s := p.segments[i]; at >= 0 && at < p.total && (at < s.start || at >= s.start+s.dur) {
				t.Fatalf("segmentAt(%v) = %d, which spans %v+%v", at, i, s.start, s.dur)
			}
		}
	})
}

// fmp4Seeds are the hostile box headers plus the fixture's own segments.
func fmp4Seeds(f *testing.F) {
	for _, b := range hostileBoxes() {
		f.Add(b)
	}
	f.Add(seedMedia(f, "init.mp4"))
	f.Add(seedMedia(f, "seg0.m4s"))
	f.Add([]byte{0x99, 0, 0, 8, 'm', 'o', 'o', 'f'})
}

func FuzzFMP4Init(f *testing.F) {
	fmp4Seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var in *fmp4Init
		var err error
		checkAlloc(t, "parseInit", len(b), func() { in, err = parseInit(b) })
		if err != nil {
			return // mp4ff's nil-pointer panics on missing boxes come back as errors
		}
		if len(in.asc) == 0 {
			t.Fatal("init segment accepted without an AudioSpecificConfig")
		}
	})
}

func FuzzFMP4Fragment(f *testing.F) {
	fmp4Seeds(f)
	init, err := parseInit(seedMedia(f, "init.mp4"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var samples []fmp4Sample
		var err error
		checkAlloc(t, "fragmentSamples", len(b), func() { samples, err = fragmentSamples(b, init) })
		if err != nil {
			return // as in FuzzFMP4Init
		}
		n := 0
		for _, s := range samples {
			n += len(s.data)
		}
		if n > len(b) {
			t.Fatalf("%d bytes of samples from %d bytes", n, len(b))
		}
	})
}

func FuzzMPEGTS(f *testing.F) {
	f.Add(seedMedia(f, "seg0.ts"))
	for _, name := range []string{"ts/seg3.ts", "mp3ts/seg3.ts", "disc_ts/b/seg2.ts"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hls", filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	pkt := make([]byte, 188*3)
	for i := 0; i < len(pkt); i += 188 {
		pkt[i], pkt[i+1], pkt[i+3] = 0x47, 0x40, 0x30
		pkt[i+4] = 183 // adaptation field filling the packet
	}
	f.Add(pkt)
	// a PAT and a PMT naming a SAMPLE-AES AAC stream, then a PES start
	f.Add(tsPackets(
		tsPSI(0, []byte{0x00, 0xb0, 13, 0, 1, 0xc1, 0, 0, 0, 1, 0xf0, 0x00, 0, 0, 0, 0}),
		tsPSI(0x1000, []byte{0x02, 0xb0, 18, 0, 1, 0xc1, 0, 0, 0xe1, 0x00, 0xf0, 0, 0xcf, 0xe1, 0x00, 0xf0, 0, 0, 0, 0, 0}),
		tsPES(0x100, []byte{0, 0, 1, 0xc0, 0xff, 0xff, 0x80, 0x80, 5, 0, 0, 0, 0, 0, 0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc}),
	))
	f.Fuzz(func(t *testing.T, b []byte) {
		var a *tsAudio
		var err error
		checkAlloc(t, "demuxTS", len(b), func() { a, err = demuxTS(b, len(b)%2 == 0) })
		if err != nil {
			if a != nil {
				t.Fatal("an error with a result")
			}
			return
		}
		if len(a.es) > len(b) {
			t.Fatalf("%d bytes of payload from %d", len(a.es), len(b))
		}
		if a.codec != tsAAC {
			return
		}
		checkAlloc(t, "splitADTS", len(b), func() {
			units, asc, rest, _, err := splitADTS(a.es)
			if err != nil {
				return
			}
			n := len(rest)
			for _, u := range units {
				n += len(u)
			}
			if n > len(a.es) || len(asc) != 2 {
				t.Fatalf("%d units of %d bytes (asc % x) from %d bytes", len(units), n, asc, len(a.es))
			}
		})
	})
}

// tsPackets joins transport packets.
func tsPackets(p ...[]byte) []byte { return bytes.Join(p, nil) }

// tsPSI is one packet carrying a PSI section on pid.
func tsPSI(pid int, section []byte) []byte {
	p := bytes.Repeat([]byte{0xff}, 188)
	p[0], p[1], p[2], p[3], p[4] = 0x47, 0x40|byte(pid>>8), byte(pid), 0x10, 0
	copy(p[5:], section)
	return p
}

// tsPES is one packet starting a PES packet on pid, stuffed with an
// adaptation field to fill the packet.
func tsPES(pid int, pes []byte) []byte {
	p := make([]byte, 188)
	p[0], p[1], p[2], p[3] = 0x47, 0x40|byte(pid>>8), byte(pid), 0x30
	af := 188 - 4 - 1 - len(pes)
	p[4] = byte(af)
	if af > 0 {
		p[5] = 0
		for i := 6; i < 5+af; i++ {
			p[i] = 0xff
		}
	}
	copy(p[5+af:], pes)
	return p
}

// xingFrame is an MPEG-1 128 kbit/s frame carrying a Xing tag that claims
// bytes and frames.
func xingFrame(bytes, frames uint32) []byte {
	b := make([]byte, 417)
	copy(b, []byte{0xff, 0xfb, 0x90, 0x64})
	copy(b[36:], "Xing")
	binary.BigEndian.PutUint32(b[40:], 7)
	binary.BigEndian.PutUint32(b[44:], frames)
	binary.BigEndian.PutUint32(b[48:], bytes)
	for i := range 100 {
		b[52+i] = byte(i * 256 / 100)
	}
	return b
}

func FuzzMP3Probe(f *testing.F) {
	f.Add(seedMedia(f, "tone.mp3"))
	f.Add(xingFrame(0xffffffff, 0xffffffff))
	f.Add(append(xingFrame(1000, 10), xingFrame(0, 0)...))
	f.Add([]byte("ID3\x04\x00\x10\x7f\x7f\x7f\x7f\xff\xfb\x90\x64"))
	f.Add([]byte("this is not an MP3 stream"))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkAlloc(t, "probe", len(b), func() {
			start := min(id3Size(b), len(b))
			if start < 0 {
				t.Fatalf("id3Size %d", start)
			}
			i, h, ok := findFrame(b[start:])
			if !ok {
				return
			}
			if i < 0 || start+i >= len(b) || h.length <= 4 || h.sampleRate <= 0 || h.bitrate <= 0 {
				t.Fatalf("findFrame = %d, %+v", i, h)
			}
			s := &mp3Source{start: int64(start + i), size: int64(len(b)) + 1000, hdr: h, duration: time.Minute}
			if x, ok := parseXing(b[start+i:], h); ok {
				s.xing = x
			} else if v, err := parseVBRI(b[start+i:]); err == nil {
				s.vbri = v
			}
			for _, at := range []time.Duration{math.MinInt64, -time.Second, 0, time.Millisecond, 30 * time.Second, time.Minute, 100 * time.Hour, math.MaxInt64} {
				if off := s.offsetFor(at); off < s.start || off >= s.size {
					t.Fatalf("offsetFor(%v) = %d, outside [%d, %d)", at, off, s.start, s.size)
				}
			}
		})
	})
}

// FuzzMP3Decode runs the decoder loop (resync, go-mp3, restarts) over the
// input: it must end, and give no more audio than the input can hold.
func FuzzMP3Decode(f *testing.F) {
	f.Add(seedMedia(f, "tone.mp3"))
	f.Add(append(seedMedia(f, "tone.mp3"), bytes.Repeat([]byte("junk"), 2000)...))
	f.Add(xingFrame(1<<30, 1<<30))
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x05PRIVx\xff\xfb\x90\x64"))
	f.Fuzz(func(t *testing.T, b []byte) {
		q := newPCMQueue(1 << 16)
		al := &aligner{q: q}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			err := decodeMP3Stream(ctx, bytes.NewReader(b), al, 0, func(error) {}, nil)
			q.finish(err)
			done <- err
		}()
		var frames int64
		buf := make([][2]float64, 4096)
		for {
			n, ok := q.Stream(buf)
			frames += int64(n)
			for _, s := range buf[:n] {
				if math.IsNaN(s[0]) || math.IsInf(s[0], 0) || math.IsNaN(s[1]) || math.IsInf(s[1], 0) {
					t.Fatalf("non-finite sample %v", s)
				}
			}
			if !ok {
				break
			}
		}
		<-done
		if ctx.Err() != nil {
			t.Fatal("decoding did not end within a minute")
		}
		if max := (int64(len(b))/24 + 2) * 1152; frames > max {
			t.Fatalf("%d frames from %d bytes (at most %d)", frames, len(b), max)
		}
	})
}

// FuzzAACConfig opens the AAC decoder as the player does, with an
// AudioSpecificConfig, and decodes one access unit with it: the input is a
// length byte, the config, the frame. (player/aac fuzzes the decoder
// itself; this covers the player's wrapper around it.)
func FuzzAACConfig(f *testing.F) {
	init, err := parseInit(seedMedia(f, "init.mp4"))
	if err != nil {
		f.Fatal(err)
	}
	samples, err := fragmentSamples(seedMedia(f, "seg0.m4s"), init)
	if err != nil {
		f.Fatal(err)
	}
	seed := func(asc, frame []byte) []byte { return append(append([]byte{byte(len(asc))}, asc...), frame...) }
	f.Add(seed(init.asc, samples[1].data))
	f.Add(seed([]byte{0x12, 0x10}, samples[2].data))
	f.Add(seed([]byte{0x2b, 0x92, 0x08, 0x00}, samples[3].data)) // HE-AAC, explicit SBR
	f.Add(seed([]byte{0xf8, 0x00, 0x00, 0x00, 0x00}, nil))       // escape object type
	f.Add(seed([]byte{0x17, 0x80}, samples[1].data))             // 15 channels
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		n := min(int(b[0]), len(b)-1)
		asc, frame := b[1:1+n], b[1+n:]
		d, err := newAACDecoder(asc)
		if err != nil {
			return
		}
		defer d.close()
		if d.rate <= 0 || d.rate > 192000 {
			t.Fatalf("sample rate %d from % x", d.rate, asc)
		}
		out, err := d.decode(frame)
		if err != nil {
			return
		}
		if len(out) > 8192 {
			t.Fatalf("%d frames from one access unit", len(out))
		}
		for _, s := range out {
			if v := float64(s[0]); math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite sample %v", s)
			}
		}
	})
}
