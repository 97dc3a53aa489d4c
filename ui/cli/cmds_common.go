package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/ui"
)

// usageErr marks a mistake in the command line found after cobra parsed it
// (a malformed URN, a bad --sharing): exit code 2.
func usageErr(format string, a ...any) error {
	return withCode(ExitUsage, fmt.Errorf(format, a...))
}

// fail wraps err with the operation and the exit code scripts branch on:
// 3 for auth (401, not or no longer logged in), 4 for not found, 5 for rate
// limits, 6 when SoundCloud refuses the app itself, 1 for anything else.
func fail(op string, err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	if k, ok := api.AppRefusal(err); ok {
		return withCode(ExitRefused, &refusedError{op: op, kind: k, err: err})
	}
	code := exitCodeOf(err)
	if code == ExitAuth && api.IsUnauthorized(err) {
		return withCode(code, &cleanError{fmt.Errorf("%s: %w (run `cirrus login`)", op, err)})
	}
	return withCode(code, &cleanError{fmt.Errorf("%s: %w", op, err)})
}

// cleanError sanitises an error's text for the terminal: API errors carry
// the server's message, which is network text like any other.
type cleanError struct{ err error }

func (e *cleanError) Error() string { return ui.Sanitize(e.err.Error()) }
func (e *cleanError) Unwrap() error { return e.err }

// refusedError says an app refusal in cirrus's own words; the server's
// body is in the log, not on the terminal.
type refusedError struct {
	op   string
	kind api.Refusal
	err  error
}

func (e *refusedError) Error() string { return e.op + ": " + e.kind.Sentence() }
func (e *refusedError) Unwrap() error { return e.err }

func exitCodeOf(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, api.ErrAppNotEntitled):
		return ExitRefused
	case api.IsUnauthorized(err), errors.Is(err, auth.ErrLoginRequired), errors.Is(err, auth.ErrNotLoggedIn),
		errors.Is(err, auth.ErrNoClientID):
		return ExitAuth
	case api.IsNotFound(err):
		return ExitNotFound
	case api.IsRateLimited(err):
		return ExitRateLimit
	}
	return ExitError
}

// parseURN reads a URN, API URL or bare id (of defaultKind) and checks that
// its kind is one of kinds.
func parseURN(s, defaultKind string, kinds ...string) (api.URN, error) {
	u, err := api.ParseURN(s, defaultKind)
	if err != nil {
		return "", usageErr("%v", err)
	}
	for _, k := range kinds {
		if u.Kind() == k {
			return u, nil
		}
	}
	return "", usageErr("%s is not one of: %s", u, strings.Join(kinds, ", "))
}

// addLimitFlag gives a list command --limit (0: every page).
func addLimitFlag(cmd *cobra.Command, def int) {
	cmd.Flags().Int("limit", def, "how many items to print at most (0: all of them)")
}

func limitOf(cmd *cobra.Command) (int, error) {
	n, _ := cmd.Flags().GetInt("limit")
	if n < 0 {
		return 0, usageErr("--limit must be 0 or more, not %d", n)
	}
	return n, nil
}

// pageSize asks for pages no larger than needed.
func pageSize(limit int) int {
	if limit > 0 && limit < api.MaxPageSize {
		return limit
	}
	return api.MaxPageSize
}

// finish prints what a walk gathered. A walk the pagination rule stopped
// (api.PaginationError) still prints its items, then fails with the reason.
func finish(o *output, err error) error {
	var pe *api.PaginationError
	if err != nil && !errors.As(err, &pe) {
		return err
	}
	if ferr := o.flush(); ferr != nil {
		return ferr
	}
	return err
}

// walk prints up to limit items of a paginated list; it goes through
// api.All, so the pagination rule (api.PageGuard) applies.
func walk[T any](ctx context.Context, c *api.Client, limit int, op string,
	first func(context.Context) (*api.Page[T], error), each func(*T) error) error {
	for item, err := range api.All(ctx, c, limit, first) {
		if err != nil {
			return fail(op, err)
		}
		if err := each(&item); err != nil {
			return fail(op, err)
		}
	}
	return nil
}

// clock prints a duration as m:ss or h:mm:ss by the TUI's one rule.
func clock(d time.Duration) string { return ui.Clock(d) }

func artistOf(t *api.Track) string {
	if t.MetadataArtist != "" {
		return t.MetadataArtist
	}
	if t.User != nil {
		return t.User.Username
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// apiClient builds the API client for a scripted subcommand from the config
// file and the stored login (loadEnv). Call done when the command ends.
func apiClient(cmd *cobra.Command) (c *api.Client, done func(), err error) {
	env, err := loadEnv(cmd.Context())
	if err != nil {
		return nil, func() {}, fail("setup", err)
	}
	return env.API, func() { env.Close() }, nil
}
