// Package buildinfo says which cirrus this is: the version, commit and date
// a release build stamps in with -ldflags, else what the Go toolchain
// recorded in the binary (the module version under go install, the VCS
// revision and time under go build in a checkout).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by release builds (scripts/release, .goreleaser.yaml):
//
//	-ldflags "-X github.com/cirrus-tui/cirrus/internal/buildinfo.version=v1.2.3
//	          -X github.com/cirrus-tui/cirrus/internal/buildinfo.commit=<sha>
//	          -X github.com/cirrus-tui/cirrus/internal/buildinfo.date=<RFC 3339>"
var version, commit, date string

// Info is what `cirrus version` prints.
type Info struct {
	Version  string // v1.2.3, a pseudo-version, or "devel"
	Commit   string // full revision; "" when unknown
	Modified bool   // built from a checkout with uncommitted changes
	Date     string // commit or build time, RFC 3339; "" when unknown
	Go       string // the toolchain that built it, e.g. go1.26.8
	Platform string // GOOS/GOARCH
}

// Get returns the stamped values, each missing one filled from the
// binary's own build information.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return get(version, commit, date, bi)
}

func get(version, commit, date string, bi *debug.BuildInfo) Info {
	in := Info{Version: version, Commit: commit, Date: date, Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if in.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			in.Version = bi.Main.Version
		}
		vcs := in.Commit == ""
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && vcs:
				in.Commit = s.Value
			case s.Key == "vcs.time" && in.Date == "":
				in.Date = s.Value
			case s.Key == "vcs.modified" && vcs:
				in.Modified = s.Value == "true"
			}
		}
		if bi.GoVersion != "" {
			in.Go = bi.GoVersion
		}
	}
	if in.Version == "" {
		in.Version = "devel"
	}
	return in
}

// String is the multi-line form `cirrus version` prints.
func (in Info) String() string {
	commit := in.Commit
	switch {
	case commit == "":
		commit = "unknown"
	case in.Modified:
		commit += " (modified)"
	}
	date := in.Date
	if date == "" {
		date = "unknown"
	}
	return fmt.Sprintf("cirrus %s\ncommit  %s\ndate    %s\ngo      %s %s\n", in.Version, commit, date, in.Go, in.Platform)
}
