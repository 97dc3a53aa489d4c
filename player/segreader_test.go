package player

import (
	"bytes"
	"io"
	"testing"
)

// Packed MP3 segments carry an ID3 timestamp tag first; the decoder must
// see only the frames, and a tag claiming more than the segment holds must
// not panic.
func TestSegmentReaderDropsID3Tags(t *testing.T) {
	tag := []byte("ID3\x04\x00\x00\x00\x00\x00\x05" + "PRIVx") // 10-byte header + 5-byte body
	frames := []byte{0xff, 0xfb, 0x90, 0x64, 1, 2, 3, 4}
	huge := []byte("ID3\x04\x00\x00\x7f\x7f\x7f\x7f")
	segs := make(chan fetchedSegment, 3)
	segs <- fetchedSegment{i: 0, data: append(append([]byte{}, tag...), frames...)}
	segs <- fetchedSegment{i: 1, data: huge}
	segs <- fetchedSegment{i: 2, data: frames}
	close(segs)
	got, err := io.ReadAll(&segmentReader{segs: segs})
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]byte{}, frames...), frames...)
	if !bytes.Equal(got, want) {
		t.Fatalf("read %x, want %x", got, want)
	}
}
