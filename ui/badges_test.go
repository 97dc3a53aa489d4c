package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// Issue 25: what a track's JSON says about playing it here (a Go+ track,
// a preview, a blocked one) is on its row from the start, before anyone
// tries to play it; the row of a track that plays whole has no badge.
func TestLimitBadgesBeforeAnyPlay(t *testing.T) {
	b, a := likesWorld()
	goPlus, preview, blocked := &b.likedTracks[0], &b.likedTracks[1], &b.likedTracks[2]
	goPlus.Policy, goPlus.MonetizationModel = "MONETIZE", api.MonetizationGoPlus
	preview.Policy = api.PolicySnip // access still says playable
	blocked.Access = api.AccessBlocked
	free := b.likedTracks[3]
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	view := ansi.Strip(m.View())
	for _, c := range []struct {
		title, badge string
	}{{goPlus.Title, "DRM"}, {preview.Title, "PREVIEW"}, {blocked.Title, "BLOCKED"}, {free.Title, ""}} {
		row := rowOf(view, c.title)
		if row == "" {
			t.Fatalf("no row for %q:\n%s", c.title, view)
		}
		for _, badge := range []string{"DRM", "PREVIEW", "BLOCKED"} {
			if got := strings.Contains(row, "  "+badge+"  "); got != (badge == c.badge) {
				t.Errorf("row of %q: %s badge %v, want %q:\n%s", c.title, badge, got, c.badge, row)
			}
		}
	}
	// The detail pane of the selected (Go+) row says it too.
	if !strings.Contains(view, "DRM: Go+ only") {
		t.Errorf("no DRM mark in the detail pane:\n%s", view)
	}
	if calls := callsWith(a.Calls(), "PlayTracks"); len(calls) != 0 {
		t.Errorf("played %v", calls)
	}
}

// rowOf is the list row (left of the detail pane) that names title.
func rowOf(view, title string) string {
	for _, l := range strings.Split(view, "\n") {
		if left, _, _ := strings.Cut(l, "│"); strings.Contains(left, title+" — ") {
			return left
		}
	}
	return ""
}

// Played anyway, a Go+ track's failure reads as plain words: no format
// names, no "encrypted", no playlist tags.
func TestDRMErrorHasNoJargon(t *testing.T) {
	tr := api.Track{Title: "Go+ Exclusive"}
	got := playerErrorText(player.Event{Err: player.ErrDRM, Status: player.Status{Track: &tr}})
	for _, jargon := range []string{"encrypt", "DRM-", "HLS", "hls", "SAMPLE-AES", "protected by"} {
		if strings.Contains(got, jargon) {
			t.Errorf("%q says %q", got, jargon)
		}
	}
	if !strings.Contains(got, "“Go+ Exclusive”") || !strings.HasPrefix(got, "Cannot play") {
		t.Errorf("%q", got)
	}
}
