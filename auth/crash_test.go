package auth

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// The crash test re-runs this test binary as a child that refreshes and is
// then killed; these variables tell the child what to do.
const (
	envCrashDir  = "CIRRUS_AUTH_CRASH_CHILD_DIR"
	envCrashAuth = "CIRRUS_AUTH_CRASH_CHILD_AUTH"
	crashSkew    = 2 * time.Hour // the child's clock: past the access token's expiry
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(envRateDir); dir != "" {
		rateChild(dir, os.Getenv(envCrashAuth))
		return
	}
	if dir := os.Getenv(envCrashDir); dir != "" {
		crashChild(dir, os.Getenv(envCrashAuth))
		return // not reached: the parent kills us
	}
	os.Exit(m.Run())
}

// crashChild refreshes, says so once the new pair is on disk, and waits to
// be killed, as a process that dies right after a refresh.
func crashChild(dir, authURL string) {
	testHookAfterRefreshPersist = func() {
		fmt.Println("PERSISTED")
		select {} // SIGKILL arrives here
	}
	m, err := New(context.Background(), Options{
		ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret, AuthURL: authURL,
		StateDir: dir, Now: func() time.Time { return time.Now().Add(crashSkew) },
	})
	if err == nil {
		_, err = m.Token(context.Background())
	}
	fmt.Println("FAILED", err)
	os.Exit(1)
}

func TestCrashRightAfterRefreshKeepsSession(t *testing.T) {
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour})
	dir := t.TempDir()
	login(t, newManager(t, srv, dir, nil, nil))
	before := session(t, dir, srv)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashAuth+"="+srv.AuthURL())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case l := <-line:
		if l != "PERSISTED" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child: %s", l)
		}
	case <-time.After(60 * time.Second): // a bound on a hang, not a timing assertion
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child never refreshed")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if !diedOfKill(err) {
		t.Fatalf("child did not die by SIGKILL: %v", err)
	}

	if n := srv.Stats().TokenRefreshes; n != 1 {
		t.Fatalf("refreshes before restart = %d, want 1", n)
	}
	after := session(t, dir, srv)
	if after.RefreshToken == before.RefreshToken {
		t.Fatal("the child's new refresh token was not on disk when it died")
	}
	if code, _ := postRefresh(t, srv, before.RefreshToken); code == 200 {
		t.Fatal("the old refresh token still works: the child did not really refresh")
	}
	// The dead process's access token works...
	c := api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), Tokens: api.StaticToken(after.AccessToken)})
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("persisted access token: %v", err)
	}
	// ...and the next start refreshes with the persisted refresh token.
	next := newManager(t, srv, dir, func() time.Time { return time.Now().Add(2 * crashSkew) }, nil)
	if _, err := apiClient(srv, next, nil).Me(context.Background()); err != nil {
		t.Fatalf("next start: %v", err)
	}
	if n := srv.Stats().TokenRefreshes; n != 2 {
		t.Errorf("refreshes = %d, want 2 (the next start refreshed with the saved token)", n)
	}
}
