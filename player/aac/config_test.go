package aac

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

func asc(fields ...uint64) []byte {
	var w bitWriter
	for i := 0; i+1 < len(fields); i += 2 {
		w.put(fields[i], uint(fields[i+1]))
	}
	return w.bytes()
}

func TestParseAudioSpecificConfig(t *testing.T) {
	ga := []uint64{0, 1, 0, 1, 0, 1} // frameLengthFlag, dependsOnCoreCoder, extensionFlag
	with := func(head []uint64, tail ...uint64) []byte {
		return asc(append(append(head, ga...), tail...)...)
	}
	cases := []struct {
		name string
		b    []byte
		want Config
	}{
		{"LC 44.1k stereo", []byte{0x12, 0x10}, Config{ObjectType: 2, SampleRate: 44100, Channels: 2}},
		{"LC 8k mono", with([]uint64{2, 5, 11, 4, 1, 4}), Config{ObjectType: 2, SampleRate: 8000, Channels: 1}},
		{"LC 7350 mono", with([]uint64{2, 5, 12, 4, 1, 4}), Config{ObjectType: 2, SampleRate: 7350, Channels: 1}},
		{"LC 96k stereo", with([]uint64{2, 5, 0, 4, 2, 4}), Config{ObjectType: 2, SampleRate: 96000, Channels: 2}},
		{"escape rate", with([]uint64{2, 5, 15, 4, 44100, 24, 2, 4}), Config{ObjectType: 2, SampleRate: 44100, Channels: 2}},
		{"explicit SBR", with([]uint64{5, 5, 6, 4, 2, 4, 3, 4, 2, 5}),
			Config{ObjectType: 5, SampleRate: 24000, Channels: 2, SBR: true}},
		{"explicit PS", with([]uint64{29, 5, 6, 4, 1, 4, 3, 4, 2, 5}),
			Config{ObjectType: 29, SampleRate: 24000, Channels: 1, SBR: true, PS: true}},
		{"SBR with an escaped extension rate", with([]uint64{5, 5, 7, 4, 2, 4, 15, 4, 44100, 24, 2, 5}),
			Config{ObjectType: 5, SampleRate: 22050, Channels: 2, SBR: true}},
		{"backward-compatible SBR", with([]uint64{2, 5, 6, 4, 2, 4}, 0x2b7, 11, 5, 5, 1, 1, 3, 4),
			Config{ObjectType: 5, SampleRate: 24000, Channels: 2, SBR: true}},
		{"backward-compatible PS", with([]uint64{2, 5, 6, 4, 1, 4}, 0x2b7, 11, 5, 5, 1, 1, 3, 4, 0x548, 11, 1, 1),
			Config{ObjectType: 29, SampleRate: 24000, Channels: 1, SBR: true, PS: true}},
		{"sync extension saying no SBR", with([]uint64{2, 5, 4, 4, 2, 4}, 0x2b7, 11, 5, 5, 0, 1, 0, 8),
			Config{ObjectType: 2, SampleRate: 44100, Channels: 2}},
		{"dependsOnCoreCoder and extensionFlag", asc(2, 5, 3, 4, 2, 4, 0, 1, 1, 1, 0x1234, 14, 1, 1, 0, 1),
			Config{ObjectType: 2, SampleRate: 48000, Channels: 2}},
	}
	for _, c := range cases {
		got, err := ParseAudioSpecificConfig(c.b)
		if err != nil || got != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}

func TestParseAudioSpecificConfigRefuses(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"one byte", []byte{0x12}, "truncated"},
		{"AAC Main", asc(1, 5, 4, 4, 2, 4, 0, 3), "AAC Main"},
		{"AAC LTP", asc(4, 5, 4, 4, 2, 4, 0, 3), "AAC LTP"},
		{"USAC", asc(31, 5, 10, 6, 4, 4, 2, 4, 0, 3), "USAC"},
		{"960-sample frames", asc(2, 5, 4, 4, 2, 4, 1, 1, 0, 2), "960"},
		{"5.1", asc(2, 5, 4, 4, 6, 4, 0, 3), "channel configuration 6"},
		{"PCE layout", asc(2, 5, 4, 4, 0, 4, 0, 3), "channel configuration 0"},
		{"reserved rate index", asc(2, 5, 13, 4, 2, 4, 0, 3), "reserved sampling frequency index 13"},
		{"absurd escaped rate", asc(2, 5, 15, 4, 1, 24, 2, 4, 0, 3), "outside"},
		{"SBR over a non-LC core", asc(5, 5, 6, 4, 2, 4, 3, 4, 1, 5, 0, 3), "AAC Main"},
	}
	for _, c := range cases {
		cfg, err := ParseAudioSpecificConfig(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %+v, %v; want an error mentioning %q", c.name, cfg, err, c.want)
		}
	}
}

// TestParseAudioSpecificConfigFromMP4 reads the AudioSpecificConfig that
// ffmpeg writes into an MP4's esds box for a few corpus rates and layouts.
func TestParseAudioSpecificConfigFromMP4(t *testing.T) {
	for _, c := range []struct {
		src  string
		want Config
	}{
		{"sine=f=440:d=0.2:r=44100,aformat=channel_layouts=stereo", Config{ObjectType: 2, SampleRate: 44100, Channels: 2}},
		{"sine=f=440:d=0.2:r=8000", Config{ObjectType: 2, SampleRate: 8000, Channels: 1}},
		{"sine=f=440:d=0.2:r=96000,aformat=channel_layouts=stereo", Config{ObjectType: 2, SampleRate: 96000, Channels: 2}},
	} {
		p := corpusPath(t, corpusFile{name: fmt.Sprintf("asc-%d-%d", c.want.SampleRate, c.want.Channels), src: c.src})
		m4a := strings.TrimSuffix(p, ".aac") + ".m4a"
		if out, err := exec.Command("ffmpeg", "-loglevel", "error", "-y", "-i", p, "-c", "copy", m4a).CombinedOutput(); err != nil {
			t.Fatalf("remux to mp4: %v: %s", err, out)
		}
		f, err := os.Open(m4a)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := mp4.DecodeFile(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		asc := mf.Moov.Trak.Mdia.Minf.Stbl.Stsd.Mp4a.Esds.DecConfigDescriptor.DecSpecificInfo.DecConfig
		got, err := ParseAudioSpecificConfig(asc)
		if err != nil || got != c.want {
			t.Errorf("% x: %+v, %v; want %+v", asc, got, err, c.want)
		}
	}
}
