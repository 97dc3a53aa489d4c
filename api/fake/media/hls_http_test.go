package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os/exec"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/third_party/go-mp3"
)

// TestHLSOverHTTP serves the tones piece as HLS from a loopback server and
// lets ffmpeg's own HLS client play the playlist, as mpv would.
func TestHLSOverHTTP(t *testing.T) {
	l := lib(t)
	s := Spec{Piece: TonePiece, Duration: 3 * TonePeriod}
	srv := hlsServer(t, l, s)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-i", srv.URL+"/"+string(f)+"/playlist.m3u8",
				"-f", "s16le", "-ac", "1", "-ar", fmt.Sprint(SampleRate), "pipe:1")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil {
				t.Fatalf("ffmpeg: %v: %s", err, errb.String())
			}
			pcm := make([]float64, out.Len()/2)
			for i := range pcm {
				pcm[i] = float64(int16(binary.LittleEndian.Uint16(out.Bytes()[2*i:]))) / 32768
			}
			checkTones(t, pcm, l.Duration(s))
		})
	}
}

// TestGoMP3Decodes checks that the pure-Go decoder the player can use reads
// the progressive MP3 across a loop point, starting mid-file at a frame
// boundary as a ranged request would (go-mp3 is slow under -race, so only
// 21 s to 28 s of the track are decoded).
func TestGoMP3Decodes(t *testing.T) {
	l := lib(t)
	s := Spec{Piece: TonePiece, Duration: 2 * TonePeriod}
	r, size, err := l.MP3(s)
	if err != nil {
		t.Fatal(err)
	}
	p := l.pieces[TonePiece]
	pass := p.mp3Frames[len(p.mp3Frames)-1]
	first := at(21*time.Second) / mp3FrameSamples
	from := p.mp3Frames[first]
	to := pass + p.mp3Frames[at(4*time.Second)/mp3FrameSamples]
	if to > size {
		t.Fatalf("range end %d past size %d", to, size)
	}
	dec, err := mp3.NewDecoder(io.NewSectionReader(r, from, to-from))
	if err != nil {
		t.Fatalf("go-mp3: %v", err)
	}
	if dec.SampleRate() != SampleRate {
		t.Errorf("go-mp3 sample rate %d", dec.SampleRate())
	}
	raw, err := io.ReadAll(dec)
	if err != nil {
		t.Fatalf("go-mp3 decode: %v", err)
	}
	pcm := make([]float64, len(raw)/4) // 16-bit stereo; keep the left channel
	for i := range pcm {
		pcm[i] = float64(int16(binary.LittleEndian.Uint16(raw[4*i:]))) / 32768
	}
	origin := first * mp3FrameSamples
	window := func(a, b time.Duration) []float64 { return pcm[at(a)-origin : at(b)-origin] }
	if got, ratio := dominant(window(22*time.Second, 23500*time.Millisecond)); got.Freq != 1000 || ratio < 100 {
		t.Errorf("before the loop point: %v Hz (%.0f×), want 1000 Hz", got.Freq, ratio)
	}
	if r := rms(window(24050*time.Millisecond, TonePeriod-20*time.Millisecond)); r > 0.01 {
		t.Errorf("gap before the loop point: RMS %.4f, want silence", r)
	}
	if got, ratio := dominant(window(TonePeriod+20*time.Millisecond, TonePeriod+2*time.Second)); got.Freq != 300 || ratio < 100 {
		t.Errorf("after the loop point: %v Hz (%.0f×), want 300 Hz", got.Freq, ratio)
	}
}
