//go:build unix

package mpris

import (
	"context"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// notifyServer is a stand-in notification daemon on the private bus.
type notifyServer struct {
	mu    sync.Mutex
	calls []notifyCall
}

type notifyCall struct {
	replaces      uint32
	summary, body string
}

func (d *notifyServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, notifyCall{replaces, summary, body})
	return uint32(len(d.calls)), nil
}

func TestNotifierOnTrackChange(t *testing.T) {
	addr := privateBus(t)
	daemon := &notifyServer{}
	dc := connect(t, addr)
	if err := dc.Export(daemon, notifyPath, notifyIface); err != nil {
		t.Fatal(err)
	}
	if r, err := dc.RequestName(notifyName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", notifyName, r, err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	n, err := NewNotifier(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	ctx := context.Background()
	a := &api.Track{URN: "soundcloud:tracks:1", Title: "One\x1b[2J", User: &api.User{Username: "Ana <b>&</b>"}}
	b := &api.Track{URN: "soundcloud:tracks:2", Title: "Two", MetadataArtist: "Bo"}
	for _, st := range []player.Status{
		{State: player.Playing, Track: a},
		{State: player.Playing, Track: a}, // position ticks: no new notification
		{State: player.Paused, Track: a},
		{State: player.Stopped},
		{State: player.Playing, Track: b, Preview: true},
	} {
		if err := n.Update(ctx, st); err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	daemon.mu.Lock()
	defer daemon.mu.Unlock()
	want := []notifyCall{{0, "One[2J", "Ana &lt;b&gt;&amp;&lt;/b&gt;"}, {1, "Two", "Bo (preview)"}}
	if len(daemon.calls) != len(want) {
		t.Fatalf("notifications: %+v, want %+v", daemon.calls, want)
	}
	for i := range want {
		if daemon.calls[i] != want[i] {
			t.Errorf("notification %d = %+v, want %+v", i, daemon.calls[i], want[i])
		}
	}
}

func TestNotifierWithoutDaemonFails(t *testing.T) {
	addr := privateBus(t)
	n, err := NewNotifier(context.Background(), connect(t, addr))
	if err != nil {
		t.Fatal(err)
	}
	err = n.Update(context.Background(), player.Status{Track: &api.Track{URN: "soundcloud:tracks:1", Title: "x"}})
	if err == nil {
		t.Fatal("Update with no notification daemon succeeded")
	}
}
