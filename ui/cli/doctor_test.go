package cli

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/config"
)

func doctorJSON(t *testing.T, args ...string) (result, map[string]check) {
	t.Helper()
	r := run(t, append([]string{"doctor", "--json"}, args...)...)
	var rep struct {
		Checks   []check           `json:"checks"`
		Versions map[string]string `json:"versions"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("doctor --json: %v\n%s\n%s", err, r.out, r.errOut)
	}
	m := map[string]check{}
	for _, c := range rep.Checks {
		m[c.Name] = c
	}
	if rep.Versions["go"] == "" || rep.Versions["os"] == "" {
		t.Errorf("versions %v", rep.Versions)
	}
	return r, m
}

func wantCheck(t *testing.T, m map[string]check, name, status, detail string) {
	t.Helper()
	c, ok := m[name]
	if !ok {
		t.Errorf("no %q check", name)
		return
	}
	if c.Status != status || !strings.Contains(c.Detail, detail) {
		t.Errorf("%s: %s %q, want %s with %q (fix %q)", name, c.Status, c.Detail, status, detail, c.Fix)
	}
}

func likedURNs(t *testing.T, w *world) []api.URN {
	t.Helper()
	p, err := w.api.MyLikedTracks(context.Background(), api.ListOptions{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var out []api.URN
	for _, x := range p.Collection {
		out = append(out, x.URN)
	}
	return out
}

// Against the double with a full app plan: every check passes over
// loopback, the write check changes nothing, and no secret is printed.
func TestDoctorAllWell(t *testing.T) {
	w := newWorld(t)
	before := likedURNs(t, w)
	r, m := doctorJSON(t, "--output", "null")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	wantCheck(t, m, "config", checkOK, config.Path())
	if strings.Contains(m["config"].Detail, "rebinds") {
		t.Errorf("config: %q; the file rebinds no key", m["config"].Detail)
	}
	wantCheck(t, m, "app keys", checkOK, fake.DemoClientID)
	wantCheck(t, m, "credentials", checkOK, "accepted")
	wantCheck(t, m, "login", checkOK, "logged in as Cirrus Demo")
	wantCheck(t, m, "login", checkOK, tokenFileGuard)
	wantCheck(t, m, "streaming", checkOK, "may stream full tracks")
	wantCheck(t, m, "writing", checkOK, "nothing changed")
	wantCheck(t, m, "sound", checkOK, "output null")
	wantCheck(t, m, "terminal", checkSkip, "not a terminal")
	if after := likedURNs(t, w); strings.Join(urnStrings(after), ",") != strings.Join(urnStrings(before), ",") {
		t.Errorf("the doctor changed the likes:\n%v\n%v", before, after)
	}
	if strings.Contains(r.out, fake.DemoClientSecret) {
		t.Error("the client secret is in the report")
	}
	tokens, _ := os.ReadFile(m["login"].Detail[strings.Index(m["login"].Detail, "tokens in ")+len("tokens in ") : strings.Index(m["login"].Detail, " (mode")])
	var st struct {
		Sessions map[string]struct {
			AccessToken string `json:"access_token"`
		} `json:"sessions"`
	}
	_ = json.Unmarshal(tokens, &st)
	for _, s := range st.Sessions {
		if s.AccessToken != "" && strings.Contains(r.out, s.AccessToken) {
			t.Error("the access token is in the report")
		}
	}
	// the text report: a line a check
	txt := run(t, "doctor", "--output", "null")
	if txt.code != ExitOK || !strings.Contains(txt.out, "ok    streaming") || !strings.Contains(txt.out, "cirrus doctor") {
		t.Errorf("text report (exit %d):\n%s", txt.code, txt.out)
	}
}

func urnStrings(us []api.URN) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = string(u)
	}
	return out
}

// With the app plan limited, streaming and writing fail with cirrus's
// sentence and their fix, the rest passes, and the exit status is 6.
func TestDoctorLimitedApp(t *testing.T) {
	w := newWorld(t)
	w.srv.SetFaults(fake.Faults{LimitedApp: true})
	r, m := doctorJSON(t, "--output", "null")
	if r.code != ExitRefused {
		t.Errorf("exit %d, want %d", r.code, ExitRefused)
	}
	wantCheck(t, m, "credentials", checkOK, "accepted")
	wantCheck(t, m, "login", checkOK, "logged in as")
	wantCheck(t, m, "streaming", checkFail, api.RefusedStreams.Sentence())
	wantCheck(t, m, "writing", checkFail, api.RefusedWrites.Sentence())
	if !strings.Contains(m["streaming"].Fix, "previews still play") {
		t.Errorf("streaming fix %q", m["streaming"].Fix)
	}
	txt := run(t, "doctor", "--output", "null")
	if txt.code != ExitRefused || !strings.Contains(txt.out, "FAIL  streaming") || !strings.Contains(txt.out, "fix: previews still play") {
		t.Errorf("text report (exit %d):\n%s", txt.code, txt.out)
	}
	if strings.Contains(txt.out, fake.RefusedMessage) {
		t.Errorf("the raw body is in the report:\n%s", txt.out)
	}
}

// Wrong credentials and a broken sound output each fail with a fix.
func TestDoctorWrongSecretAndNoSound(t *testing.T) {
	w := newWorld(t)
	t.Setenv(config.EnvClientSecret, "not-the-secret")
	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/no-server-here")
	r, m := doctorJSON(t, "--output", "pulse", "--device", "no-such-sink")
	if r.code != ExitError {
		t.Errorf("exit %d, want %d", r.code, ExitError)
	}
	wantCheck(t, m, "credentials", checkFail, "does not accept this client id and secret")
	if !strings.Contains(m["credentials"].Fix, "copy both again") {
		t.Errorf("credentials fix %q", m["credentials"].Fix)
	}
	if c := m["sound"]; c.Status != checkFail || c.Fix == "" || !strings.Contains(c.Detail, "output pulse") {
		t.Errorf("sound: %+v", c)
	}
	_ = w
}

// Without app keys the network checks are skipped, not failed one by one.
func TestDoctorNoKeys(t *testing.T) {
	newWorld(t)
	if err := os.WriteFile(config.Path(), []byte("api_url = \"http://127.0.0.1:9\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, m := doctorJSON(t, "--output", "null")
	if r.code != ExitError {
		t.Errorf("exit %d", r.code)
	}
	wantCheck(t, m, "app keys", checkFail, "no client_id")
	for _, n := range []string{"credentials", "login", "streaming", "writing"} {
		wantCheck(t, m, n, checkSkip, "needs the app keys")
	}
	wantCheck(t, m, "sound", checkOK, "silence")
}

// A config with a mistake fails with the line, and a rebound key is counted.
func TestDoctorConfigReport(t *testing.T) {
	newWorld(t)
	good, err := os.ReadFile(config.Path())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config.Path(), append(good, "[keys]\nquit = [\"ctrl+q\"]\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	_, m := doctorJSON(t, "--output", "null")
	wantCheck(t, m, "config", checkOK, "[keys] rebinds 1 actions")
	if err := os.WriteFile(config.Path(), append(good, "volum = 3\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	r, m := doctorJSON(t, "--output", "null")
	wantCheck(t, m, "config", checkFail, "volum")
	if r.code != ExitError || !strings.Contains(m["config"].Fix, "cirrus config") {
		t.Errorf("exit %d, fix %q", r.code, m["config"].Fix)
	}
}
