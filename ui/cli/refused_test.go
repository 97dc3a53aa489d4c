package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// When SoundCloud refuses the app (a limited app plan), play and the write
// commands exit 6 with cirrus's one sentence, said once.
func TestRefusedAppExitStatus(t *testing.T) {
	w := newWorld(t)
	w.srv.SetFaults(fake.Faults{LimitedApp: true})
	tok, _ := w.srv.IssueToken(fake.DemoUserPermalink)
	base := []string{"play", "--token", tok, "--api-url", w.srv.URL(), "--auth-url", w.srv.AuthURL()}
	streams := api.RefusedStreams.Sentence()

	t.Run("play", func(t *testing.T) {
		r := run(t, append(base, "soundcloud:tracks:1001", "soundcloud:tracks:1008", "--out", filepath.Join(t.TempDir(), "a.wav"))...)
		if r.code != ExitRefused {
			t.Fatalf("exit %d, want %d: %s", r.code, ExitRefused, r.errOut)
		}
		if n := strings.Count(r.errOut, streams); n != 1 {
			t.Errorf("the sentence is said %d times, want once:\n%s", n, r.errOut)
		}
		if strings.Contains(r.errOut, fake.RefusedMessage) || strings.Contains(r.errOut, "403") {
			t.Errorf("the raw body reached the terminal:\n%s", r.errOut)
		}
	})
	t.Run("a preview still plays, then the refusal", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "p.wav")
		r := run(t, append(base, "soundcloud:tracks:1005", "soundcloud:tracks:1008", "--out", out, "-q")...)
		if r.code != ExitRefused || strings.Count(r.errOut, streams) != 1 {
			t.Fatalf("exit %d: %s", r.code, r.errOut)
		}
		if d := wavSeconds(t, out); d.Seconds() < 29 || d.Seconds() > 31 {
			t.Errorf("wrote %v, want the 30 s preview", d)
		}
	})
	for _, args := range [][]string{
		{"like", "soundcloud:tracks:1009"},
		{"playlist", "rename", "soundcloud:playlists:2001", "New name"},
		{"follow", "soundcloud:users:13"},
		{"comment", "soundcloud:tracks:1009", "nice"},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := run(t, args...)
			if r.code != ExitRefused || !strings.Contains(r.errOut, api.RefusedWrites.Sentence()) {
				t.Errorf("%v: exit %d, want %d with the sentence: %s", args, r.code, ExitRefused, r.errOut)
			}
		})
	}
}
