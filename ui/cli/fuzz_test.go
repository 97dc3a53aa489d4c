package cli

import (
	"slices"
	"strings"
	"testing"
)

// FuzzCtlArgs: `cirrus ctl`'s own argument splitter (it reads flags by hand
// so that "seek -10" works) never panics, keeps the arguments it does not
// consume in order, and takes a --socket path only from the line.
func FuzzCtlArgs(f *testing.F) {
	for _, s := range []string{"seek\x00-10", "--socket\x00/tmp/s\x00status", "--socket", "--socket=\x00volume\x00+5",
		"--json\x00--\x00--json", "--bogus", "-h", "volume\x00-5%", "seek\x001e300", "\x00\x00", "--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		fl, rest, err := splitCtlArgs(args)
		if err != nil {
			return
		}
		if len(rest) > len(args) {
			t.Fatalf("%q: %d arguments out of %d", args, len(rest), len(args))
		}
		// rest is a subsequence of args.
		i := 0
		for _, a := range args {
			if i < len(rest) && rest[i] == a {
				i++
			}
		}
		if i != len(rest) {
			t.Fatalf("%q: rest %q is not taken from the arguments in order", args, rest)
		}
		if fl.socket != "" && !slices.ContainsFunc(args, func(a string) bool { return strings.Contains(a, fl.socket) }) {
			t.Fatalf("%q: socket %q from nowhere", args, fl.socket)
		}
	})
}
