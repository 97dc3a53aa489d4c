package fake

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

// The seeded demo catalogue. Everything here is deterministic: ids, times,
// relations and keys depend on nothing but this file and the media pieces.

// Stable ids tests and docs can rely on.
const (
	demoUserID      = 1
	toneLabUserID   = 11
	hostileUserID   = 10
	archivistUserID = 13
	crateDiggerID   = 14

	TestTonesTrackID  = 1001 // tone sequence, media.TonePiece
	MixTrackID        = 1002 // the two-hour mix
	DRMTrackID        = 1003 // Go+ DRM: encrypted HLS only
	BlockedTrackID    = 1004 // access=blocked
	PreviewTrackID    = 1005 // access=preview
	DemoOwnTrackID    = 1006 // the demo user's own public track
	DemoPrivateID     = 1007 // the demo user's private track (secret token)
	LoudMasterID      = 1048 // media.LoudPiece: mastered loud, about -7 LUFS
	QuietMasterID     = 1049 // media.QuietPiece: the same, 15 dB down
	DemoPlaylistID    = 2001 // the demo user's own playlist
	archiveFirstID    = 100001
	archiveCount      = 10000
	demoPrivateSecret = "s-DemoSecret42"
)

// The demo user's playlist that holds tracks its listings leave out, as
// SoundCloud's do (NOTES.md, "Playlists"): WentPrivateTrackID, which another
// user made private, and RemovedTrackID, which is gone. Its track_count is
// 6; its tracks listing shows 4 (3 without access=blocked, which
// BlockedTrackID needs).
const (
	DemoHiddenPlaylistID = 2011
	WentPrivateTrackID   = 1047
	RemovedTrackID       = 1099 // no such track: only the playlist holds its id
)

// Hostile strings: terminal escapes and odd text a client must sanitise.
const (
	HostileOSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
	HostileCSI   = "\x1b[2J\x1b[H\x1b[31m"
	HostileOSC0  = "\x1b]0;pwned-title\x07"
	HostileC1    = "\u009b31m\u0085\u009dC1"
	HostileBidi  = "\u202egnp.exe"
	HostileWide  = "🎧🔥 東京の夜 — 夜の街 ✨"
)

// HostileLong is a 5,000 character title.
var HostileLong = strings.Repeat("very long title ", 313)[:5000]

var seedBase = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func key(prefix string, id int64) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s-%d", prefix, id)
	return fmt.Sprintf("%s%012x", prefix, h.Sum64()&0xffffffffffff)
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimSuffix(out[:60], "-")
	}
	if out == "" {
		out = "untitled"
	}
	return out
}

type seedUser struct {
	id                        int64
	permalink, username       string
	first, last, city, ctry   string
	desc, plan, site, siteTtl string
}

var seedUsers = []seedUser{
	{1, DemoUserPermalink, "Cirrus Demo", "Cirrus", "Demo", "Berlin", "Germany", "The demo account of cirrus, a SoundCloud client for the terminal.", "Pro Unlimited", "https://example.org/cirrus", "cirrus"},
	{2, "lunar-tides", "Lunar Tides", "Luna", "Tide", "Lisbon", "Portugal", "Lo-fi beats for rainy afternoons.", "Free", "", ""},
	{3, "neon-harbor", "Neon Harbor", "Nils", "Harbor", "Hamburg", "Germany", "Synthwave from the docks.", "Pro", "https://example.org/neon", "Neon Harbor site"},
	{4, "marta-keys", "Marta Keys", "Marta", "Klaviers", "Kraków", "Poland", "Solo piano, mostly at night.", "Free", "", ""},
	{5, "dub-cartographer", "Dub Cartographer", "Desmond", "Carter", "Bristol", "United Kingdom", "Mapping the low end since 1999.", "Pro", "", ""},
	{6, "field-notes", "Field Notes", "Fia", "Notes", "Reykjavík", "Iceland", "Ambient recordings and drones.", "Free", "", ""},
	{7, "kettle-and-drum", "Kettle & Drum", "Kai", "Drummond", "London", "United Kingdom", "Drum & bass, 174 forever.", "Pro", "", ""},
	{8, "sora-to-umi", "空と海 (Sora to Umi)", "空", "海", "東京", "Japan", "シティポップとアンビエント。City pop and ambient from Tokyo.", "Free", "", ""},
	{9, "bassline-bakery", "Bassline Bakery 🍞🎶", "Bea", "Baker", "Chicago", "United States", "Fresh house every Friday 🍞", "Pro", "", ""},
	{10, "hostile-fixtures", HostileOSC52 + "Hostile" + HostileCSI + HostileOSC0, "Evil" + HostileC1, "User" + HostileBidi, HostileCSI + "Nowhere", "Testland", HostileOSC52 + HostileLong, "Free", "https://example.org/" + HostileCSI, HostileOSC0},
	{11, "tone-lab", "Tone Lab", "Toni", "Lab", "Zürich", "Switzerland", "Calibration tones for audio tests.", "Free", "", ""},
	{12, "night-bus", "Night Bus", "Nate", "Bussey", "Paris", "France", "Beats made on the N14.", "Free", "", ""},
	{13, "archivist", "The Archivist", "Ada", "Archer", "Vienna", "Austria", "I like everything. Ten thousand likes and counting.", "Free", "", ""},
	{14, "crate-digger", "Crate Digger", "Cody", "Crate", "Detroit", "United States", "Ten thousand sketches, one a day since forever.", "Free", "", ""},
}

type seedTrack struct {
	id      int64
	owner   int64
	title   string
	genre   string
	tags    string
	minutes float64
	access  string
	bpm     float64
	desc    string
	private bool
	drm     bool
	mix     bool
	tones   bool
	noCmts  bool
	piece   string // the media piece, when not the next in turn
}

var seedTracks = []seedTrack{
	{id: TestTonesTrackID, owner: 11, title: "Test Tones", genre: "Test", tags: "test tones calibration", access: "playable", tones: true, desc: "Eight 3-second sine tones, 300 Hz to 1000 Hz."},
	{id: MixTrackID, owner: 3, title: "Two-Hour Night Drive Mix", genre: "Electronic", tags: "mix synthwave \"night drive\"", access: "playable", mix: true, bpm: 110, desc: "Two hours, no breaks."},
	{id: DRMTrackID, owner: 9, title: "Go+ Exclusive (DRM)", genre: "House", tags: "exclusive goplus", minutes: 3, access: "playable", drm: true, bpm: 124, desc: "Only for Go+ subscribers; the stream is encrypted."},
	{id: BlockedTrackID, owner: 5, title: "Not In Your Country", genre: "Dub", tags: "dub blocked", minutes: 4, access: "blocked", desc: "Geo-blocked: metadata only."},
	{id: PreviewTrackID, owner: 7, title: "Preview Only Roller", genre: "Drum & Bass", tags: "dnb preview", minutes: 5, access: "preview", bpm: 174},
	{id: DemoOwnTrackID, owner: 1, title: "Cirrus Demo Jingle", genre: "Electronic", tags: "cirrus demo jingle", minutes: 1, access: "playable", bpm: 120, desc: "The cirrus demo jingle."},
	{id: DemoPrivateID, owner: 1, title: "Private Sketch", genre: "Ambient", tags: "sketch", minutes: 2, access: "playable", private: true},
	{id: 1008, owner: 2, title: "Rainy Window", genre: "Lo-Fi", tags: "lofi chill rain", minutes: 2.5, access: "playable", bpm: 78},
	{id: 1009, owner: 2, title: "Tea at Four", genre: "Lo-Fi", tags: "lofi chill tea", minutes: 3, access: "playable", bpm: 82},
	{id: 1010, owner: 2, title: "Tape Hiss Lullaby", genre: "Lo-Fi", tags: "lofi sleep", minutes: 4, access: "preview", bpm: 70},
	{id: 1011, owner: 2, title: "Cloud Study", genre: "Lo-Fi", tags: "lofi study clouds", minutes: 3.5, access: "playable", bpm: 85},
	{id: 1012, owner: 3, title: "Harbor Lights", genre: "Electronic", tags: "synthwave retro", minutes: 4, access: "playable", bpm: 105},
	{id: 1013, owner: 3, title: "Chrome Horizon", genre: "Electronic", tags: "synthwave outrun", minutes: 5, access: "playable", bpm: 112},
	{id: 1014, owner: 3, title: "Night Ferry", genre: "Electronic", tags: "synthwave ferry", minutes: 3, access: "preview", bpm: 100},
	{id: 1015, owner: 4, title: "Nocturne in Grey", genre: "Piano", tags: "piano nocturne", minutes: 4.5, access: "playable", bpm: 60},
	{id: 1016, owner: 4, title: "Small Hours", genre: "Piano", tags: "piano night", minutes: 3, access: "playable", bpm: 66},
	{id: 1017, owner: 4, title: "Études for Left Hand", genre: "Classical", tags: "piano etude classical", minutes: 6, access: "playable", bpm: 72},
	{id: 1018, owner: 5, title: "Low End Atlas", genre: "Dub", tags: "dub bass", minutes: 5, access: "playable", bpm: 140},
	{id: 1019, owner: 5, title: "Echo Chamber Survey", genre: "Dub", tags: "dub echo", minutes: 4, access: "playable", bpm: 138},
	{id: 1020, owner: 5, title: "Sound System Sunday", genre: "Reggae", tags: "reggae soundsystem", minutes: 3.5, access: "playable", bpm: 75},
	{id: 1021, owner: 6, title: "Glacier Drone", genre: "Ambient", tags: "ambient drone ice", minutes: 6, access: "playable"},
	{id: 1022, owner: 6, title: "Moss and Static", genre: "Ambient", tags: "ambient field-recording", minutes: 5, access: "playable"},
	{id: 1023, owner: 6, title: "Tidal Notes", genre: "Ambient", tags: "ambient sea", minutes: 4, access: "preview"},
	{id: 1024, owner: 7, title: "Kettle Whistle", genre: "Drum & Bass", tags: "dnb liquid", minutes: 4, access: "playable", bpm: 174},
	{id: 1025, owner: 7, title: "Amen Tea Break", genre: "Drum & Bass", tags: "dnb amen jungle", minutes: 5, access: "playable", bpm: 170},
	{id: 1026, owner: 7, title: "Half-Time Steam", genre: "Drum & Bass", tags: "dnb halftime", minutes: 3, access: "playable", bpm: 172},
	{id: 1027, owner: 8, title: "夜の街 (Night Town)", genre: "J-Pop", tags: "citypop 東京 night", minutes: 4, access: "playable", bpm: 96},
	{id: 1028, owner: 8, title: "海辺のカフェ", genre: "J-Pop", tags: "citypop cafe 海", minutes: 3.5, access: "playable", bpm: 92},
	{id: 1029, owner: 8, title: "空色 Ambient ☁️", genre: "Ambient", tags: "ambient sky 空", minutes: 5, access: "playable"},
	{id: 1030, owner: 9, title: "Sourdough Groove 🍞", genre: "House", tags: "house deep bakery", minutes: 5.5, access: "playable", bpm: 122},
	{id: 1031, owner: 9, title: "Proofing Room", genre: "House", tags: "house minimal", minutes: 6, access: "playable", bpm: 124},
	{id: 1032, owner: 9, title: "Croissant Jack 🥐", genre: "House", tags: "house jackin", minutes: 4, access: "preview", bpm: 126},
	{id: 1033, owner: 10, title: "Clipboard " + HostileOSC52 + "hijack", genre: "Test", tags: "hostile osc52", minutes: 1, access: "playable", desc: "OSC 52 writes the clipboard: " + HostileOSC52},
	{id: 1034, owner: 10, title: "Clear " + HostileCSI + "screen", genre: "Test", tags: "hostile csi", minutes: 1, access: "playable", desc: HostileCSI + "CSI sequences in the description"},
	{id: 1035, owner: 10, title: "Window " + HostileOSC0 + "title", genre: "Test", tags: "hostile osc0", minutes: 1, access: "playable"},
	{id: 1036, owner: 10, title: "C1 " + HostileC1 + " controls", genre: "Test", tags: "hostile c1", minutes: 1, access: "playable"},
	{id: 1037, owner: 10, title: "Bidi " + HostileBidi + " override", genre: "Test", tags: "hostile bidi", minutes: 1, access: "playable"},
	{id: 1038, owner: 10, title: HostileLong, genre: "Test", tags: "hostile long", minutes: 1, access: "playable", desc: HostileLong},
	{id: 1039, owner: 10, title: HostileWide, genre: "Test", tags: "hostile wide emoji cjk", minutes: 1, access: "playable", desc: "全角文字と絵文字 🎉🎉🎉"},
	{id: 1040, owner: 12, title: "Last Stop Beat", genre: "Hip-hop & Rap", tags: "hiphop beat instrumental", minutes: 3, access: "playable", bpm: 90},
	{id: 1041, owner: 12, title: "N14 Freestyle", genre: "Hip-hop & Rap", tags: "hiphop freestyle", minutes: 2.5, access: "playable", bpm: 88},
	{id: 1042, owner: 12, title: "Boom Bap Bus Stop", genre: "Hip-hop & Rap", tags: "hiphop boombap", minutes: 3.5, access: "playable", bpm: 94},
	{id: 1043, owner: 4, title: "Quiet Mode Piece", genre: "Piano", tags: "piano quiet", minutes: 2, access: "playable", noCmts: true, desc: "Comments closed."},
	{id: 1044, owner: 11, title: "Test Tones (Long)", genre: "Test", tags: "test tones long", minutes: 1, access: "playable", tones: true},
	{id: 1045, owner: 6, title: "Aurora Field", genre: "Ambient", tags: "ambient aurora", minutes: 4, access: "playable"},
	{id: 1046, owner: 3, title: "Midnight Arcade", genre: "Electronic", tags: "synthwave arcade", minutes: 3.5, access: "playable", bpm: 118},
	{id: WentPrivateTrackID, owner: 3, title: "Unreleased Cut", genre: "Electronic", tags: "synthwave unreleased", minutes: 3, access: "playable", private: true, desc: "Made private by its owner after the demo user saved it."},
	{id: LoudMasterID, owner: 11, title: "Loudness Check (Loud Master)", genre: "Test", tags: "test loudness master", minutes: 1, access: "playable", bpm: 119, noCmts: true, piece: media.LoudPiece, desc: "A house loop mastered loud, into clipping: about -7 LUFS."},
	{id: QuietMasterID, owner: 11, title: "Loudness Check (Quiet Master)", genre: "Test", tags: "test loudness master", minutes: 1, access: "playable", bpm: 119, noCmts: true, piece: media.QuietPiece, desc: "The same loop 15 dB quieter: about -22 LUFS."},
}

// seedShapes are the tracks not in the most common 2026 shape (AAC 160
// HLS and the preview only, shape zero): NOTES.md, "Streaming".
var seedShapes = map[int64]shape{
	// Test Tones: re-encoded, the MP3 HLS kept; at 24 s its progressive
	// "snippet" is the whole track.
	TestTonesTrackID: shapeBoth,
	// older uploads never re-encoded: MP3 HLS only (and the snippet);
	// Test Tones (Long) is one so tests can hear that shape.
	1011: shapeOldMP3, 1016: shapeOldMP3, 1019: shapeOldMP3, 1022: shapeOldMP3,
	1025: shapeOldMP3, 1028: shapeOldMP3, 1041: shapeOldMP3, 1044: shapeOldMP3,
	// the few that expose hls_aac_96
	1012: shapeAAC96, 1030: shapeAAC96, 1045: shapeAAC96,
	// AAC 160 plus a 30 s progressive snippet that is not the track
	// (1009 is scripts/benchplayer's 3-min track)
	1008: shapeSnippet, 1009: shapeSnippet, 1013: shapeSnippet, 1021: shapeSnippet,
	// the two-hour mix: re-encoded, the MP3 HLS kept (benchplayer seeks in it)
	MixTrackID: shapeBoth,
}

type seedPlaylist struct {
	id      int64
	owner   int64
	title   string
	setType string
	private bool
	genre   string
	tracks  []int64
	hoursAg int
}

var seedPlaylists = []seedPlaylist{
	{DemoPlaylistID, 1, "Cirrus Demo Mix", "playlist", false, "Mixed", []int64{1001, 1008, 1012, 1015, 1024, 1027, 1030, 1040}, 30},
	{2002, 1, "Private Sketches", "playlist", true, "Ambient", []int64{1007, 1021}, 60},
	{2003, 2, "Lo-Fi for Studying", "playlist", false, "Lo-Fi", []int64{1008, 1009, 1010, 1011}, 100},
	{2004, 3, "Neon Nights (Album)", "album", false, "Electronic", []int64{1012, 1013, 1014, 1046, 1002}, 200},
	{2005, 4, "Piano After Midnight", "ep", false, "Piano", []int64{1015, 1016, 1017, 1043}, 300},
	{2006, 8, "東京 City Pop 🌃", "playlist", false, "J-Pop", []int64{1027, 1028, 1029}, 150},
	{2007, 9, "Bakery Sets 🍞", "playlist", false, "House", []int64{1030, 1031, 1032, 1003}, 90},
	{2008, 10, "Hostile " + HostileOSC52 + HostileCSI + " Set", "playlist", false, "Test", []int64{1033, 1034, 1035, 1036, 1037, 1038, 1039}, 20},
	{2009, 6, "Long Ambient Evenings", "playlist", false, "Ambient", []int64{1021, 1022, 1023, 1045, 1029}, 400},
	{2010, 5, "Dub Atlas", "album", false, "Dub", []int64{1018, 1019, 1020, 1004}, 500},
	{DemoHiddenPlaylistID, 1, "Old Favourites", "playlist", false, "Mixed", []int64{1013, WentPrivateTrackID, 1016, RemovedTrackID, 1020, BlockedTrackID}, 900},
}

var adjectives = []string{"Dusty", "Warm", "Blue", "Late", "Quiet", "Broken", "Golden", "Hazy", "Soft", "Electric"}
var nouns = []string{"Loop", "Sketch", "Groove", "Memo", "Take", "Break", "Idea", "Tape", "Riff", "Pad"}
var archiveGenres = []string{"Lo-Fi", "House", "Hip-hop & Rap", "Ambient", "Electronic"}

// seed0 builds the catalogue. s.lib must be set; called with s.mu held.
func seed0(s *Server) *state {
	base := seedBase
	if !s.opts.SeedTime.IsZero() {
		base = s.opts.SeedTime.UTC().Truncate(time.Hour)
	}
	hoursAgo := func(h int) time.Time { return base.Add(-time.Duration(h) * time.Hour) }
	st := &state{
		users:        map[int64]*user{},
		tracks:       map[int64]*track{},
		playlists:    map[int64]*playlist{},
		comments:     map[int64][]*comment{},
		followings:   map[int64]edges{},
		trackLikes:   map[int64]edges{},
		plLikes:      map[int64]edges{},
		trackReposts: map[int64]edges{},
		plReposts:    map[int64]edges{},
		recent:       map[int64][]int64{},
		likeCount:    map[int64]int{},
		repostCount:  map[int64]int{},
		shortLinks:   map[string]string{},
		nextTrack:    1100,
		nextPlaylist: 2100,
		nextComment:  500000,
	}
	pieces := s.musicPieces()
	var profileID int64 = 7000
	for i, su := range seedUsers {
		u := &user{
			id: su.id, permalink: su.permalink, username: su.username, first: su.first, last: su.last,
			city: su.city, country: su.ctry, description: su.desc, plan: su.plan,
			website: su.site, websiteTitle: su.siteTtl, avatarKey: key("a", su.id),
			created: hoursAgo(24 * (400 + 30*i)), modified: hoursAgo(24 * (10 + i)),
			creator: su.id == demoUserID,
		}
		profileID++
		u.profiles = append(u.profiles, webProfile{id: profileID, service: "personal", title: su.username + " website",
			url: "https://example.org/" + su.permalink, created: u.created.Add(time.Hour)})
		if su.id%2 == 0 || su.id == demoUserID {
			profileID++
			u.profiles = append(u.profiles, webProfile{id: profileID, service: "instagram", title: "Instagram",
				url: "https://instagram.com/" + su.permalink, username: su.permalink, created: u.created.Add(2 * time.Hour)})
		}
		st.users[u.id] = u
		st.userOrder = append(st.userOrder, u.id)
	}
	st.nextProfileID = profileID + 1

	toneLen := s.lib.Duration(media.Spec{Piece: media.TonePiece}) // the piece's own length
	for i, sd := range seedTracks {
		spec := media.Spec{Piece: pieces[i%len(pieces)], Duration: time.Duration(sd.minutes * float64(time.Minute))}
		switch {
		case sd.tones && sd.id == TestTonesTrackID:
			spec = media.Spec{Piece: media.TonePiece}
		case sd.tones:
			spec = media.Spec{Piece: media.TonePiece, Duration: 4 * toneLen}
		case sd.mix:
			spec.Duration = 2 * time.Hour
		case sd.drm:
			spec.Encrypted = true
		case sd.piece != "" && s.lib.Duration(media.Spec{Piece: sd.piece}) > 0:
			spec.Piece = sd.piece
		}
		t := &track{
			id: sd.id, userID: sd.owner, title: sd.title, permalink: slug(sd.title), description: sd.desc,
			genre: sd.genre, tags: sd.tags, access: sd.access, sharing: "public", license: "all-rights-reserved",
			bpm: sd.bpm, spec: spec, durationMS: s.lib.Duration(spec).Milliseconds(),
			created: hoursAgo(10 + 7*i), commentable: !sd.noCmts, streamable: true, embeddableBy: "all",
			revealStats: true, revealCmts: !sd.noCmts, basePlays: int64(1000 + (sd.id*7919)%50000),
			waveKey: key("w", sd.id), artworkKey: key("t", sd.id), shape: seedShapes[sd.id],
		}
		t.modified = t.created
		if t.permalink == "untitled" || sd.owner == hostileUserID {
			t.permalink = fmt.Sprintf("hostile-%d", sd.id)
		}
		if sd.private {
			t.sharing = "private"
			t.secretToken = demoPrivateSecret
			if sd.owner != demoUserID {
				t.secretToken = "s-" + key("x", sd.id)
			}
		}
		if sd.id%5 == 0 {
			t.downloadable = true
			t.labelName = "Cirrus Records"
			t.isrc = fmt.Sprintf("XX-CIR-26-%05d", sd.id)
		}
		st.tracks[t.id] = t
		st.trackIDs = append(st.trackIDs, t.id)
	}

	// The archive: 10,000 small tracks by crate-digger, all liked by archivist.
	for i := 0; i < archiveCount; i++ {
		id := int64(archiveFirstID + i)
		spec := media.Spec{Piece: pieces[i%len(pieces)], Duration: time.Duration(60+(i*37)%240) * time.Second}
		title := fmt.Sprintf("Crate Dig #%05d: %s %s", i+1, adjectives[i%len(adjectives)], nouns[(i/len(adjectives))%len(nouns)])
		t := &track{
			id: id, userID: crateDiggerID, title: title, permalink: fmt.Sprintf("crate-dig-%05d", i+1),
			genre: archiveGenres[i%len(archiveGenres)], tags: "archive sketch", access: "playable", sharing: "public",
			license: "cc-by", spec: spec, durationMS: s.lib.Duration(spec).Milliseconds(),
			created: hoursAgo(24*30 + i), commentable: true, streamable: true, embeddableBy: "all",
			revealStats: true, revealCmts: true, basePlays: int64(i % 97), waveKey: key("w", id), light: true,
		}
		if i%4 == 0 { // the oldest sketches: MP3 HLS only
			t.shape = shapeOldMP3
		}
		t.modified = t.created
		st.tracks[id] = t
		st.trackIDs = append(st.trackIDs, id)
		st.trackLikes[archivistUserID] = append(st.trackLikes[archivistUserID], edge{id, hoursAgo(1 + i)})
		st.likeCount[id]++
	}

	for _, sp := range seedPlaylists {
		p := &playlist{
			id: sp.id, userID: sp.owner, title: sp.title, permalink: slug(sp.title), sharing: "public",
			genre: sp.genre, setType: sp.setType, license: "all-rights-reserved", tracks: append([]int64(nil), sp.tracks...),
			created: hoursAgo(sp.hoursAg), modified: hoursAgo(sp.hoursAg / 2), artworkKey: key("p", sp.id),
			tags: strings.ToLower(sp.genre),
		}
		if sp.owner == hostileUserID {
			p.permalink = "hostile-set"
			p.description = HostileOSC0 + HostileC1
		}
		if sp.private {
			p.sharing = "private"
		}
		st.playlists[p.id] = p
		st.plOrder = append(st.plOrder, p.id)
	}

	// Follow graph.
	follow := func(a int64, bs []int64, h int) {
		for i, b := range bs {
			st.followings[a] = append(st.followings[a], edge{b, hoursAgo(h + 13*i)})
		}
	}
	follow(1, []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 48)
	follow(2, []int64{1, 3, 4, 6}, 70)
	follow(3, []int64{1, 2, 9}, 80)
	follow(4, []int64{1, 6, 8}, 90)
	follow(5, []int64{1, 7, 12}, 95)
	follow(6, []int64{4, 8}, 99)
	follow(7, []int64{1, 5, 9}, 120)
	follow(8, []int64{1, 2, 6}, 130)
	follow(9, []int64{3, 7}, 140)
	follow(10, []int64{1}, 150)
	follow(12, []int64{1, 5, 7}, 160)
	follow(13, []int64{14, 1}, 170)

	// Likes (newest first).
	like := func(u int64, ts []int64, h int) {
		for i, t := range ts {
			st.trackLikes[u] = append(st.trackLikes[u], edge{t, hoursAgo(h + 5*i)})
			st.likeCount[t]++
		}
	}
	like(1, []int64{1001, 1002, 1003, 1005, 1008, 1012, 1015, 1018, 1021, 1024, 1027, 1030, 1033, 1038, 1039, 1040, 1004}, 3)
	like(2, []int64{1012, 1015, 1021, 1027}, 40)
	like(3, []int64{1008, 1030, 1031}, 50)
	like(4, []int64{1021, 1022, 1029}, 60)
	like(5, []int64{1024, 1040}, 70)
	like(7, []int64{1018, 1030}, 75)
	like(8, []int64{1008, 1015, 1021}, 80)
	like(9, []int64{1012, 1024}, 85)
	like(12, []int64{1018, 1024, 1025}, 90)
	plLike := func(u int64, ps []int64, h int) {
		for i, p := range ps {
			st.plLikes[u] = append(st.plLikes[u], edge{p, hoursAgo(h + 9*i)})
		}
	}
	plLike(1, []int64{2003, 2004, 2006, 2008}, 6)
	plLike(2, []int64{2005, 2009}, 44)
	plLike(8, []int64{2003}, 55)
	plLike(13, []int64{2003, 2004, 2005, 2006, 2007, 2009, 2010}, 66)

	// Reposts, which show in feeds as track:repost / playlist:repost.
	repost := func(u int64, ts []int64, h int) {
		for i, t := range ts {
			st.trackReposts[u] = append(st.trackReposts[u], edge{t, hoursAgo(h + 4*i)})
			st.repostCount[t]++
		}
	}
	repost(1, []int64{1012, 1027}, 8)
	repost(2, []int64{1015, 1021}, 5)
	repost(3, []int64{1030, 1008}, 9)
	repost(7, []int64{1018}, 12)
	repost(8, []int64{1028, 1045}, 15)
	repost(9, []int64{1024}, 18)
	repost(12, []int64{1025}, 21)
	plRepost := func(u int64, ps []int64, h int) {
		for i, p := range ps {
			st.plReposts[u] = append(st.plReposts[u], edge{p, hoursAgo(h + 6*i)})
		}
	}
	plRepost(1, []int64{2006}, 11)
	plRepost(4, []int64{2009}, 7)
	plRepost(6, []int64{2005}, 25)
	plRepost(9, []int64{2003}, 33)

	// Timed comments spread through the tracks.
	bodies := []string{"this drop!", "love the texture here", "🔥🔥🔥", "what synth is this?", "perfect for late nights",
		"素晴らしい", "the bassline at this point", "on repeat", "goosebumps", "saved to my playlist"}
	commenters := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 12}
	cid := int64(5001)
	for i, sd := range seedTracks {
		t := st.tracks[sd.id]
		if !t.commentable {
			continue
		}
		n := 2 + i%5
		for j := 0; j < n; j++ {
			u := commenters[(i+j*3)%len(commenters)]
			if u == t.userID {
				u = commenters[(i+j*3+1)%len(commenters)]
			}
			c := &comment{id: cid, trackID: t.id, userID: u, body: bodies[(i+j)%len(bodies)],
				ts: t.durationMS * int64(j+1) / int64(n+1), created: t.created.Add(time.Duration(j+1) * time.Hour)}
			st.comments[t.id] = append(st.comments[t.id], c)
			cid++
		}
	}
	for _, hc := range []struct {
		track int64
		body  string
	}{
		{1033, "pwned " + HostileOSC52}, {1034, HostileCSI + "cleared your screen"}, {1035, HostileOSC0},
		{1036, HostileC1}, {1037, HostileBidi}, {1038, HostileLong}, {1039, HostileWide},
		{1001, "nice tones " + HostileOSC52 + HostileCSI},
	} {
		t := st.tracks[hc.track]
		st.comments[t.id] = append(st.comments[t.id], &comment{id: cid, trackID: t.id, userID: hostileUserID,
			body: hc.body, ts: t.durationMS / 2, created: t.created.Add(30 * time.Minute)})
		cid++
	}
	st.nextComment = cid + 1000

	st.recent[demoUserID] = []int64{1001, 1027, 1015, 1008}

	st.shortLinks["TestTones1"] = "/tone-lab/test-tones"
	st.shortLinks["DemoMix"] = "/" + DemoUserPermalink + "/sets/cirrus-demo-mix"
	st.shortLinks["LunarTides"] = "/lunar-tides"
	return st
}

// musicPieces are the media pieces other than the tone sequence and the
// two masters of the loudness tests, sorted,
// so the catalogue is stable; the tones alone when the library has nothing else.
func (s *Server) musicPieces() []string {
	var out []string
	for _, p := range s.lib.Pieces() {
		if p != media.TonePiece && p != media.LoudPiece && p != media.QuietPiece {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []string{media.TonePiece}
	}
	return out
}
