package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func fxUser(i int, name string) api.User {
	return api.User{URN: api.NewURN(api.KindUser, int64(i)), Username: name, FullName: name + " Full",
		FollowersCount: 100 * i, FollowingsCount: i, TrackCount: 3 * i, PlaylistCount: i, City: "Berlin", Country: "Germany",
		Description: "Makes sounds since " + fmt.Sprint(2000+i) + ".", PermalinkURL: "https://soundcloud.com/" + name}
}

func fxTrack(i int, title string, u *api.User, access string) api.Track {
	return api.Track{URN: api.NewURN(api.KindTrack, int64(i)), Title: title, User: u, Duration: int64(60000 + i*7000),
		Access: access, Genre: "Ambient", PermalinkURL: fmt.Sprintf("https://soundcloud.com/x/t%d", i),
		WaveformURL: fmt.Sprintf("https://wave.sndcdn.com/w%d_m.png", i), PlaybackCount: int64(i * 1000), FavoritingsCount: int64(i * 10),
		CommentCount: 2, Description: "A track about " + title + ".", CreatedAt: "2026-05-30T10:00:00Z"}
}

// fixture fills a recBackend with a small deterministic catalogue.
func fixture() *recBackend {
	b := newRecBackend()
	ana, bo, cy := fxUser(1, "ana"), fxUser(2, "bo"), fxUser(3, "cy")
	b.followings = []api.User{ana, bo, cy}
	t1 := fxTrack(1, "Morning Fog", &ana, api.AccessPlayable)
	t2 := fxTrack(2, "Night Drive", &bo, api.AccessPreview)
	t3 := fxTrack(3, "Tide Pools", &cy, api.AccessPlayable)
	t4 := fxTrack(4, "静かな雨 🌧", &ana, api.AccessPlayable)
	b.tracks = []api.Track{t1, t2, t3, t4}
	pl := api.Playlist{URN: "soundcloud:playlists:10", Title: "Road Trip", User: &ana, TrackCount: 2, Duration: 200000, PermalinkURL: "https://soundcloud.com/ana/sets/road"}
	b.myPlaylists = []api.Playlist{pl}
	b.likedPlaylists = []api.Playlist{pl}
	b.plTracks[pl.URN] = []api.Track{t1, t3}
	b.likedTracks = []api.Track{t3}
	b.feed = []api.Activity{
		{Type: "track", CreatedAt: "2026-06-01T09:00:00Z", Track: &t1},
		{Type: "track:repost", CreatedAt: "2026-05-31T12:00:00Z", Reposter: bo.URN, Track: &t3},
		{Type: "playlist", CreatedAt: "2026-05-20T12:00:00Z", Playlist: &pl},
		{Type: "track", CreatedAt: "2025-01-01T12:00:00Z", Track: &t2},
		{Type: "track", CreatedAt: "2026-06-01T11:59:30Z", Track: &t4},
	}
	b.comments[t1.URN] = []api.Comment{
		{URN: "soundcloud:comments:2", Body: "that drop", Timestamp: 30000, User: &bo},
		{URN: "soundcloud:comments:1", Body: "lovely intro", Timestamp: 5000, User: &cy},
		{URN: "soundcloud:comments:3", Body: "outro ✨", Timestamp: 55000, User: &ana},
	}
	return b
}

// newTestModel builds a signed-in model on recording fakes at w×h.
func newTestModel(b *recBackend, a *recAudio, w, h int) *Model {
	m := New(Options{Backend: b, Audio: a, LoggedIn: true, Theme: config.DefaultTheme(), Now: func() time.Time { return testNow },
		OpenURL: nil, CopyText: nil})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func tea_size(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
