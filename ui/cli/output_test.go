package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Columns line up in terminal cells even with CJK and emoji titles.
func TestTableAlignsWideText(t *testing.T) {
	newWorld(t)
	out := ok(t, "search", "tracks", "--limit", "0", "night")
	objs := jsonLines(t, ok(t, "search", "tracks", "--json", "--limit", "0", "night"))
	head, rows := tableRows(t, out)
	if !strings.Contains(out, "夜の街") || len(rows) != len(objs) {
		t.Fatalf("no CJK title, or rows differ from JSON:\n%s", out)
	}
	want := ansi.StringWidth(head[:strings.Index(head, "ARTIST")])
	for i, r := range rows {
		artist := objs[i]["user"].(map[string]any)["username"].(string)
		at := strings.Index(r, "  "+artist)
		if at < 0 {
			t.Fatalf("row %q lacks %q", r, artist)
		}
		if got := ansi.StringWidth(r[:at+2]); got != want {
			t.Fatalf("row %q: artist starts at cell %d, header at %d", r, got, want)
		}
	}
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, false)
	p.tty = true
	p.update(0, 1000)
	p.update(500, 1000) // within 100 ms of the last draw: skipped
	p.update(1000, 1000)
	p.done(true)
	out := buf.String()
	if !strings.HasPrefix(out, "\r[") || !strings.Contains(out, "\r[##############################] 100%") || !strings.HasSuffix(out, "\n") {
		t.Fatalf("tty bar: %q", out)
	}
	if strings.Count(out, "\r") != 2 {
		t.Fatalf("redraws not throttled: %q", out)
	}

	buf.Reset()
	p = newProgressBar(&buf, false)
	for sent := int64(0); sent <= 1000; sent += 7 {
		p.update(sent, 1000)
	}
	p.update(1000, 1000)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 11 || lines[0] != "uploaded 0% (0.0 of 0.0 MB)" || lines[10] != "uploaded 100% (0.0 of 0.0 MB)" {
		t.Fatalf("log lines: %q", lines)
	}

	buf.Reset()
	p = newProgressBar(&buf, true)
	p.update(1000, 1000)
	p.done(true)
	if buf.Len() != 0 {
		t.Fatalf("quiet bar wrote %q", buf.String())
	}
}
