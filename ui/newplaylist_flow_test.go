package ui

import (
	"slices"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// Every way of making a playlist keeps the title and what it was to hold
// when the create fails, and a retry after a create that may have gone
// through makes no second playlist (visual_save.go).

// `:newplaylist NAME` without a selection: a 503 the POST was not carried
// out for keeps the line with the title; enter makes the playlist, of the
// selected track, once.
func TestFlowNewPlaylistFailureKeepsTheTitle(t *testing.T) {
	f := newFlow(t, 100, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	ids := f.serverIDs(f.c, urn)
	l := f.openPlaylist(urn)
	l.Move(2)
	title := SanitizeLine(l.Items()[2].Track.Title)
	f.quiet()
	f.srv.SetFaults(fake.Faults{FailNextWrites: 1})
	f.command("newplaylist Solo")
	f.heldFailed("newplaylist Solo", "not saved (it is not among your playlists)")
	if got := f.savedAs("Solo"); len(got) != 0 {
		t.Fatalf("a failed create left %d playlists", len(got))
	}
	f.press("enter")
	f.savedOK("Saved “" + title + "” as “Solo” (private).")
	if got := f.savedAs("Solo"); len(got) != 1 || !slices.Equal(got[0], ids[2:3]) {
		t.Fatalf("saved %v, want one playlist of %v", got, ids[2:3])
	}

	// a limited app's 403 keeps it too, the server's reason under it
	f.quiet()
	f.srv.SetFaults(fake.Faults{LimitedApp: true})
	f.command("newplaylist Refused")
	f.heldFailed("newplaylist Refused", fake.RefusedMessage)
	f.srv.SetFaults(fake.Faults{})
	f.press("enter")
	f.savedOK("as “Refused”")
	if got := f.savedAs("Refused"); len(got) != 1 {
		t.Fatalf("%d playlists named Refused", len(got))
	}
}

// N in the picker (one track, no selection) names the playlist on the `:`
// line. The create goes through and the server fails after it, so
// reading back fails too: the line stays, saying it may have been saved;
// once the server is back, enter finds it and creates nothing. A dropped
// answer is found at once.
func TestFlowNewPlaylistFromPickerUncertain(t *testing.T) {
	f := newFlow(t, 100, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	ids := f.serverIDs(f.c, urn)
	l := f.openPlaylist(urn)
	l.Move(3)
	f.press("P")
	f.wait("the picker", func() bool { return f.m.picker != nil && f.m.picker.list.Loaded() })
	f.press("N")
	if f.m.picker != nil || !f.m.cmd.open || f.m.cmd.input.Value() != "newplaylist " {
		t.Fatalf("N in the picker: picker %v, line %v %q", f.m.picker != nil, f.m.cmd.open, f.m.cmd.input.Value())
	}
	f.typeText("Down")
	f.quiet()
	f.srv.SetFaults(fake.Faults{FailAfterWrite: true})
	f.m.status.text = ""
	f.press("enter")
	f.heldFailed("newplaylist Down", "may have been saved")
	f.srv.SetFaults(fake.Faults{})
	f.press("enter")
	f.savedOK("An earlier try had saved it")
	if got := f.savedAs("Down"); len(got) != 1 || !slices.Equal(got[0], ids[3:4]) {
		t.Fatalf("saved %v, want one playlist of %v", got, ids[3:4])
	}

	f.quiet()
	f.srv.SetFaults(fake.Faults{DropAfterWrite: 1})
	f.command("newplaylist Dropped")
	f.savedOK("the playlist is there")
	if got := f.savedAs("Dropped"); len(got) != 1 || !slices.Equal(got[0], ids[3:4]) {
		t.Fatalf("saved %v", got)
	}
}

// N alone opens the `:` line for the title; an empty playlist is made
// from a row that is not a track.
func TestFlowNewPlaylistKey(t *testing.T) {
	f := newFlow(t, 100, 40)
	f.press("4")
	pls := f.list(tabPlaylists)
	f.wait("my playlists", func() bool { return pls.Loaded() && !pls.Loading() && pls.Len() > 0 })
	f.press("N")
	if !f.m.cmd.open || f.m.cmd.input.Value() != "newplaylist " || f.m.prompt != nil {
		t.Fatalf("N: line %v %q", f.m.cmd.open, f.m.cmd.input.Value())
	}
	f.quiet()
	f.srv.SetFaults(fake.Faults{FailNextWrites: 1})
	f.typeText("Empty")
	f.m.status.text = ""
	f.press("enter")
	f.heldFailed("newplaylist Empty", "not saved")
	f.press("enter")
	f.savedOK("Saved an empty playlist as “Empty” (private).")
	if got := f.savedAs("Empty"); len(got) != 1 || len(got[0]) != 0 {
		t.Fatalf("saved %v", got)
	}
}
