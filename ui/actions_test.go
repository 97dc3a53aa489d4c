package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

func TestLikeIsOptimisticAndRollsBack(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	urn := api.URN("soundcloud:tracks:1")
	_, cmd := m.Update(kp("f"))
	if !m.lib.liked[urn] {
		t.Fatal("like did not show at once")
	}
	if row := strings.Split(m.View(), "\n")[1]; !strings.Contains(row, "Morning Fog") || !strings.Contains(row, "♥") {
		t.Errorf("liked row lacks ♥: %q", row)
	}
	for _, msg := range runCmd(cmd) {
		settle(t, m, msg)
	}
	if b.called("LikeTrack soundcloud:tracks:1") != 1 || !m.lib.liked[urn] {
		t.Fatalf("like: calls %v liked %v", b.Calls(), m.lib.liked[urn])
	}
	b.fail("UnlikeTrack", &api.Error{Status: 429, Message: "slow down"}, false)
	_, cmd = m.Update(kp("f"))
	if m.lib.liked[urn] {
		t.Fatal("unlike did not show at once")
	}
	for _, msg := range runCmd(cmd) {
		settle(t, m, msg)
	}
	if !m.lib.liked[urn] {
		t.Fatal("refused unlike was not rolled back")
	}
	if !m.status.err || !strings.Contains(m.status.text, "Could not unlike") {
		t.Errorf("status = %q (err %v)", m.status.text, m.status.err)
	}
}

func TestLikePlaylistFollowRepost(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "j", "j", "f") // the playlist row, already liked → unlike
	if b.called("UnlikePlaylist soundcloud:playlists:10") != 1 {
		t.Errorf("playlist unlike: %v", b.Calls())
	}
	press(t, m, "k", "F") // Tide Pools by cy, followed → unfollow
	if b.called("Unfollow soundcloud:users:3") != 1 || m.lib.following["soundcloud:users:3"] {
		t.Errorf("unfollow: %v", b.Calls())
	}
	b.fail("Follow", &api.Error{Status: 422, Message: "cannot follow"}, true) // a refusal: nothing to read back
	press(t, m, "F")
	if m.lib.following["soundcloud:users:3"] {
		t.Error("refused follow not rolled back")
	}
	press(t, m, "B")
	if b.called("RepostTrack soundcloud:tracks:3") != 1 || !m.lib.reposted["soundcloud:tracks:3"] {
		t.Errorf("repost: %v", b.Calls())
	}
	press(t, m, "B")
	if b.called("UnrepostTrack soundcloud:tracks:3") != 1 {
		t.Errorf("un-repost: %v", b.Calls())
	}
}

func TestEnqueueAndPlayNext(t *testing.T) {
	m, _, a := started(t, 80, 24)
	msgs := press(t, m, "a")
	if got := a.Calls(); len(got) == 0 || got[0] != "Enqueue 1 soundcloud:tracks:1" {
		t.Fatalf("enqueue: %v", got)
	}
	if s, ok := has[statusMsg](msgs); !ok || !strings.Contains(s.text, "Morning Fog") {
		t.Errorf("no status for enqueue: %v", msgs)
	}
	press(t, m, "j", "j", "A") // playlist: all its tracks play next
	if got := a.Calls(); got[len(got)-1] != "PlayNext 2 soundcloud:tracks:1" {
		t.Errorf("play next playlist: %v", got)
	}
}

func TestQueuePaneActions(t *testing.T) {
	m, b, a := started(t, 80, 24)
	a.queue = b.tracks[:3]
	press(t, m, "6")
	q := m.tabs.pane(tabQueue).(*queuePane)
	if q.list.Len() != 3 {
		t.Fatalf("queue shows %d", q.list.Len())
	}
	press(t, m, "j", "K", "J", "x", "X", "enter")
	want := []string{"Move 1 0", "Move 0 1", "Remove 1", "ClearQueue", "PlayTracks 3 1 soundcloud:tracks:2"}
	if got := a.Calls(); !slices.Equal(got, want) {
		t.Errorf("queue calls %v, want %v", got, want)
	}
}

func TestAddToPlaylistPutsAllPagesAndVerifies(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	urn := api.URN("soundcloud:playlists:10")
	var many []api.Track
	for i := range 500 {
		many = append(many, fxTrack(1000+i, "T", nil, api.AccessPlayable))
	}
	b.plTracks[urn] = many
	b.pageSize = 200
	press(t, m, "P")
	if m.picker == nil || m.picker.list.Len() != 1 {
		t.Fatal("picker did not open with my playlists")
	}
	msgs := press(t, m, "enter")
	if b.called("AddToPlaylistChecked soundcloud:playlists:10 false 1") != 1 {
		t.Fatalf("PUT: %v", b.Calls())
	}
	added, ok := has[addedMsg](msgs)
	if !ok || added.err != nil || added.count != 501 {
		t.Fatalf("added = %+v", added)
	}
	if !strings.Contains(m.status.text, "501 tracks") {
		t.Errorf("status = %q", m.status.text)
	}
}

func TestNewPlaylistLine(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "N")
	if !m.cmd.open || m.cmd.input.Value() != "newplaylist " {
		t.Fatalf("N: line %v %q", m.cmd.open, m.cmd.input.Value())
	}
	press(t, m, "M", "i", "x", "enter")
	if b.called("CreatePlaylist Mix private [soundcloud:tracks:1]") != 1 {
		t.Fatalf("create: %v", b.Calls())
	}
	if m.cmd.open || !strings.Contains(m.status.text, "as “Mix” (private)") {
		t.Errorf("line %v msg %q", m.cmd.open, m.status.text)
	}
}

func TestCommentAtPositionRetriesKeepingText(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	tr := &b.tracks[0]
	playing(m, tr, 83*time.Second)
	b.fail("PostComment", errors.New("503 unavailable"), true)
	press(t, m, "c", "n", "i", "c", "e", "enter")
	if m.prompt == nil || m.prompt.err == nil || m.prompt.input.Value() != "nice" {
		t.Fatalf("failed post should keep the prompt with its text: %+v", m.prompt)
	}
	if !strings.Contains(m.View(), "enter to retry") {
		t.Error("retry hint not shown")
	}
	press(t, m, "enter")
	if b.called("PostComment soundcloud:tracks:1 nice 1m23s") != 2 {
		t.Fatalf("calls %v", b.Calls())
	}
	if m.prompt != nil {
		t.Fatal("prompt still open after success")
	}
	if m.comments.track == nil || m.comments.track.URN != tr.URN {
		t.Fatal("comments pane not pointed at the track")
	}
	found := false
	for _, c := range m.comments.list.Items() {
		found = found || c.Body == "nice"
	}
	if !found {
		t.Error("posted comment not in the comments pane")
	}
}
