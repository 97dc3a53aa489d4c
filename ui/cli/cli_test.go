package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/config"
)

// result is one run of the command line.
type result struct {
	code        int
	out, errOut string
}

// run executes the cirrus command line in-process, as main does.
func run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := execute(ctx, args, strings.NewReader(""), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// ok runs and fails the test unless the command succeeded.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, args...)
	if r.code != ExitOK {
		t.Fatalf("cirrus %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.out, r.errOut)
	}
	return r.out
}

// jsonLines parses --json output: every line one object.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q is not a JSON object: %v", line, err)
		}
		objs = append(objs, m)
	}
	return objs
}

// tableRows splits table output into its header and rows, checking that
// every row lines up with the header's columns.
func tableRows(t *testing.T, out string) (header string, rows []string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatalf("empty table")
	}
	for _, l := range lines {
		if strings.ContainsAny(l, "\x1b\x07\u009b\u202e") {
			t.Fatalf("control characters reached the table: %q", l)
		}
	}
	return lines[0], lines[1:]
}

// world is a fake SoundCloud the command line is pointed at through a
// config file, with the demo user logged in through the real OAuth flow.
type world struct {
	srv      *fake.Server
	api      *api.Client
	stateDir string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "conf"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv(config.EnvConfig, "")
	t.Setenv(config.EnvClientID, "")
	t.Setenv(config.EnvClientSecret, "")
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	cfgPath := config.Path()
	os.MkdirAll(filepath.Dir(cfgPath), 0o700)
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf("client_id = %q\nclient_secret = %q\napi_url = %q\nauth_url = %q\nredirect_port = 0\n",
		fake.DemoClientID, fake.DemoClientSecret, srv.URL(), srv.AuthURL())), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	env, err := loadEnv(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.Close() })
	// The browser's part: follow /authorize to the loopback redirect.
	err = env.Auth.Login(ctx, auth.LoginOptions{Timeout: 30 * time.Second, OpenURL: func(ctx context.Context, u string) error {
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}})
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	return &world{srv: srv, api: env.API, stateDir: config.StateDir()}
}

// breakTokens overwrites the stored access and refresh tokens with ones the
// server never issued, as after a revocation.
func (w *world) breakTokens(t *testing.T) {
	t.Helper()
	path := filepath.Join(w.stateDir, "tokens.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range st["sessions"].(map[string]any) {
		s := s.(map[string]any)
		s["access_token"], s["refresh_token"] = "revoked-access", "revoked-refresh"
		n++
	}
	if n == 0 {
		t.Fatalf("no session in %s", raw)
	}
	raw, _ = json.Marshal(st)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func titles(objs []map[string]any) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o["title"].(string))
	}
	return out
}

func TestSearch(t *testing.T) {
	newWorld(t)
	// Table: a header and aligned rows.
	head, rows := tableRows(t, ok(t, "search", "tracks", "lofi"))
	if !strings.HasPrefix(head, "URN") || !strings.Contains(head, "TITLE") || !strings.Contains(head, "ARTIST") {
		t.Fatalf("header %q", head)
	}
	if len(rows) == 0 || !strings.Contains(strings.Join(rows, "\n"), "Rainy Window") {
		t.Fatalf("no Rainy Window in\n%s", strings.Join(rows, "\n"))
	}
	col := strings.Index(head, "TITLE")
	for _, r := range rows {
		if !strings.HasPrefix(r[col:], "") || r[col-2:col] != "  " {
			t.Fatalf("row %q does not line up with %q", r, head)
		}
	}
	// JSON: one object per line, with --limit honoured across pages.
	objs := jsonLines(t, ok(t, "search", "tracks", "--json", "--limit", "3", "lofi"))
	if len(objs) != 3 {
		t.Fatalf("--limit 3 gave %d objects", len(objs))
	}
	for _, o := range objs {
		if !strings.HasPrefix(o["urn"].(string), "soundcloud:tracks:") || o["title"] == "" {
			t.Fatalf("object %v", o)
		}
	}
	objs = jsonLines(t, ok(t, "search", "tracks", "--json", "--genre", "Piano", "night"))
	if len(objs) == 0 {
		t.Fatal("--genre Piano night found nothing")
	}
	for _, o := range objs {
		if o["genre"] != "Piano" {
			t.Fatalf("--genre Piano gave %v", o)
		}
	}

	_, rows = tableRows(t, ok(t, "search", "users", "marta"))
	if !strings.Contains(strings.Join(rows, "\n"), "Marta Keys") {
		t.Fatalf("users: %v", rows)
	}
	objs = jsonLines(t, ok(t, "search", "users", "--json", "marta"))
	if len(objs) == 0 || objs[0]["username"] != "Marta Keys" {
		t.Fatalf("users json: %v", objs)
	}

	_, rows = tableRows(t, ok(t, "search", "playlists", "studying"))
	if !strings.Contains(strings.Join(rows, "\n"), "Lo-Fi for Studying") {
		t.Fatalf("playlists: %v", rows)
	}
	objs = jsonLines(t, ok(t, "search", "playlists", "--json", "studying"))
	if !slices.Contains(titles(objs), "Lo-Fi for Studying") {
		t.Fatalf("playlists json: %v", titles(objs))
	}
}

func TestNoResults(t *testing.T) {
	newWorld(t)
	r := run(t, "search", "tracks", "zzzzqqqq")
	if r.code != ExitOK || r.out != "" || !strings.Contains(r.errOut, "no results") {
		t.Fatalf("empty search: %d %q %q", r.code, r.out, r.errOut)
	}
	if r := run(t, "search", "tracks", "--json", "zzzzqqqq"); r.code != ExitOK || r.out != "" || r.errOut != "" {
		t.Fatalf("empty search --json: %d %q %q", r.code, r.out, r.errOut)
	}
}

func TestResolve(t *testing.T) {
	newWorld(t)
	out := ok(t, "resolve", "https://soundcloud.com/lunar-tides/rainy-window")
	if _, rows := tableRows(t, out); len(rows) != 1 || !strings.Contains(rows[0], "soundcloud:tracks:1008") || !strings.Contains(rows[0], "Rainy Window") {
		t.Fatalf("resolve track:\n%s", out)
	}
	objs := jsonLines(t, ok(t, "resolve", "--json", "https://soundcloud.com/lunar-tides"))
	if len(objs) != 1 || objs[0]["urn"] != "soundcloud:users:2" || objs[0]["username"] != "Lunar Tides" {
		t.Fatalf("resolve user: %v", objs)
	}
	objs = jsonLines(t, ok(t, "resolve", "--json", "https://soundcloud.com/lunar-tides/sets/lo-fi-for-studying"))
	if len(objs) != 1 || objs[0]["urn"] != "soundcloud:playlists:2003" {
		t.Fatalf("resolve playlist: %v", objs)
	}
}

func TestLibraryLists(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	want, err := api.Collect(ctx, w.api, 0, func(ctx context.Context) (*api.Page[api.Track], error) {
		return w.api.MyLikedTracks(ctx, api.ListOptions{})
	})
	if err != nil || len(want) < 2 {
		t.Fatalf("demo likes: %d %v", len(want), err)
	}
	objs := jsonLines(t, ok(t, "likes", "--json", "--limit", "0"))
	if len(objs) != len(want) {
		t.Fatalf("likes --json gave %d, the API has %d", len(objs), len(want))
	}
	for i := range want {
		if objs[i]["urn"] != string(want[i].URN) {
			t.Fatalf("like %d: %v, want %s", i, objs[i]["urn"], want[i].URN)
		}
	}
	_, rows := tableRows(t, ok(t, "likes", "--limit", "2"))
	if len(rows) != 2 || !strings.Contains(rows[0], want[0].Title) {
		t.Fatalf("likes table: %v", rows)
	}
	objs = jsonLines(t, ok(t, "likes", "--playlists", "--json"))
	for _, o := range objs {
		if !strings.HasPrefix(o["urn"].(string), "soundcloud:playlists:") {
			t.Fatalf("liked playlists: %v", o)
		}
	}

	head, rows := tableRows(t, ok(t, "feed", "--limit", "5"))
	if !strings.Contains(head, "WHEN") || len(rows) != 5 {
		t.Fatalf("feed table:\n%s\n%v", head, rows)
	}
	objs = jsonLines(t, ok(t, "feed", "--json", "--limit", "5"))
	if len(objs) != 5 || objs[0]["type"] == nil || objs[0]["origin"] == nil {
		t.Fatalf("feed json: %v", objs)
	}
	objs = jsonLines(t, ok(t, "feed", "--tracks", "--json", "--limit", "5"))
	for _, o := range objs {
		if !strings.HasPrefix(o["type"].(string), "track") {
			t.Fatalf("feed --tracks: %v", o["type"])
		}
	}

	_, rows = tableRows(t, ok(t, "playlists"))
	if !strings.Contains(strings.Join(rows, "\n"), "Cirrus Demo Mix") {
		t.Fatalf("playlists table: %v", rows)
	}
	objs = jsonLines(t, ok(t, "playlists", "--json"))
	if !slices.Contains(titles(objs), "Cirrus Demo Mix") || !slices.Contains(titles(objs), "Private Sketches") {
		t.Fatalf("playlists json: %v", titles(objs))
	}
	ok(t, "playlists", "--liked", "--json")
}

func TestHostileTextIsSanitisedInTables(t *testing.T) {
	newWorld(t)
	out := ok(t, "search", "users", "hostile")
	tableRows(t, out) // fails on any control character
	if !strings.Contains(out, "Hostile") {
		t.Fatalf("hostile user not listed:\n%s", out)
	}
	// JSON keeps the text but escapes the control bytes.
	js := ok(t, "search", "users", "--json", "hostile")
	if strings.ContainsAny(js, "\x1b\x07") || !strings.Contains(js, `\u001b`) {
		t.Fatalf("json output: %q", js)
	}
}

func TestCommentsAndComment(t *testing.T) {
	newWorld(t)
	head, rows := tableRows(t, ok(t, "comments", "soundcloud:tracks:1008"))
	if !strings.Contains(head, "AT") || len(rows) == 0 {
		t.Fatalf("comments table:\n%s\n%v", head, rows)
	}
	before := jsonLines(t, ok(t, "comments", "--json", "1008"))
	for i := 1; i < len(before); i++ {
		if before[i]["timestamp"].(float64) < before[i-1]["timestamp"].(float64) {
			t.Fatalf("comments out of playback order: %v", before)
		}
	}
	objs := jsonLines(t, ok(t, "comment", "soundcloud:tracks:1008", "--at", "1:23", "that", "bass", "line", "--json"))
	if len(objs) != 1 || objs[0]["body"] != "that bass line" || objs[0]["timestamp"].(float64) != 83000 {
		t.Fatalf("comment: %v", objs)
	}
	out := ok(t, "comment", "1008", "--at", "0:05", "second")
	if !strings.Contains(out, "0:05") || !strings.Contains(out, "second") {
		t.Fatalf("comment table: %q", out)
	}
	after := jsonLines(t, ok(t, "comments", "--json", "1008"))
	if len(after) != len(before)+2 {
		t.Fatalf("comments before %d after %d", len(before), len(after))
	}
	found := false
	for _, c := range after {
		if c["body"] == "that bass line" && c["timestamp"].(float64) == 83000 {
			found = true
		}
	}
	if !found {
		t.Fatal("the posted comment is not listed")
	}
}

func isLiked(t *testing.T, w *world, urn api.URN) bool {
	t.Helper()
	likes, err := api.Collect(context.Background(), w.api, 0, func(ctx context.Context) (*api.Page[api.Track], error) {
		return w.api.MyLikedTracks(ctx, api.ListOptions{Limit: 200})
	})
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(likes, func(t api.Track) bool { return t.URN.ID() == urn.ID() })
}

func TestLikeUnlikeFollowUnfollow(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const tr = api.URN("soundcloud:tracks:1019")
	if isLiked(t, w, tr) {
		t.Fatal("1019 is liked before the test")
	}
	if out := ok(t, "like", "1019"); !strings.Contains(out, "liked") || !strings.Contains(out, string(tr)) {
		t.Fatalf("like: %q", out)
	}
	if !isLiked(t, w, tr) {
		t.Fatal("like did not reach the server")
	}
	objs := jsonLines(t, ok(t, "unlike", "--json", string(tr)))
	if len(objs) != 1 || objs[0]["action"] != "unlike" || objs[0]["urn"] != string(tr) || objs[0]["ok"] != true {
		t.Fatalf("unlike json: %v", objs)
	}
	if isLiked(t, w, tr) {
		t.Fatal("unlike did not reach the server")
	}
	// Playlists are liked through their own endpoint.
	objs = jsonLines(t, ok(t, "like", "--json", "soundcloud:playlists:2005"))
	if len(objs) != 1 || objs[0]["urn"] != "soundcloud:playlists:2005" {
		t.Fatalf("like playlist: %v", objs)
	}
	liked := jsonLines(t, ok(t, "likes", "--playlists", "--json", "--limit", "0"))
	if !slices.Contains(titles(liked), "Piano After Midnight") {
		t.Fatalf("liked playlist not listed: %v", titles(liked))
	}
	ok(t, "unlike", "soundcloud:playlists:2005")

	const archivist = api.URN("soundcloud:users:13")
	if f, _ := w.api.IsFollowing(ctx, archivist); f {
		t.Fatal("demo follows the archivist before the test")
	}
	if out := ok(t, "follow", "13"); !strings.Contains(out, "followed") {
		t.Fatalf("follow: %q", out)
	}
	if f, err := w.api.IsFollowing(ctx, archivist); !f || err != nil {
		t.Fatalf("follow did not reach the server: %v %v", f, err)
	}
	objs = jsonLines(t, ok(t, "unfollow", "--json", string(archivist)))
	if len(objs) != 1 || objs[0]["action"] != "unfollow" {
		t.Fatalf("unfollow json: %v", objs)
	}
	if f, _ := w.api.IsFollowing(ctx, archivist); f {
		t.Fatal("unfollow did not reach the server")
	}
	// Kinds are checked before anything is sent.
	if r := run(t, "follow", "soundcloud:tracks:1008"); r.code != ExitUsage {
		t.Fatalf("follow a track: exit %d %s", r.code, r.errOut)
	}
}

func TestPlaylistCreateAndAdd(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	objs := jsonLines(t, ok(t, "playlist", "create", "Night walks", "soundcloud:tracks:1008", "1009", "--sharing", "public", "--json"))
	if len(objs) != 1 || objs[0]["title"] != "Night walks" || objs[0]["tracks"].(float64) != 2 {
		t.Fatalf("create: %v", objs)
	}
	purn := api.URN(objs[0]["urn"].(string))
	out := ok(t, "playlist", "add", string(purn), "1010", "soundcloud:tracks:1011")
	if _, rows := tableRows(t, out); len(rows) != 1 || !strings.Contains(rows[0], "Night walks") {
		t.Fatalf("add table: %q", out)
	}
	got, err := w.api.AllPlaylistTrackURNs(ctx, purn)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range got {
		ids = append(ids, u.ID())
	}
	if strings.Join(ids, ",") != "1008,1009,1010,1011" {
		t.Fatalf("playlist tracks after add: %v", ids)
	}
	out = ok(t, "playlist", "create", "Empty")
	if !strings.Contains(out, "Empty") {
		t.Fatalf("create without tracks: %q", out)
	}
}

// A playlist longer than one page keeps every track: add reads all pages.
func TestPlaylistAddKeepsEveryPage(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	var many []api.URN
	for i := 0; i < 450; i++ { // more than two pages of 200
		many = append(many, api.NewURN(api.KindTrack, int64(100001+i)))
	}
	p, err := w.api.CreatePlaylist(ctx, "Five hundred", "private", many)
	if err != nil {
		t.Fatal(err)
	}
	objs := jsonLines(t, ok(t, "playlist", "add", "--json", string(p.URN), "1008"))
	if len(objs) != 1 || objs[0]["tracks"].(float64) != 451 || objs[0]["added"].(float64) != 1 {
		t.Fatalf("add to 450: %v", objs)
	}
	got, err := w.api.AllPlaylistTrackURNs(ctx, p.URN)
	if err != nil || len(got) != 451 || got[450].ID() != "1008" || got[0].ID() != "100001" {
		t.Fatalf("after add: %d tracks, %v", len(got), err)
	}
}

func TestUploadSmall(t *testing.T) {
	w := newWorld(t)
	path := filepath.Join(t.TempDir(), "sketch.mp3")
	if err := os.WriteFile(path, bytes.Repeat([]byte("ID3 not really mp3 "), 50000), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "upload", path, "--title", "Tiny sketch", "--sharing", "private", "--json")
	if r.code != ExitOK {
		t.Fatalf("upload: %d %s", r.code, r.errOut)
	}
	objs := jsonLines(t, r.out)
	if len(objs) != 1 || objs[0]["title"] != "Tiny sketch" || objs[0]["sharing"] != "private" {
		t.Fatalf("upload json: %v", objs)
	}
	// Not a terminal: progress lines every 10%, ending at 100%.
	if !strings.Contains(r.errOut, "uploaded 100%") {
		t.Fatalf("no progress on stderr: %q", r.errOut)
	}
	if st := w.srv.Stats(); st.Uploads != 1 || st.UploadBytes != 950000 {
		t.Fatalf("fake saw %d uploads, %d bytes", st.Uploads, st.UploadBytes)
	}
	// Default title from the file name, table output.
	r = run(t, "upload", "-q", path)
	if r.code != ExitOK || !strings.Contains(r.out, "sketch") || r.errOut != "" {
		t.Fatalf("upload table: %d %q %q", r.code, r.out, r.errOut)
	}
}

func TestExitCodes(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown flag", []string{"likes", "--bogus"}, ExitUsage, "unknown flag"},
		{"missing query", []string{"search", "tracks"}, ExitUsage, "arg"},
		{"search what", []string{"search", "songs", "x"}, ExitUsage, "not tracks, users or playlists"},
		{"bad urn", []string{"comments", "soundcloud:bogus"}, ExitUsage, "malformed urn"},
		{"wrong kind", []string{"like", "soundcloud:users:2"}, ExitUsage, "not one of"},
		{"bad sharing", []string{"playlist", "create", "x", "--sharing", "secret"}, ExitUsage, "--sharing"},
		{"bad at", []string{"comment", "1008", "--at", "soon", "hi"}, ExitUsage, "--at"},
		{"negative limit", []string{"feed", "--limit", "-1"}, ExitUsage, "--limit"},
		{"playlist what", []string{"playlist", "dance"}, ExitUsage, "not create, add"},
		{"unknown command", []string{"dance"}, ExitUsage, "unknown command"},
		{"track not found", []string{"comments", "soundcloud:tracks:999999"}, ExitNotFound, "404"},
		{"url not found", []string{"resolve", "https://soundcloud.com/nobody-here/nothing"}, ExitNotFound, "resolve"},
		{"like not found", []string{"like", "soundcloud:tracks:999999"}, ExitNotFound, "like"},
		{"upload missing file", []string{"upload", "/nonexistent/x.wav"}, ExitError, "no such file"},
		// --output is a root flag every command that loads the config reads
		{"bad output", []string{"--output", "speakers", "likes"}, ExitUsage, `--output "speakers"`},
		{"bad output after the command", []string{"likes", "--output", "bluetooth"}, ExitUsage, `--output "bluetooth"`},
		{"bad output with a token", []string{"play", "--token", "t", "--output", "hifi", "1008"}, ExitUsage, `--output "hifi"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.args...)
			if r.code != c.code || !strings.Contains(r.errOut, c.msg) {
				t.Fatalf("cirrus %v: exit %d (want %d)\n%s", c.args, r.code, c.code, r.errOut)
			}
		})
	}

	t.Run("rate limited", func(t *testing.T) {
		w.srv.SetFaults(fake.Faults{RateLimitNext: 1})
		defer w.srv.SetFaults(fake.Faults{})
		r := run(t, "like", "1008")
		if r.code != ExitRateLimit || !strings.Contains(r.errOut, "429") {
			t.Fatalf("like under a rate limit: exit %d\n%s", r.code, r.errOut)
		}
	})
	t.Run("rate limited read", func(t *testing.T) {
		// Reads are retried (honouring Retry-After: 1); a limit that outlasts
		// the retries still ends in exit code 5.
		w.srv.SetFaults(fake.Faults{RateLimitNext: 100})
		defer w.srv.SetFaults(fake.Faults{})
		r := run(t, "search", "tracks", "lofi")
		if r.code != ExitRateLimit || !strings.Contains(r.errOut, "429") {
			t.Fatalf("search under a rate limit: exit %d\n%s", r.code, r.errOut)
		}
	})
	t.Run("hostile text in errors", func(t *testing.T) {
		r := run(t, "resolve", "https://soundcloud.com/x\x1b]0;pwned\x07\x1b[2J")
		if r.code != ExitNotFound || strings.ContainsAny(r.errOut, "\x1b\x07") {
			t.Fatalf("resolve of a hostile URL: exit %d %q", r.code, r.errOut)
		}
	})
	t.Run("revoked token", func(t *testing.T) {
		w.breakTokens(t)
		for _, args := range [][]string{{"likes"}, {"like", "1008"}} {
			r := run(t, args...)
			if r.code != ExitAuth || !strings.Contains(r.errOut, "login") {
				t.Fatalf("cirrus %v with a revoked token: exit %d\n%s", args, r.code, r.errOut)
			}
		}
	})
	t.Run("not logged in", func(t *testing.T) {
		os.Remove(filepath.Join(w.stateDir, "tokens.json"))
		r := run(t, "likes")
		if r.code != ExitAuth || !strings.Contains(r.errOut, "login") {
			t.Fatalf("likes without a login: exit %d\n%s", r.code, r.errOut)
		}
	})
}

func TestHelpEverywhereAndCompletion(t *testing.T) {
	root := NewRoot()
	var all [][]string
	for _, c := range root.Commands() {
		all = append(all, []string{c.Name()})
		for _, s := range c.Commands() {
			all = append(all, []string{c.Name(), s.Name()})
		}
	}
	for _, want := range []string{"search", "resolve", "likes", "feed", "playlists", "comments", "like", "unlike",
		"follow", "unfollow", "comment", "playlist", "upload", "ctl"} {
		if !slices.ContainsFunc(all, func(p []string) bool { return len(p) == 1 && p[0] == want }) {
			t.Errorf("no %s command", want)
		}
	}
	for _, p := range all {
		r := run(t, append(p, "--help")...)
		if r.code != ExitOK || !strings.Contains(r.out, "Usage:") {
			t.Errorf("cirrus %v --help: exit %d\n%s%s", p, r.code, r.out, r.errOut)
		}
	}
	// cobra adds the completion command when the command line runs.
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if out := ok(t, "completion", sh); !strings.Contains(out, "cirrus") {
			t.Errorf("completion %s: %q", sh, out[:min(len(out), 80)])
		}
	}
	// Completion knows the subcommands.
	out := ok(t, "__complete", "sea")
	if !strings.Contains(out, "search") {
		t.Errorf("completing 'sea': %q", out)
	}
}
