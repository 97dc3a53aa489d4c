package cli

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// runIn is run with standard input.
func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	root := NewRoot()
	var out, errOut bytes.Buffer
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := ExitOK
	if err := root.ExecuteContext(ctx); err != nil {
		errOut.WriteString("cirrus: " + err.Error() + "\n")
		code = ExitUsage
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
	}
	return result{code, out.String(), errOut.String()}
}

func trackIDs(t *testing.T, w *world, p api.URN) []string {
	t.Helper()
	got, err := w.api.AllPlaylistTrackURNs(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(got))
	for i, u := range got {
		out[i] = u.ID()
	}
	return out
}

func TestPlaylistRemoveMoveRename(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	var many []api.URN
	var want []string
	for i := range 450 { // three pages of 200
		many = append(many, api.NewURN(api.KindTrack, int64(100001+i)))
		want = append(want, many[i].ID())
	}
	p, err := w.api.CreatePlaylist(ctx, "Long walk", "private", many)
	if err != nil {
		t.Fatal(err)
	}
	purn := string(p.URN)

	objs := jsonLines(t, ok(t, "playlist", "remove", purn, "100011", "--json"))
	if len(objs) != 1 || objs[0]["action"] != "removed" || objs[0]["tracks"].(float64) != 449 ||
		objs[0]["position"].(float64) != 11 || objs[0]["title"] != "Long walk" || objs[0]["track"] != "soundcloud:tracks:100011" {
		t.Fatalf("remove --json: %v", objs)
	}
	want = slices.Delete(want, 10, 11)
	if got := trackIDs(t, w, p.URN); !slices.Equal(got, want) {
		t.Fatalf("after remove: %d tracks, order kept %v", len(got), slices.Equal(got, want))
	}

	objs = jsonLines(t, ok(t, "playlist", "move", purn, "soundcloud:tracks:100001", "--to", "449", "--json"))
	if len(objs) != 1 || objs[0]["action"] != "moved" || objs[0]["position"].(float64) != 449 || objs[0]["tracks"].(float64) != 449 {
		t.Fatalf("move --to --json: %v", objs)
	}
	want = append(want[1:], want[0])
	out := ok(t, "playlist", "move", purn, "100450", "--up")
	if _, rows := tableRows(t, out); len(rows) != 1 || !strings.Contains(rows[0], "moved") || !strings.HasSuffix(rows[0], "447") {
		t.Fatalf("move --up table: %q", out)
	}
	want[446], want[447] = want[447], want[446]
	if got := trackIDs(t, w, p.URN); !slices.Equal(got, want) {
		t.Fatalf("after moves: order %v…", got[:5])
	}

	objs = jsonLines(t, ok(t, "playlist", "rename", purn, "Longer walk", "--json"))
	if len(objs) != 1 || objs[0]["title"] != "Longer walk" || objs[0]["action"] != "renamed" {
		t.Fatalf("rename --json: %v", objs)
	}
	if got := trackIDs(t, w, p.URN); !slices.Equal(got, want) {
		t.Fatalf("rename touched the tracks: %d", len(got))
	}

	// A failure from the server: exit 1, the playlist as it was.
	w.srv.SetFaults(fake.Faults{FailNext: 1000})
	r := run(t, "playlist", "remove", purn, "100002")
	w.srv.SetFaults(fake.Faults{})
	if r.code != ExitError || !strings.Contains(r.errOut, "503") {
		t.Fatalf("remove while the server fails: exit %d\n%s", r.code, r.errOut)
	}
	if got := trackIDs(t, w, p.URN); !slices.Equal(got, want) {
		t.Fatalf("a failed remove changed the playlist: %d", len(got))
	}

	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"move", purn, "100002"}, ExitUsage, "exactly one of"},
		{[]string{"move", purn, "100002", "--up", "--down"}, ExitUsage, "exactly one of"},
		{[]string{"move", purn, "100002", "--to", "0"}, ExitUsage, "--to"},
		{[]string{"remove", purn, "100002", "--at", "-2"}, ExitUsage, "--at"},
		{[]string{"remove", purn, "100002", "--at", "5"}, ExitOK, ""}, // moved row, but there once: found
		{[]string{"remove", purn, "1008"}, ExitError, "changed"},
		{[]string{"remove", "soundcloud:users:2", "1008"}, ExitUsage, "not one of"},
		{[]string{"rename", purn, " "}, ExitUsage, "empty"},
		{[]string{"rename", "soundcloud:playlists:2003", "Mine now"}, ExitError, "403"},
	} {
		r := run(t, append([]string{"playlist"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.errOut, c.msg) {
			t.Errorf("cirrus playlist %v: exit %d (want %d)\n%s", c.args, r.code, c.code, r.errOut)
		}
	}
	if got := trackIDs(t, w, p.URN); len(got) != 448 || slices.Contains(got, "100002") {
		t.Fatalf("after the last remove: %d tracks", len(got))
	}
}

func TestPlaylistDeleteAsksNamingIt(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p, err := w.api.CreatePlaylist(ctx, "Old mix", "private", []api.URN{"soundcloud:tracks:1008", "soundcloud:tracks:1009"})
	if err != nil {
		t.Fatal(err)
	}
	purn := string(p.URN)
	for _, answer := range []string{"", "n\n", "no\n", "yesterday\n", strings.Repeat("y", 10_000)} {
		r := runIn(t, answer, "playlist", "delete", purn)
		if r.code != ExitError || !strings.Contains(r.errOut, `Delete playlist "Old mix"`) || !strings.Contains(r.errOut, "2 tracks") ||
			!strings.Contains(r.errOut, "not deleted") {
			t.Fatalf("answer %.20q: exit %d\n%s", answer, r.code, r.errOut)
		}
		if _, err := w.api.Playlist(ctx, p.URN); err != nil {
			t.Fatalf("answer %.20q deleted the playlist: %v", answer, err)
		}
	}
	r := runIn(t, "Y\n", "playlist", "delete", purn)
	if r.code != ExitOK || !strings.Contains(r.out, "deleted") {
		t.Fatalf("answer yes: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	if _, err := w.api.Playlist(ctx, p.URN); !api.IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}

	p2, err := w.api.CreatePlaylist(ctx, "Scratch", "private", nil)
	if err != nil {
		t.Fatal(err)
	}
	objs := jsonLines(t, ok(t, "playlist", "delete", string(p2.URN), "--yes", "--json"))
	if len(objs) != 1 || objs[0]["action"] != "deleted" || objs[0]["title"] != "Scratch" {
		t.Fatalf("delete --yes --json: %v", objs)
	}
	if _, err := w.api.Playlist(ctx, p2.URN); !api.IsNotFound(err) {
		t.Fatalf("after delete --yes: %v", err)
	}
	if r := run(t, "playlist", "delete", string(p2.URN), "--yes"); r.code != ExitNotFound {
		t.Fatalf("deleting it again: exit %d\n%s", r.code, r.errOut)
	}
	if r := run(t, "playlist", "delete", "soundcloud:playlists:2003", "-y"); r.code != ExitError || !strings.Contains(r.errOut, "403") {
		t.Fatalf("deleting another user's playlist: exit %d\n%s", r.code, r.errOut)
	}
	// The prompt shows a hostile title harmlessly.
	r = runIn(t, "n\n", "playlist", "delete", "soundcloud:playlists:2008", "--json")
	if strings.ContainsAny(r.errOut, "\x1b\x07") {
		t.Fatalf("control characters in the prompt: %q", r.errOut)
	}
}

// ownerView reads a public playlist as the archive tracks' owner, who still
// sees those that went private: every track the server holds.
func ownerView(t *testing.T, w *world, p api.URN) []string {
	t.Helper()
	tok, _ := w.srv.IssueToken("crate-digger")
	c := api.New(api.Options{BaseURL: w.srv.URL(), AuthURL: w.srv.AuthURL(), ClientID: fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret, Tokens: api.StaticToken(tok)})
	got, err := c.AllPlaylistTrackURNs(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(got))
	for i, u := range got {
		out[i] = u.ID()
	}
	return out
}

// Issue 20, item 1, from the command line: a 20-track playlist whose listing
// leaves out 4 (gone private). Removing one wrote back 15 and exited 0; now
// every edit exits 1 saying how many it cannot see, and the 20 stay.
func TestPlaylistEditsRefuseHiddenTracks(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	var tracks []api.URN
	var all []string
	for i := range 20 {
		tracks = append(tracks, api.NewURN(api.KindTrack, int64(100001+i)))
		all = append(all, tracks[i].ID())
	}
	p, err := w.api.CreatePlaylist(ctx, "Twenty", "public", tracks)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{2, 7, 11, 18} {
		w.srv.MakeUnavailable(string(tracks[i]), fake.WentPrivate)
	}
	purn := string(p.URN)
	if got := trackIDs(t, w, p.URN); len(got) != 16 {
		t.Fatalf("the listing shows %d tracks, want 16", len(got))
	}
	for _, args := range [][]string{
		{"remove", purn, "100006", "--at", "5"},
		{"remove", purn, "100006"},
		{"move", purn, "100006", "--up"},
		{"move", purn, "100006", "--down", "--json"},
		{"move", purn, "100006", "--to", "1"},
		{"add", purn, "1008"},
	} {
		r := run(t, append([]string{"playlist"}, args...)...)
		if r.code != ExitError || r.out != "" || !strings.Contains(r.errOut, "4 of the playlist's 20 tracks are hidden") ||
			!strings.Contains(r.errOut, "nothing was changed") {
			t.Fatalf("cirrus playlist %v: exit %d\nstdout %q\nstderr %s", args, r.code, r.out, r.errOut)
		}
		if got := ownerView(t, w, p.URN); !slices.Equal(got, all) {
			t.Fatalf("cirrus playlist %v: the server holds %d tracks, want the 20", args, len(got))
		}
	}
	// The demo user's own playlist with a track gone private and one removed.
	r := run(t, "playlist", "remove", "soundcloud:playlists:2011", "1016")
	if r.code != ExitError || !strings.Contains(r.errOut, "2 of the playlist's 6 tracks are hidden") {
		t.Fatalf("Old Favourites: exit %d\n%s", r.code, r.errOut)
	}
	// SoundCloud's track_count of 0 (#210, #253): unknown, refused.
	w.srv.SetFaults(fake.Faults{ZeroTrackCount: true})
	r = run(t, "playlist", "remove", "soundcloud:playlists:2001", "1008")
	w.srv.SetFaults(fake.Faults{})
	if r.code != ExitError || !strings.Contains(r.errOut, "cannot tell") || strings.ContainsAny(r.errOut, "\x1b\x07") {
		t.Fatalf("track_count 0: exit %d\n%s", r.code, r.errOut)
	}
	if got := trackIDs(t, w, "soundcloud:playlists:2001"); len(got) != 8 {
		t.Fatalf("Cirrus Demo Mix has %d tracks after a refused remove", len(got))
	}
}

// Issue 20, item 8, from the command line: a write the server carried out
// and then failed is not reported as not applied.
func TestPlaylistWriteThatFailsAfterTakingEffect(t *testing.T) {
	w := newWorld(t)
	purn := "soundcloud:playlists:2001"
	before := trackIDs(t, w, api.URN(purn))

	// Applied, then the server answers 503 to everything: may have been.
	w.srv.SetFaults(fake.Faults{FailAfterWrite: true})
	r := run(t, "playlist", "remove", purn, before[1])
	w.srv.SetFaults(fake.Faults{})
	if r.code != ExitError || !strings.Contains(r.errOut, "may have been applied") || !strings.Contains(r.errOut, "reload") {
		t.Fatalf("applied then 503: exit %d\n%s", r.code, r.errOut)
	}
	want := slices.Delete(slices.Clone(before), 1, 2)
	if got := trackIDs(t, w, api.URN(purn)); !slices.Equal(got, want) {
		t.Fatalf("the write did not take effect: %v", got)
	}

	// Applied, every answer lost, read back as asked: done, with a note.
	w.srv.SetFaults(fake.Faults{DropAfterWrite: 100})
	r = run(t, "playlist", "move", purn, want[0], "--down", "--json")
	w.srv.SetFaults(fake.Faults{})
	want[0], want[1] = want[1], want[0]
	if r.code != ExitOK || !strings.Contains(r.out, `"moved"`) || !strings.Contains(r.errOut, "note:") {
		t.Fatalf("applied, answer lost: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	if got := trackIDs(t, w, api.URN(purn)); !slices.Equal(got, want) {
		t.Fatalf("after the move: %v", got)
	}
}
