package ui

import (
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// waveBlocks are the partial blocks for 1/8 … 8/8 of a cell's height.
var waveBlocks = [...]rune{'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'}

// RenderWaveform draws a track's waveform samples (SoundCloud serves about
// 1,800 per track) as a bar chart of block characters, width columns by
// height rows, so the now-playing bar looks like the waveform on the web.
// Columns before progress*width are drawn in the played style, the rest in
// unplayed. Each sample is divided by maxSample (or by the largest sample
// when maxSample <= 0); every column keeps at least a one-eighth baseline so
// silence and missing samples draw a flat line. Every line is exactly width
// cells wide; width or height <= 0 gives "".
func RenderWaveform(samples []int, maxSample int, width, height int, progress float64, played, unplayed lipgloss.Style) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	levels := waveLevels(samples, maxSample, width, height)
	split := playedColumns(progress, width)

	var b strings.Builder
	row := make([]rune, width)
	for r := 0; r < height; r++ {
		base := (height - 1 - r) * 8 // eighths below this row
		for c, lv := range levels {
			fill := lv - base
			switch {
			case fill >= 8:
				row[c] = '█'
			case fill <= 0:
				row[c] = ' '
			default:
				row[c] = waveBlocks[fill-1]
			}
		}
		if r > 0 {
			b.WriteByte('\n')
		}
		if split > 0 {
			b.WriteString(played.Render(string(row[:split])))
		}
		if split < width {
			b.WriteString(unplayed.Render(string(row[split:])))
		}
	}
	return b.String()
}

// WaveformColumn turns a mouse click at column x of a waveform width columns
// wide into the fraction of the track to seek to. It is the inverse of the
// played/unplayed split in RenderWaveform: after seeking there, column x is
// the first unplayed one. The result is clamped to [0, 1].
func WaveformColumn(x, width int) float64 {
	if width <= 0 || x <= 0 {
		return 0
	}
	if x >= width {
		return 1
	}
	return float64(x) / float64(width)
}

// playedColumns is how many leading columns count as played. The small
// epsilon keeps WaveformColumn's x/width from flooring to x-1.
func playedColumns(progress float64, width int) int {
	if math.IsNaN(progress) || progress <= 0 {
		return 0
	}
	if progress >= 1 {
		return width
	}
	n := int(math.Floor(progress*float64(width) + 1e-9))
	return min(max(n, 0), width)
}

// waveLevels resamples samples to width columns (the peak of each bucket, so
// short transients stay visible) and scales them to eighths of height rows,
// with a floor of one eighth.
func waveLevels(samples []int, maxSample int, width, height int) []int {
	levels := make([]int, width)
	full := height * 8
	if maxSample <= 0 {
		for _, s := range samples {
			maxSample = max(maxSample, s)
		}
	}
	n := len(samples)
	for c := range levels {
		peak := 0
		if n > 0 && maxSample > 0 {
			start := c * n / width
			end := (c + 1) * n / width
			if end <= start {
				end = start + 1
			}
			for _, s := range samples[start:end] {
				peak = max(peak, s)
			}
		}
		lv := 0
		if peak > 0 {
			lv = int(math.Round(float64(min(peak, maxSample)) / float64(maxSample) * float64(full)))
		}
		levels[c] = min(max(lv, 1), full)
	}
	return levels
}
