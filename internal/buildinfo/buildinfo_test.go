package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestStampedWins(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-2026"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "aaaa"}, {Key: "vcs.time", Value: "2020-01-01T00:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	in := get("v1.2.3", "bbbb", "2026-12-07T12:00:00Z", bi)
	if in.Version != "v1.2.3" || in.Commit != "bbbb" || in.Modified || in.Date != "2026-12-07T12:00:00Z" || in.Go != "go1.26.8" {
		t.Errorf("got %+v", in)
	}
}

// TestGoInstallFallback: go install of a tagged module stamps the module
// version and no VCS settings; go build in a checkout stamps the revision.
func TestGoInstallFallback(t *testing.T) {
	in := get("", "", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}})
	if in.Version != "v1.4.0" || in.Commit != "" || in.Date != "" {
		t.Errorf("go install: %+v", in)
	}
	s := in.String()
	for _, want := range []string{"cirrus v1.4.0\n", "commit  unknown\n", "date    unknown\n", "go      go1.26.8 "} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	in = get("", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "cccc"}, {Key: "vcs.time", Value: "2026-12-01T00:00:00Z"}, {Key: "vcs.modified", Value: "true"}}})
	if in.Version != "devel" || in.Commit != "cccc" || !in.Modified || in.Date != "2026-12-01T00:00:00Z" {
		t.Errorf("go build: %+v", in)
	}
	if !strings.Contains(in.String(), "commit  cccc (modified)\n") {
		t.Errorf("modified not shown: %q", in.String())
	}
	if in := get("", "", "", nil); in.Version != "devel" || in.Go == "" {
		t.Errorf("no build info: %+v", in)
	}
}
