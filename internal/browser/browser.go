// Package browser opens a web page in the user's browser the way each
// platform does it: xdg-open on Linux and the BSDs (only inside a desktop
// session), open on macOS, the URL protocol handler of url.dll on Windows.
// Only http and https addresses are opened: links come from the network.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
)

// ErrNoBrowser is what opening fails with when nothing here can show a page.
var ErrNoBrowser = errors.New("no browser found")

// Start asks the platform's opener to show u and returns once it has
// started, without waiting for it: some openers (xdg-open's generic path)
// run the browser in the foreground. A failure to start is ErrNoBrowser.
func Start(u string) error {
	cmd, err := command(context.Background(), u)
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: %v", ErrNoBrowser, err)
	}
	go cmd.Wait() // reap; the exit status says little once it has started
	return nil
}

// Open asks the platform's opener to show u and waits for it to finish,
// until ctx ends: for callers that run off the UI's loop and want to know
// that the opener found no browser (xdg-open's exit status 3: ErrNoBrowser).
func Open(ctx context.Context, u string) error {
	cmd, err := command(ctx, u)
	if err != nil {
		return err
	}
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return fmt.Errorf("%w: %v", ErrNoBrowser, err)
	case errors.As(err, &ee) && noBrowserExit(ee.ExitCode()):
		return ErrNoBrowser
	}
	return err
}

// command checks u and builds the platform's opener for it.
func command(ctx context.Context, u string) (*exec.Cmd, error) {
	p, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", u, err)
	}
	if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return nil, fmt.Errorf("open %q: only http and https addresses are opened", u)
	}
	args, err := opener(p.String())
	if err != nil {
		return nil, err
	}
	return exec.CommandContext(ctx, args[0], args[1:]...), nil
}
