package player

import (
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// A Xing tag whose byte count is larger than the file cannot send a seek
// past the end: offsets stay inside the file, as with VBRI.
func TestLyingXingByteCountClamped(t *testing.T) {
	h, ok := parseMP3Header([]byte{0xff, 0xfb, 0x90, 0x64})
	if !ok {
		t.Fatal("header")
	}
	toc := make([]byte, 100)
	for k := range toc {
		toc[k] = byte(k * 256 / 100)
	}
	const size = 1_000_000
	for _, bytes := range []int{size * 10, 1<<31 - 1, 1<<32 - 1} {
		s := &mp3Source{start: 1000, size: size, hdr: h, duration: 60 * time.Second, xing: &xingInfo{bytes: bytes, toc: toc}}
		for _, at := range []time.Duration{0, 10 * time.Second, 30 * time.Second, 59 * time.Second, time.Hour, -time.Hour} {
			if off := s.offsetFor(at); off < s.start || off >= size {
				t.Errorf("Xing bytes %d: offset for %v = %d, want within [%d, %d)", bytes, at, off, s.start, size)
			}
		}
	}
	// a negative or zero duration from the API never makes a NaN offset
	for _, d := range []time.Duration{-40*time.Minute - 20*time.Second, 0} {
		s := &mp3Source{start: 1000, size: size, hdr: h, duration: d, xing: &xingInfo{bytes: size, toc: toc}}
		if off := s.offsetFor(10 * time.Second); off < s.start || off >= size {
			t.Errorf("duration %v: offset %d", d, off)
		}
	}
}

// A track whose API duration is negative reports 0, never a negative
// duration a formatter would print as -40:-20.
func TestNegativeDurationReportsZero(t *testing.T) {
	c := newLocalCDN(t)
	tr := c.mp3(3)
	tr.Duration = -(40*60 + 20) * 1000
	p, _ := newWAVPlayer(t, c, 0)
	p.Load(tr)
	waitEvent(t, p, 20*time.Second, func(ev Event) bool { return ev.Kind == EventState && ev.Status.State == Paused })
	if st := p.Status(); st.Duration < 0 || st.Position < 0 {
		t.Errorf("status duration %v position %v", st.Duration, st.Position)
	}
	var _ = api.AccessPlayable
}
