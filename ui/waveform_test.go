package ui

import (
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// waveStyles pins the colour profile so played/unplayed render as escapes.
func waveStyles(t testing.TB) (played, unplayed lipgloss.Style) {
	t.Helper()
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	return lipgloss.NewStyle().Foreground(lipgloss.Color("#ff5500")),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#666666"))
}

const (
	playedSeq   = "38;2;255;85;0"
	unplayedSeq = "38;2;102;102;102"
)

// ramp is 1,800 samples rising linearly, like a long crescendo.
func ramp(n, top int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = (i + 1) * top / n
	}
	return s
}

func TestRenderWaveformGeometry(t *testing.T) {
	played, unplayed := waveStyles(t)
	samples := ramp(1800, 140)
	for _, width := range []int{1, 2, 7, 40, 80, 160, 2000} {
		for _, height := range []int{1, 2, 3, 5} {
			for _, p := range []float64{0, 0.25, 0.5, 0.999, 1} {
				out := RenderWaveform(samples, 140, width, height, p, played, unplayed)
				lines := strings.Split(out, "\n")
				if len(lines) != height {
					t.Fatalf("w=%d h=%d p=%v: %d lines", width, height, p, len(lines))
				}
				for i, l := range lines {
					if w := ansi.StringWidth(ansi.Strip(l)); w != width {
						t.Fatalf("w=%d h=%d p=%v: line %d is %d wide", width, height, p, i, w)
					}
				}
			}
		}
	}
}

func TestRenderWaveformShape(t *testing.T) {
	plain := lipgloss.NewStyle()
	// A ramp over 2 rows, 16 eighths: column c of 8 reaches (c+1)*2 eighths.
	out := RenderWaveform(ramp(1800, 140), 140, 8, 2, 0, plain, plain)
	want := "" +
		"    ▂▄▆█\n" +
		"▂▄▆█████"
	if got := ansi.Strip(out); got != want {
		t.Errorf("ramp:\n%s\nwant:\n%s", got, want)
	}

	// Peaks survive resampling: one loud sample among quiet ones.
	samples := make([]int, 1800)
	for i := range samples {
		samples[i] = 10
	}
	samples[901] = 100
	out = ansi.Strip(RenderWaveform(samples, 100, 10, 1, 0, plain, plain))
	if []rune(out)[5] != '█' {
		t.Errorf("peak lost: %q", out)
	}
	if strings.Count(out, "▁") != 9 {
		t.Errorf("quiet columns should be ▁: %q", out)
	}
}

func TestRenderWaveformFlat(t *testing.T) {
	plain := lipgloss.NewStyle()
	for _, tc := range []struct {
		name    string
		samples []int
		max     int
	}{
		{"nil", nil, 140},
		{"empty", []int{}, 0},
		{"silence", make([]int, 1800), 140},
		{"zero max", []int{0, 0}, 0},
		{"negative", []int{-5, -1}, 140},
	} {
		out := ansi.Strip(RenderWaveform(tc.samples, tc.max, 6, 2, 0.5, plain, plain))
		if want := "      \n▁▁▁▁▁▁"; out != want {
			t.Errorf("%s: got %q, want %q", tc.name, out, want)
		}
	}
}

func TestRenderWaveformFewSamples(t *testing.T) {
	plain := lipgloss.NewStyle()
	// 3 samples over 9 columns: each sample covers three columns.
	out := ansi.Strip(RenderWaveform([]int{8, 4, 1}, 8, 9, 1, 0, plain, plain))
	if want := "███▄▄▄▁▁▁"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	// maxSample <= 0 scales to the loudest sample; bigger samples clip.
	out = ansi.Strip(RenderWaveform([]int{50, 100}, 0, 2, 1, 0, plain, plain))
	if want := "▄█"; out != want {
		t.Errorf("auto max: got %q, want %q", out, want)
	}
	out = ansi.Strip(RenderWaveform([]int{500}, 100, 1, 1, 0, plain, plain))
	if want := "█"; out != want {
		t.Errorf("clip: got %q, want %q", out, want)
	}
}

func TestRenderWaveformNoSpace(t *testing.T) {
	played, unplayed := waveStyles(t)
	for _, wh := range [][2]int{{0, 2}, {-1, 2}, {10, 0}, {10, -3}} {
		if out := RenderWaveform(ramp(10, 10), 10, wh[0], wh[1], 0.5, played, unplayed); out != "" {
			t.Errorf("%dx%d: got %q, want empty", wh[0], wh[1], out)
		}
	}
}

// playedSplit reports how many leading cells of a rendered line carry the
// played colour, failing if the colours are not one played run followed by
// one unplayed run.
func playedSplit(t *testing.T, line string) int {
	t.Helper()
	var n int
	seenUnplayed := false
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	state := byte(0)
	cur := ""
	for line != "" {
		seq, width, nread, newState := ansi.DecodeSequence(line, state, p)
		state = newState
		switch {
		case width > 0:
			switch cur {
			case playedSeq:
				if seenUnplayed {
					t.Fatalf("played cell after unplayed in %q", line)
				}
				n += width
			case unplayedSeq:
				seenUnplayed = true
			default:
				t.Fatalf("cell %q without a waveform colour (style %q) in %q", seq, cur, line)
			}
		case strings.HasPrefix(seq, "\x1b["):
			params := strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m")
			if params == "0" || params == "" {
				cur = ""
			} else {
				cur = params
			}
		}
		line = line[nread:]
	}
	return n
}

func TestRenderWaveformProgressColours(t *testing.T) {
	played, unplayed := waveStyles(t)
	samples := ramp(1800, 140)
	const width = 40
	for _, tc := range []struct {
		progress float64
		want     int
	}{
		{0, 0}, {-1, 0}, {math.NaN(), 0}, {0.0249, 0}, {0.025, 1},
		{0.5, 20}, {0.99, 39}, {1, 40}, {1.5, 40}, {math.Inf(1), 40},
	} {
		out := RenderWaveform(samples, 140, width, 3, tc.progress, played, unplayed)
		for i, line := range strings.Split(out, "\n") {
			if got := playedSplit(t, line); got != tc.want {
				t.Errorf("progress %v line %d: %d played columns, want %d", tc.progress, i, got, tc.want)
			}
		}
	}
	// The edges carry only one colour.
	if out := RenderWaveform(samples, 140, width, 1, 0, played, unplayed); strings.Contains(out, playedSeq) {
		t.Errorf("progress 0 shows played colour: %q", out)
	}
	if out := RenderWaveform(samples, 140, width, 1, 1, played, unplayed); strings.Contains(out, unplayedSeq) {
		t.Errorf("progress 1 shows unplayed colour: %q", out)
	}
}

func TestWaveformColumnRoundTrip(t *testing.T) {
	played, unplayed := waveStyles(t)
	samples := ramp(1800, 140)
	for _, width := range []int{1, 3, 7, 10, 80, 97, 160} {
		prev := -1.0
		for x := 0; x < width; x++ {
			f := WaveformColumn(x, width)
			if f < 0 || f > 1 || f <= prev {
				t.Fatalf("width %d x %d: fraction %v (prev %v)", width, x, f, prev)
			}
			prev = f
			// After seeking there, column x is the first unplayed one.
			line := RenderWaveform(samples, 140, width, 1, f, played, unplayed)
			if got := playedSplit(t, line); got != x {
				t.Fatalf("width %d: click at %d → %v draws %d played columns", width, x, f, got)
			}
		}
	}
	for _, tc := range []struct {
		x, width int
		want     float64
	}{
		{-5, 10, 0}, {0, 10, 0}, {5, 10, 0.5}, {10, 10, 1}, {99, 10, 1}, {3, 0, 0}, {3, -1, 0},
	} {
		if got := WaveformColumn(tc.x, tc.width); got != tc.want {
			t.Errorf("WaveformColumn(%d, %d) = %v, want %v", tc.x, tc.width, got, tc.want)
		}
	}
}

func BenchmarkRenderWaveform(b *testing.B) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(prev)
	played := lipgloss.NewStyle().Foreground(lipgloss.Color("#ff5500"))
	unplayed := lipgloss.NewStyle().Foreground(lipgloss.Color("#666666"))
	samples := ramp(1800, 140)
	b.ReportAllocs()
	for b.Loop() {
		_ = RenderWaveform(samples, 140, 160, 3, 0.37, played, unplayed)
	}
}
