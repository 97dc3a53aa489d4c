package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os/exec"
	"testing"
	"time"
)

// decode runs ffmpeg on encoded audio and returns it as mono float samples
// at SampleRate.
func decode(t *testing.T, encoded io.Reader) []float64 {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatalf("ffmpeg is needed to decode the served audio (apt-get install ffmpeg): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-i", "pipe:0",
		"-f", "s16le", "-ac", "1", "-ar", fmt.Sprint(SampleRate), "pipe:1")
	cmd.Stdin = encoded
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, errb.String())
	}
	if errb.Len() > 0 {
		t.Errorf("ffmpeg complained: %s", errb.String())
	}
	raw := out.Bytes()
	pcm := make([]float64, len(raw)/2)
	for i := range pcm {
		pcm[i] = float64(int16(binary.LittleEndian.Uint16(raw[2*i:]))) / 32768
	}
	return pcm
}

// goertzel returns the power of frequency f in x.
func goertzel(x []float64, f float64) float64 {
	w := 2 * math.Pi * f / SampleRate
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s1, s2 = v+c*s1-s2, s1
	}
	return s1*s1 + s2*s2 - c*s1*s2
}

func rms(x []float64) float64 {
	sum := 0.0
	for _, v := range x {
		sum += v * v
	}
	return math.Sqrt(sum / float64(len(x)))
}

func at(d time.Duration) int { return int(d.Seconds() * SampleRate) }

// dominant reports which tone of ToneSequence is loudest in x and by how
// much (its power over the next loudest tone's).
func dominant(x []float64) (Tone, float64) {
	best, second := -1.0, -1.0
	var tone Tone
	for _, tn := range ToneSequence {
		p := goertzel(x, tn.Freq)
		switch {
		case p > best:
			best, second, tone = p, best, tn
		case p > second:
			second = p
		}
	}
	return tone, best / second
}

// checkTones checks decoded audio of the tones piece repeated: every tone
// in order at its time in every pass, the switches between tones within
// 10 ms of where ToneSequence puts them, and silence before each repeat.
func checkTones(t *testing.T, pcm []float64, total time.Duration) {
	t.Helper()
	if got := time.Duration(float64(len(pcm)) / SampleRate * float64(time.Second)); (got - total).Abs() > 50*time.Millisecond {
		t.Errorf("decoded %v of audio, want %v", got, total)
	}
	window := func(from, to time.Duration) []float64 {
		a, b := at(from), at(to)
		if a < 0 || b > len(pcm) {
			return nil
		}
		return pcm[a:b]
	}
	for pass := time.Duration(0); pass+TonePeriod <= total; pass += TonePeriod {
		for k, tn := range ToneSequence {
			start := pass + tn.Start
			x := window(start+200*time.Millisecond, start+tn.Length-200*time.Millisecond)
			got, ratio := dominant(x)
			if got.Freq != tn.Freq || ratio < 100 {
				t.Errorf("at %v: loudest tone %v Hz (%.0f× the next), want %v Hz", start, got.Freq, ratio, tn.Freq)
			}
			if a := rms(x) * math.Sqrt2; a < 0.28 || a > 0.42 {
				t.Errorf("at %v: tone amplitude %.3f, want about 0.35", start, a)
			}
			before := window(start-60*time.Millisecond, start-10*time.Millisecond)
			after := window(start+10*time.Millisecond, start+60*time.Millisecond)
			if got, _ := dominant(after); got.Freq != tn.Freq {
				t.Errorf("10-60 ms after %v: %v Hz, want %v Hz", start, got.Freq, tn.Freq)
			}
			if k > 0 {
				if got, _ := dominant(before); got.Freq != ToneSequence[k-1].Freq {
					t.Errorf("10-60 ms before %v: %v Hz, want %v Hz", start, got.Freq, ToneSequence[k-1].Freq)
				}
			} else if pass > 0 {
				if r := rms(before); r > 0.01 {
					t.Errorf("before the repeat at %v: RMS %.4f, want silence", start, r)
				}
			}
		}
		end := ToneSequence[len(ToneSequence)-1]
		if gap := window(pass+end.Start+end.Length+20*time.Millisecond, pass+TonePeriod-20*time.Millisecond); gap == nil || rms(gap) > 0.01 {
			t.Errorf("the gap at the end of the pass at %v is not silent", pass)
		}
	}
}

func TestTonesDecode(t *testing.T) {
	l := lib(t)
	s := Spec{Piece: TonePiece, Duration: 70 * time.Second} // 12 segments: 3 passes, across 2 loop points
	total := l.Duration(s)
	if total != 3*TonePeriod {
		t.Fatalf("Duration %v, want 3 passes of %v", total, TonePeriod)
	}
	for _, f := range []Format{FormatHLSAAC160, FormatHLSAAC96} {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			init, err := l.Init(s, f)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(init)
			for i := range l.SegmentCount(s, f) {
				seg, err := l.Segment(s, f, i)
				if err != nil {
					t.Fatal(err)
				}
				b.Write(seg)
			}
			checkTones(t, decode(t, &b), total)
		})
	}
	t.Run(string(FormatHLSMP3), func(t *testing.T) {
		var b bytes.Buffer
		for i := range l.SegmentCount(s, FormatHLSMP3) {
			seg, err := l.Segment(s, FormatHLSMP3, i)
			if err != nil {
				t.Fatal(err)
			}
			_, frames := packedAudio(t, seg)
			b.Write(frames)
		}
		checkTones(t, decode(t, &b), total)
	})
	t.Run("http_mp3_128", func(t *testing.T) {
		r, size, err := l.MP3(s)
		if err != nil {
			t.Fatal(err)
		}
		checkTones(t, decode(t, io.NewSectionReader(r, 0, size)), total)
	})
	t.Run("preview_mp3_128", func(t *testing.T) {
		b, err := l.Preview(s)
		if err != nil {
			t.Fatal(err)
		}
		pcm := decode(t, bytes.NewReader(b))
		// The preview is 30 s: one pass, then the start of the next.
		checkTones(t, pcm, time.Duration(float64(len(pcm))/SampleRate*float64(time.Second)))
		if got, _ := dominant(pcm[at(TonePeriod+time.Second):at(TonePeriod+2*time.Second)]); got.Freq != 300 {
			t.Errorf("preview after the loop point: %v Hz, want 300 Hz", got.Freq)
		}
	})
}

// TestMusicLoopsSeamlessly decodes two passes of every music piece and
// checks that the loop point is no louder a jump than the music makes
// anyway: the sample-to-sample step there stays within the piece's own.
func TestMusicLoopsSeamlessly(t *testing.T) {
	l := lib(t)
	for _, p := range l.Pieces() {
		s := Spec{Piece: p}
		s.Duration = 2 * l.Duration(s)
		var b bytes.Buffer
		init, _ := l.Init(s, FormatHLSAAC160)
		b.Write(init)
		for i := range l.SegmentCount(s, FormatHLSAAC160) {
			seg, err := l.Segment(s, FormatHLSAAC160, i)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(seg)
		}
		pcm := decode(t, &b)
		loop := at(l.Duration(Spec{Piece: p}))
		maxStep := 0.0
		for i := at(time.Second); i < loop-at(time.Second); i++ {
			maxStep = max(maxStep, math.Abs(pcm[i]-pcm[i-1]))
		}
		for i := loop - 64; i < loop+64; i++ {
			if step := math.Abs(pcm[i] - pcm[i-1]); step > maxStep*1.1+0.01 {
				t.Errorf("%s: a jump of %.3f at sample %d near the loop point %d (largest inside the piece %.3f)", p, step, i, loop, maxStep)
			}
		}
		if r := rms(pcm[loop-at(time.Second) : loop+at(time.Second)]); p != TonePiece && r < 0.01 {
			t.Errorf("%s: silent around the loop point (RMS %.4f)", p, r)
		}
	}
}
