package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/config"

	"github.com/cirrus-tui/cirrus/internal/filemode"
)

// cliRun runs one cirrus command line in-process and returns its output and
// exit code, as Execute would.
func cliRun(t *testing.T, stdin io.Reader, stdout io.Writer, args ...string) (string, int) {
	t.Helper()
	var out, errOut strings.Builder
	if stdout == nil {
		stdout = &out
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	code := execute(context.Background(), args, stdin, stdout, &errOut)
	return out.String() + errOut.String(), code
}

// authCLIEnv points cirrus's config, state and log at a temp dir and writes
// a config for the fake.
func authCLIEnv(t *testing.T, srv *fake.Server) (cfgPath, stateDir string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "conf"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv(config.EnvConfig, "")
	t.Setenv(config.EnvClientID, "")
	t.Setenv(config.EnvClientSecret, "")
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	return config.Path(), config.StateDir()
}

func TestCLIConfigInitAndCheck(t *testing.T) {
	cfgPath, _ := authCLIEnv(t, nil)
	out, code := cliRun(t, nil, nil, "config", "check")
	if code != ExitOK || !strings.Contains(out, "No config file") {
		t.Fatalf("check without a file: %d %s", code, out)
	}
	out, code = cliRun(t, nil, nil, "config", "init")
	if code != ExitOK || !strings.Contains(out, cfgPath) {
		t.Fatalf("init: %d %s", code, out)
	}
	if out, code = cliRun(t, nil, nil, "config", "init"); code != ExitError || !strings.Contains(out, "--force") {
		t.Fatalf("second init must refuse: %d %s", code, out)
	}
	if out, code = cliRun(t, nil, nil, "config", "check"); code != ExitOK || !strings.Contains(out, "OK") {
		t.Fatalf("check of the template: %d %s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[audio]\nvolumne = 3\nvolume = 150\n"), 0o600)
	out, code = cliRun(t, nil, nil, "config", "check", bad)
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{
		bad + `:2: unknown key "volumne" in [audio]; did you mean "volume"?`,
		bad + `:3: "volume" in [audio] is 150; it must be between 0 and 100`,
		"2 mistakes in " + bad,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Other commands refuse a broken config with the same messages.
	os.WriteFile(cfgPath, []byte("redirect_port = 99999\n"), 0o600)
	if out, code = cliRun(t, nil, nil, "whoami"); code != ExitError || !strings.Contains(out, cfgPath+":1:") {
		t.Errorf("whoami with a broken config: %d %s", code, out)
	}
}

// A whole session through the command line against the fake, with the log at
// debug level; afterwards the log holds no token and no client secret.
func TestCLISessionAndLogHasNoSecrets(t *testing.T) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfgPath, stateDir := authCLIEnv(t, srv)
	os.MkdirAll(filepath.Dir(cfgPath), 0o700)
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`client_id = %q
client_secret = %q
api_url = %q
auth_url = %q
redirect_port = 0
log_level = "debug"
`, fake.DemoClientID, fake.DemoClientSecret, srv.URL(), srv.AuthURL())), 0o600)

	if out, code := cliRun(t, nil, nil, "whoami"); code != ExitAuth || !strings.Contains(out, "not logged in") {
		t.Fatalf("whoami before login: %d %s", code, out)
	}

	// login --no-browser: read the printed address, follow it up to the
	// redirect (without reaching the listener), paste the redirect back.
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan struct {
		out  string
		code int
	}, 1)
	go func() {
		out, code := cliRun(t, inR, outW, "login", "--no-browser", "--timeout", "1m")
		outW.Close()
		done <- struct {
			out  string
			code int
		}{out, code}
	}()
	sc := bufio.NewScanner(outR)
	var printed strings.Builder
	var authorize, code string
	for sc.Scan() {
		line := sc.Text()
		printed.WriteString(line + "\n")
		if f := strings.TrimSpace(line); strings.HasPrefix(f, srv.AuthURL()+"/authorize?") {
			authorize = f
		}
		if authorize != "" && strings.Contains(line, "press Enter") {
			break
		}
	}
	copied := make(chan struct{})
	go func() { io.Copy(&printed, outR); close(copied) }()
	if authorize == "" {
		t.Fatalf("no authorize URL printed:\n%s", printed.String())
	}
	c := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if i := strings.Index(loc, "code="); i >= 0 {
		code = strings.SplitN(loc[i+5:], "&", 2)[0]
	}
	fmt.Fprintln(inW, loc)
	res := <-done
	<-copied
	if res.code != ExitOK {
		t.Fatalf("login: %d %s\n%s", res.code, res.out, printed.String())
	}
	if !strings.Contains(printed.String(), "Logged in as") {
		t.Errorf("login did not say who:\n%s", printed.String())
	}

	out, ec := cliRun(t, nil, nil, "whoami")
	if ec != ExitOK || !strings.Contains(out, fake.DemoUserPermalink) || !strings.Contains(out, "tokens") {
		t.Fatalf("whoami: %d %s", ec, out)
	}
	out, ec = cliRun(t, nil, nil, "whoami", "--json")
	var me struct {
		URN       string `json:"urn"`
		Permalink string `json:"permalink"`
	}
	if ec != ExitOK || json.Unmarshal([]byte(out), &me) != nil || me.Permalink != fake.DemoUserPermalink || me.URN != srv.DemoUserURN() {
		t.Fatalf("whoami --json: %d %s", ec, out)
	}

	// Collect the tokens before logout deletes them.
	raw, err := os.ReadFile(filepath.Join(stateDir, "tokens.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Sessions map[string]struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal(raw, &st); err != nil || len(st.Sessions) != 1 {
		t.Fatalf("tokens.json: %v %s", err, raw)
	}
	secrets := map[string]string{"client secret": fake.DemoClientSecret, "code": code}
	for _, s := range st.Sessions {
		secrets["access token"], secrets["refresh token"] = s.AccessToken, s.RefreshToken
	}

	if out, ec = cliRun(t, nil, nil, "logout"); ec != ExitOK || !strings.Contains(out, "Logged out") {
		t.Fatalf("logout: %d %s", ec, out)
	}
	if out, ec = cliRun(t, nil, nil, "logout"); ec != ExitOK || !strings.Contains(out, "Not logged in") {
		t.Fatalf("second logout: %d %s", ec, out)
	}
	if out, ec = cliRun(t, nil, nil, "whoami"); ec != ExitAuth {
		t.Fatalf("whoami after logout: %d %s", ec, out)
	}
	if n := srv.Stats().Requests["POST /sign-out"]; n != 1 {
		t.Errorf("sign-out requests: %d", n)
	}

	logData, err := os.ReadFile(config.LogPath())
	if err != nil {
		t.Fatal(err)
	}
	log := string(logData)
	for _, want := range []string{"level=DEBUG", "logged in", "logged out", "api request"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	for name, s := range secrets {
		if s == "" {
			t.Errorf("%s not collected", name)
		} else if strings.Contains(log, s) {
			t.Errorf("the log holds the %s", name)
		}
	}
	filemode.Private(t, config.LogPath())
}
