package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	imgpng "image/png"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/config"
	artdecode "github.com/cirrus-tui/cirrus/internal/artwork"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// withArt gives a started model the artwork of a terminal, and covers
// that serve cover() for every URL.
func withArt(m *Model, mode config.Artwork, t termimg.Terminal) {
	serveCovers(m, cover())
	m.detail.art = newArtwork(m.e, mode, t)
	m.np.art = m.detail.art
	m.layoutPanes()
}

// serveCovers makes every cover img, as PNG from the network.
func serveCovers(m *Model, img image.Image) {
	var png bytes.Buffer
	if err := imgpng.Encode(&png, img); err != nil {
		panic(err)
	}
	m.e.covers = artdecode.NewCovers(func(context.Context, string) ([]byte, error) { return png.Bytes(), nil })
}

// arrive loads the cover at u as the detail pane's command does.
func arrive(m *Model, u string) {
	m.Update(loadArtwork(m.e, u)())
}

func cover() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = 180
	}
	return img
}

// blankBox reports whether the frame's cells in p's box are all blank.
func blankBox(frame string, p termimg.Placement) bool {
	lines := strings.Split(frame, "\n")
	for r := p.Row; r < p.Row+p.Rows; r++ {
		if r >= len(lines) || strings.TrimSpace(ansi.Strip(ansi.Cut(lines[r], p.Col, p.Col+p.Cols))) != "" {
			return false
		}
	}
	return true
}

// TestPicturesPlaced: with a graphics protocol the detail pane and the
// now-playing bar leave blank boxes, square in pixels, where the covers
// go, and say where; an overlay over them takes the pictures away.
func TestPicturesPlaced(t *testing.T) {
	pinProfile(t, termenv.TrueColor)
	m, b, _ := started(t, 160, 48)
	withArt(m, config.ArtworkAuto, termimg.Terminal{Protocol: termimg.Kitty, CellW: 10, CellH: 20})
	const u = "https://i1.sndcdn.com/a.jpg"
	b.tracks[0].ArtworkURL = u
	m.tabs.pane(tabFeed).(*browsePane).top().list().items[0].Track.ArtworkURL = u
	it, _ := m.current().Selected()
	m.Update(detailMsg{seq: m.detail.seq, it: it}) // its load is left on its way
	if cmd := m.np.wantArt(); cmd != nil {
		t.Fatal("nothing plays, yet a cover loads for the bar")
	}
	playing(m, &b.tracks[0], 10*time.Second)
	if cmd := m.np.wantArt(); cmd != nil {
		t.Fatal("the cover is already on its way (the detail pane asked), yet the bar asks again")
	}
	if v := m.View(); len(m.Pictures()) != 0 || !strings.Contains(v, "░") {
		t.Fatalf("pictures before the cover arrived: %v", m.Pictures())
	}
	arrive(m, u)
	v := m.View()
	pics := m.Pictures()
	if len(pics) != 2 {
		t.Fatalf("want the detail pane's and the bar's cover, got %v", pics)
	}
	d, np := pics[0], pics[1]
	l := m.lay
	if d.Key != u || d.Col != l.listW+1 || d.Row != l.bodyTop || d.Rows != 12 || d.Cols != 24 {
		t.Errorf("detail cover at %v (list %d wide)", d, l.listW)
	}
	if l.npH != 7 || np.Col != 0 || np.Row != l.npTop || np.Rows != 6 || np.Cols != 12 || m.np.waveLeft != 13 {
		t.Errorf("bar cover at %v, bar %d high at row %d, wave from column %d", np, l.npH, l.npTop, m.np.waveLeft)
	}
	for _, p := range pics {
		if !blankBox(v, p) {
			t.Errorf("text under the picture at %v:\n%s", p, ansi.Strip(v))
		}
	}
	if strings.Contains(v, "▀") {
		t.Error("half blocks drawn as well as a picture")
	}
	if !strings.Contains(ansi.Strip(strings.Split(v, "\n")[1]), SanitizeLine(b.tracks[0].Title)) {
		t.Error("the title is not beside the cover")
	}
	press(t, m, "?")
	if m.View(); len(m.Pictures()) != 0 {
		t.Errorf("help covers the screen, yet pictures: %v", m.Pictures())
	}
	press(t, m, "esc")
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 40}) // no detail pane below 110 columns: only the bar's cover
	if m.View(); len(m.Pictures()) != 1 || m.Pictures()[0].Row != m.lay.npTop {
		t.Errorf("narrow: %v", m.Pictures())
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24}) // short: the bar keeps 4 rows, a 3-row cover
	if m.View(); len(m.Pictures()) != 1 || m.Pictures()[0].Rows != 3 || m.lay.npH != 4 {
		t.Errorf("short: %v, bar %d", m.Pictures(), m.lay.npH)
	}
}

// TestArtworkOff: no placeholder, no picture, the facts take the width.
func TestArtworkOff(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	m, b, _ := started(t, 160, 48)
	withArt(m, config.ArtworkOff, termimg.Terminal{})
	flushDetail(t, m)
	playing(m, &b.tracks[0], 0)
	v := m.View()
	if strings.Contains(v, "░") || len(m.Pictures()) != 0 || m.lay.npH != 4 {
		t.Fatalf("art drawn with artwork off:\n%s", v)
	}
	if cmd := m.detail.art.load("https://i1.sndcdn.com/a.jpg"); cmd != nil {
		t.Fatal("artwork off, yet a cover loads")
	}
}

// TestArtworkFailedRemembered: a cover that failed is not asked for
// again, within a bound on how many failures are remembered.
func TestArtworkFailedRemembered(t *testing.T) {
	a := newArtwork(&env{}, "", termimg.Terminal{})
	a.pending["broken"] = true
	a.done(artworkMsg{url: "broken", err: errors.New("404")})
	if img, seen := a.image("broken"); img != nil || !seen || a.load("broken") != nil {
		t.Error("a failed cover is loaded again")
	}
	for i := 0; i < 3*maxArtFailed; i++ {
		a.done(artworkMsg{url: strings.Repeat("u", i+1), err: errors.New("404")})
	}
	if len(a.failed) > maxArtFailed || len(a.pending) != 0 {
		t.Fatalf("%d failures remembered (bound %d), %d pending", len(a.failed), maxArtFailed, len(a.pending))
	}
}

// TestWaveformClickBesideCover: with the cover at the bar's left, a
// click maps onto the waveform right of it, and a click on the cover
// does not seek.
func TestWaveformClickBesideCover(t *testing.T) {
	m, b, a := started(t, 101, 40)
	withArt(m, config.ArtworkAuto, termimg.Terminal{Protocol: termimg.Sixel, CellW: 10, CellH: 20})
	const u = "https://i1.sndcdn.com/a.jpg"
	b.tracks[0].ArtworkURL = u
	playing(m, &b.tracks[0], 0)
	arrive(m, u)
	m.View()
	left := m.np.waveLeft
	if left != 13 {
		t.Fatalf("waveform starts at column %d, want 13 (a 12-column cover and a gap)", left)
	}
	_, cmd := m.Update(tea.MouseMsg{X: 5, Y: m.lay.waveTop, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	runCmd(cmd)
	if got := a.Calls(); len(got) != 0 {
		t.Fatalf("a click on the cover seeked: %v", got)
	}
	_, cmd = m.Update(tea.MouseMsg{X: left + (101-left)/2, Y: m.lay.waveTop, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	runCmd(cmd)
	want := "Seek " + (b.tracks[0].DurationTime() / 2).String()
	if got := a.Calls(); len(got) != 1 || got[0] != want {
		t.Errorf("waveform click: %v, want %s", got, want)
	}
}

// TestCellSizeKeepsBoxesSquare: after a font zoom the terminal reports
// a new cell size and the boxes follow it.
func TestCellSizeKeepsBoxesSquare(t *testing.T) {
	m, _, _ := started(t, 160, 48)
	withArt(m, config.ArtworkAuto, termimg.Terminal{Protocol: termimg.Kitty, CellW: 10, CellH: 20})
	if c := m.detail.art.cols(12); c != 24 {
		t.Fatalf("12 rows of 10×20 cells: %d columns", c)
	}
	m.Update(CellSizeMsg{W: 8, H: 19})
	if c := m.detail.art.cols(12); c != 29 {
		t.Fatalf("12 rows of 8×19 cells: %d columns, want 29", c)
	}
	m.Update(CellSizeMsg{W: 0, H: 19})
	if c := m.detail.art.cols(12); c != 29 {
		t.Fatalf("a zero cell size was taken: %d columns", c)
	}
}

// TestGoldenViewsPictures pins the layout with a graphics protocol: the
// feed with a track playing, the covers' boxes left blank, and where the
// pictures go listed under the frame.
func TestGoldenViewsPictures(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	for _, size := range [][2]int{{160, 48}, {120, 30}} {
		name := "feed_playing_pictures_" + itoa(size[0]) + "x" + itoa(size[1])
		t.Run(name, func(t *testing.T) {
			m, b, a := started(t, size[0], size[1])
			withArt(m, config.ArtworkAuto, termimg.Terminal{Protocol: termimg.Sixel, CellW: 10, CellH: 20})
			for _, sc := range scenes {
				if sc.name == "feed_playing" {
					sc.set(t, m, b, a)
				}
			}
			it, _ := m.current().Selected()
			it.Track.ArtworkURL = "https://i1.sndcdn.com/artworks-selected-large.jpg"
			b.tracks[1].ArtworkURL = "https://i1.sndcdn.com/artworks-playing-large.jpg"
			flushDetail(t, m)
			for _, u := range []string{it.Track.ArtworkURL, b.tracks[1].ArtworkURL} {
				arrive(m, u)
			}
			v := m.View()
			var pics []string
			for _, p := range m.Pictures() {
				pics = append(pics, p.String())
			}
			golden(t, name, v+"\n--- pictures ---\n"+strings.Join(pics, "\n"))
		})
	}
}
