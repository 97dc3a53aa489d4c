package player

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseMasterAndMediaPlaylists(t *testing.T) {
	master := "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=96000,CODECS=\"mp4a.40.2\"\nlow/index.m3u8\n" +
		"#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS=\"mp4a.40.2\"\nhigh/index.m3u8?sig=1\n"
	p, err := parsePlaylist([]byte(master), "https://cdn.example/a/master.m3u8?sig=0")
	if err != nil {
		t.Fatal(err)
	}
	if !p.master || len(p.variants) != 2 || p.variants[1].uri != "https://cdn.example/a/high/index.m3u8?sig=1" || p.variants[1].bandwidth != 160000 {
		t.Fatalf("master: %+v", p)
	}
	media := "#EXTM3U\n#EXT-X-TARGETDURATION:7\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.0,\ns0.m4s\n#EXTINF:6.0,\ns1.m4s\n#EXTINF:2.5,\ns2.m4s\n#EXT-X-ENDLIST\n"
	p, err = parsePlaylist([]byte(media), "https://cdn.example/a/index.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	if p.mapURI != "https://cdn.example/a/init.mp4" || len(p.segments) != 3 || p.total != 14500*time.Millisecond {
		t.Fatalf("media: %+v", p)
	}
	if i := p.segmentAt(12 * time.Second); i != 2 {
		t.Errorf("segmentAt(12s) = %d, want 2", i)
	}
	if i := p.segmentAt(11999 * time.Millisecond); i != 1 {
		t.Errorf("segmentAt(11.999s) = %d, want 1", i)
	}
	for _, bad := range []string{"", "not a playlist", "#EXTM3U\nseg.m4s\n", "#EXTM3U\n#EXTINF:x,\ns.m4s\n"} {
		if _, err := parsePlaylist([]byte(bad), "https://x/"); err == nil {
			t.Errorf("parsePlaylist(%q) accepted", bad)
		}
	}
}

func TestEncryptedPlaylistIsDRM(t *testing.T) {
	pl := "#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n#EXTINF:6,\ns.m4s\n"
	p, err := parsePlaylist([]byte(pl), "https://x/a.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	if p.keyMethod != "SAMPLE-AES" || p.keyFormat != "com.apple.streamingkeydelivery" {
		t.Fatalf("key %q %q", p.keyMethod, p.keyFormat)
	}
	if _, err := parseInit([]byte{0, 0, 0, 8, 'f', 'r', 'e', 'e'}); err == nil || errors.Is(err, ErrDRM) {
		t.Errorf("an init segment without moov: %v", err)
	}
}

func TestMP3FrameSync(t *testing.T) {
	// two MPEG-1 Layer III 128 kbit/s 44.1 kHz frames (417 bytes) after junk
	// that contains a false sync word
	frame := func() []byte {
		b := make([]byte, 417)
		copy(b, []byte{0xff, 0xfb, 0x90, 0x64})
		return b
	}
	junk := []byte{0x00, 0xff, 0xfb, 0x90, 0x64, 0x12, 0x34}
	data := append(append(append([]byte{}, junk...), frame()...), frame()...)
	i, h, ok := findFrame(data)
	if !ok || i != len(junk) || h.bitrate != 128 || h.sampleRate != 44100 || h.length != 417 {
		t.Fatalf("findFrame = %d %+v %v, want %d", i, h, ok, len(junk))
	}
	s := &mp3Source{start: 1000, size: 1000 + 128000/8*600, hdr: h, duration: 600 * time.Second}
	if off := s.offsetFor(300 * time.Second); off != 1000+128000/8*300 {
		t.Errorf("CBR offset for 300s = %d", off)
	}
	toc := make([]byte, 100)
	for k := range toc {
		toc[k] = byte(k * 256 / 100)
	}
	toc[50] = 200 // a VBR file whose second half is small
	s.xing = &xingInfo{bytes: 1 << 20, toc: toc}
	if off := s.offsetFor(300 * time.Second); off != 1000+int64(200.0/256*float64(1<<20)) {
		t.Errorf("TOC offset for 50%% = %d", off)
	}
	if id3Size([]byte("ID3\x04\x00\x00\x00\x00\x02\x01")) != 10+257 {
		t.Errorf("id3Size wrong")
	}
	if !strings.Contains(sanitize("a\x1b]52;c;x\x07b"), "a]52;c;xb") {
		t.Errorf("sanitize kept control characters")
	}
}
