package aac

import (
	"strings"
	"testing"
)

// adtsHeader writes an ADTS header with the given fields.
func adtsHeader(id, layer, protAbsent, profile, sfi, ch, frameLen, rdb uint64) []byte {
	var w bitWriter
	w.put(0xfff, 12).put(id, 1).put(layer, 2).put(protAbsent, 1)
	w.put(profile, 2).put(sfi, 4).put(0, 1).put(ch, 3).put(0, 4)
	w.put(frameLen, 13).put(0x7ff, 11).put(rdb, 2)
	return w.bytes()
}

func TestParseADTSHeader(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		want ADTSHeader
	}{
		{"MPEG-4 LC 44.1k stereo", adtsHeader(0, 0, 1, 1, 4, 2, 371, 0),
			ADTSHeader{Config: Config{ObjectType: 2, SampleRate: 44100, Channels: 2}, HeaderLen: 7, FrameLen: 371, RawBlocks: 1}},
		{"MPEG-2 LC 8k mono with CRC", adtsHeader(1, 0, 0, 1, 11, 1, 100, 0),
			ADTSHeader{Config: Config{ObjectType: 2, SampleRate: 8000, Channels: 1}, HeaderLen: 9, FrameLen: 100, RawBlocks: 1, CRC: true}},
		{"four blocks with CRC", adtsHeader(0, 0, 0, 1, 3, 2, 2000, 3),
			ADTSHeader{Config: Config{ObjectType: 2, SampleRate: 48000, Channels: 2}, HeaderLen: 15, FrameLen: 2000, RawBlocks: 4, CRC: true}},
		{"four blocks without CRC", adtsHeader(0, 0, 1, 1, 0, 2, 2000, 3),
			ADTSHeader{Config: Config{ObjectType: 2, SampleRate: 96000, Channels: 2}, HeaderLen: 7, FrameLen: 2000, RawBlocks: 4}},
	}
	for _, c := range cases {
		got, err := ParseADTSHeader(c.b)
		if err != nil || got != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
	bad := []struct {
		name string
		b    []byte
		want string
	}{
		{"short", []byte{0xff, 0xf1, 0x50}, "7 bytes"},
		{"no sync", []byte{0xff, 0xe1, 0x50, 0x80, 0x2e, 0x7f, 0xfc}, "sync"},
		{"layer", adtsHeader(0, 1, 1, 1, 4, 2, 371, 0), "layer"},
		{"Main profile", adtsHeader(0, 0, 1, 0, 4, 2, 371, 0), "AAC Main"},
		{"SSR profile", adtsHeader(0, 0, 1, 2, 4, 2, 371, 0), "AAC SSR"},
		{"reserved rate", adtsHeader(0, 0, 1, 1, 14, 2, 371, 0), "reserved sampling frequency index 14"},
		{"PCE channels", adtsHeader(0, 0, 1, 1, 4, 0, 371, 0), "channel configuration 0"},
		{"5.1", adtsHeader(0, 0, 1, 1, 4, 6, 371, 0), "channel configuration 6"},
		{"frame shorter than header", adtsHeader(0, 0, 0, 1, 4, 2, 9, 0), "no room"},
	}
	for _, c := range bad {
		h, err := ParseADTSHeader(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %+v, %v; want an error mentioning %q", c.name, h, err, c.want)
		}
	}
}
