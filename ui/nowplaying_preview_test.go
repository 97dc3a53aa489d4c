package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/player"
)

// A track the API calls playable of which only a preview played is
// labelled so in lists and the detail pane, and said once in the status
// line with the player's reason.
func TestNowPlayingPreviewLabelled(t *testing.T) {
	b, a := fixture(), &recAudio{}
	c, e := testParts(b, a)
	n := newNowPlaying(c, e, newLibrary(e))
	tr, other := &b.tracks[0], &b.tracks[1]
	if n.badge(item{Track: tr}) != "" {
		t.Fatal("badged before it played")
	}
	st := player.Status{State: player.Playing, Track: tr, Preview: true, PreviewWhy: "the http_mp3_128 stream is only a 0:30 snippet of the 3:00 track"}
	said := 0
	for i := 0; i < 3; i++ {
		_, cmd := n.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventPosition, Status: st}})
		for _, m := range runCmd(cmd) {
			if sm, ok := m.(statusMsg); ok {
				said++
				if !strings.Contains(sm.text, "preview") || !strings.Contains(sm.text, "0:30 snippet") {
					t.Errorf("status line %q", sm.text)
				}
			}
		}
	}
	if said != 1 {
		t.Errorf("the preview was said %d times, want once", said)
	}
	if n.badge(item{Track: tr}) != "PREVIEW" || n.badge(item{Track: other}) != "" {
		t.Errorf("badges %q, %q", n.badge(item{Track: tr}), n.badge(item{Track: other}))
	}
	c.Badge = n.badge
	d := newDetail(c, e, newLibrary(e), nil)
	if v := d.View(item{Track: tr}, true, 80, 20, 0); !strings.Contains(v, "PREVIEW") {
		t.Errorf("the detail pane does not say PREVIEW:\n%s", v)
	}
}
