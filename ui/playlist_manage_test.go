package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

func TestRenamePlaylist(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("4"))
	settle(t, m, kp("E"))
	if v := m.View(); !strings.Contains(v, "Rename “Road Trip” to:") {
		t.Fatalf("no rename prompt:\n%s", v)
	}
	for range len("Road Trip") {
		settle(t, m, kp("backspace"))
	}
	settle(t, m, kp("enter"))
	if m.prompt == nil || m.prompt.err == nil || b.called("RenamePlaylist") != 0 {
		t.Fatalf("an empty title was sent: %v", b.Calls())
	}
	typeKeys(t, m, "Night Run")
	settle(t, m, kp("enter"))
	if b.called("RenamePlaylist soundcloud:playlists:10 Night Run") != 1 {
		t.Fatalf("calls %v", b.Calls())
	}
	if !strings.Contains(m.View(), "Night Run") || !strings.Contains(m.status.text, "Renamed to “Night Run”") {
		t.Errorf("after rename:\n%s", m.View())
	}
	// A failed rename says so; the list keeps the name.
	b.fail("RenamePlaylist", &api.Error{Status: 403, Message: "forbidden"}, false)
	settle(t, m, kp("E"))
	typeKeys(t, m, " 2")
	settle(t, m, kp("enter"))
	if !m.status.err || !strings.Contains(m.status.text, "rename \"Night Run\"") || strings.Contains(m.View(), "Night Run 2") {
		t.Errorf("failed rename: %q\n%s", m.status.text, m.View())
	}
}

func TestDeletePlaylistAsksNamingIt(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("4"))
	settle(t, m, kp("enter")) // open Road Trip: D deletes the open playlist
	settle(t, m, kp("D"))
	if v := m.View(); !strings.Contains(v, "Delete the playlist “Road Trip” (2 tracks) from SoundCloud? (y/n)") {
		t.Fatalf("no question naming it:\n%s", v)
	}
	settle(t, m, kp("n"))
	if b.called("DeletePlaylist") != 0 || !strings.Contains(m.status.text, "Not deleted") {
		t.Fatalf("n deleted: %v", b.Calls())
	}
	settle(t, m, kp("D"))
	settle(t, m, kp("y"))
	if b.called("DeletePlaylist soundcloud:playlists:10") != 1 {
		t.Fatalf("y did not delete: %v", b.Calls())
	}
	p := m.tabs.current().(*browsePane)
	if len(p.stack) != 1 || strings.Contains(m.View(), "▤ Road Trip") {
		t.Errorf("the deleted playlist is still on screen:\n%s", m.View())
	}
}
