//go:build unix

package mpris

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// fakePlayer is an in-test Controller: a queue of tracks and the state a
// player keeps, changed synchronously, reporting each change like the
// player's event channel does.
type fakePlayer struct {
	mu     sync.Mutex
	st     player.Status
	queue  []api.Track
	calls  []string
	notify func(player.Status)
}

func newFakePlayer() *fakePlayer {
	mk := func(id int64, title, user string, secs int64) api.Track {
		return api.Track{URN: api.NewURN(api.KindTrack, id), Title: title, Duration: secs * 1000,
			PermalinkURL: fmt.Sprintf("https://soundcloud.com/%s/t%d", user, id),
			ArtworkURL:   fmt.Sprintf("https://i1.sndcdn.com/artworks-%d-large.jpg", id),
			User:         &api.User{Username: user}}
	}
	f := &fakePlayer{queue: []api.Track{
		mk(101, "Lanterns", "Mira Vale", 180),
		mk(102, "Night \x1b]0;pwned\x07Bus", "Tarn", 240),
		mk(103, "Third", "Ode", 60),
	}}
	f.st = player.Status{State: player.Playing, Volume: 0.5, Index: 0}
	f.st.Track = &f.queue[0]
	f.st.Position = 12 * time.Second
	f.st.Duration = f.queue[0].DurationTime()
	return f
}

func (f *fakePlayer) do(name string, fn func()) {
	f.mu.Lock()
	f.calls = append(f.calls, name)
	fn()
	st := f.st
	n := f.notify
	f.mu.Unlock()
	if n != nil {
		n(st)
	}
}

func (f *fakePlayer) Status() player.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

func (f *fakePlayer) setTrack(i int) {
	f.st.Index = i
	f.st.Track = &f.queue[i]
	f.st.Duration = f.queue[i].DurationTime()
	f.st.Position = 0
}

func (f *fakePlayer) Play()  { f.do("Play", func() { f.st.State = player.Playing }) }
func (f *fakePlayer) Pause() { f.do("Pause", func() { f.st.State = player.Paused }) }
func (f *fakePlayer) Stop()  { f.do("Stop", func() { f.st.State = player.Stopped; f.st.Position = 0 }) }
func (f *fakePlayer) Toggle() {
	f.do("Toggle", func() {
		if f.st.State == player.Playing {
			f.st.State = player.Paused
		} else {
			f.st.State = player.Playing
		}
	})
}
func (f *fakePlayer) Next() {
	f.do("Next", func() {
		if f.st.Index+1 < len(f.queue) {
			f.setTrack(f.st.Index + 1)
		}
	})
}
func (f *fakePlayer) Previous() {
	f.do("Previous", func() {
		if f.st.Index > 0 {
			f.setTrack(f.st.Index - 1)
		}
	})
}
func (f *fakePlayer) Seek(to time.Duration) {
	f.do(fmt.Sprintf("Seek(%v)", to), func() { f.st.Position = to })
}
func (f *fakePlayer) SeekBy(d time.Duration) {
	f.do(fmt.Sprintf("SeekBy(%v)", d), func() { f.st.Position += d })
}
func (f *fakePlayer) SetVolume(v float64) {
	f.do(fmt.Sprintf("SetVolume(%.2f)", v), func() { f.st.Volume = v })
}
func (f *fakePlayer) SetShuffle(on bool) {
	f.do(fmt.Sprintf("SetShuffle(%v)", on), func() { f.st.Shuffle = on })
}
func (f *fakePlayer) SetRepeat(r player.Repeat) {
	f.do(fmt.Sprintf("SetRepeat(%d)", r), func() { f.st.Repeat = r })
}

// Do dispatches c to the methods above, as the player's Apply does.
func (f *fakePlayer) Do(ctx context.Context, c command.Command) error {
	switch c.Op {
	case command.OpPlay:
		f.Play()
	case command.OpPause:
		f.Pause()
	case command.OpStop:
		f.Stop()
	case command.OpToggle:
		f.Toggle()
	case command.OpNext:
		f.Next()
	case command.OpPrevious:
		f.Previous()
	case command.OpSeek:
		if c.Relative {
			f.SeekBy(c.At)
		} else {
			f.Seek(c.At)
		}
	case command.OpVolume:
		f.SetVolume(player.StepVolume(f.Status().Volume, c))
	case command.OpShuffle:
		f.SetShuffle(player.StepSwitch(f.Status().Shuffle, c.Switch))
	case command.OpRepeat:
		f.SetRepeat(player.StepRepeat(f.Status().Repeat, c.Repeat))
	default:
		return fmt.Errorf("not a player command: %s", c.Op)
	}
	return nil
}

// playerctl runs the real playerctl against the test's bus.
func playerctl(t *testing.T, addr string, args ...string) string {
	t.Helper()
	bin := needTool(t, "playerctl")
	cmd := exec.Command(bin, append([]string{"-p", "cirrus"}, args...)...)
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("playerctl %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// signals subscribes a second connection to the player's signals.
func signals(t *testing.T, addr string) chan *dbus.Signal {
	t.Helper()
	c := connect(t, addr)
	if err := c.AddMatchSignal(dbus.WithMatchObjectPath(ObjectPath)); err != nil {
		t.Fatalf("add match: %v", err)
	}
	ch := make(chan *dbus.Signal, 100)
	c.Signal(ch)
	return ch
}

// waitSignal waits for a signal that ok accepts, skipping others.
func waitSignal(t *testing.T, ch chan *dbus.Signal, what string, ok func(*dbus.Signal) bool) *dbus.Signal {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-ch:
			if ok(s) {
				return s
			}
		case <-timeout:
			t.Fatalf("no %s signal arrived", what)
			return nil
		}
	}
}

// changedProp accepts a PropertiesChanged of the Player interface that
// carries name, and passes its value to check.
func changedProp(name string, check func(v any) bool) func(*dbus.Signal) bool {
	return func(s *dbus.Signal) bool {
		if s.Name != ifaceProps+".PropertiesChanged" || len(s.Body) < 2 || s.Body[0] != IfacePlayer {
			return false
		}
		m, _ := s.Body[1].(map[string]dbus.Variant)
		v, ok := m[name]
		return ok && check(v.Value())
	}
}

func serveFake(t *testing.T, addr string, o Options) (*Server, *fakePlayer) {
	t.Helper()
	f := newFakePlayer()
	o.Conn = connect(t, addr)
	srv, err := Serve(context.Background(), f, o)
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	f.mu.Lock()
	f.notify = srv.Update
	f.mu.Unlock()
	return srv, f
}

func TestPlayerctlDrivesController(t *testing.T) {
	addr := privateBus(t)
	srv, f := serveFake(t, addr, Options{})
	if srv.BusName() != "org.mpris.MediaPlayer2.cirrus" {
		t.Fatalf("bus name %q", srv.BusName())
	}
	sig := signals(t, addr)

	if got := playerctl(t, addr, "status"); got != "Playing" {
		t.Fatalf("status = %q, want Playing", got)
	}
	playerctl(t, addr, "play-pause")
	if got := f.Status().State; got != player.Paused {
		t.Fatalf("after play-pause the player is %v", got)
	}
	waitSignal(t, sig, "PropertiesChanged(PlaybackStatus=Paused)", changedProp("PlaybackStatus", func(v any) bool { return v == "Paused" }))
	if got := playerctl(t, addr, "status"); got != "Paused" {
		t.Fatalf("status = %q, want Paused", got)
	}

	got := playerctl(t, addr, "metadata", "--format", "{{title}}|{{artist}}|{{mpris:length}}|{{xesam:url}}|{{mpris:trackid}}|{{mpris:artUrl}}")
	want := "Lanterns|Mira Vale|180000000|https://soundcloud.com/Mira Vale/t101|'/io/github/cirrus_tui/cirrus/track/soundcloud_tracks_101'|https://i1.sndcdn.com/artworks-101-large.jpg"
	if got != want {
		t.Fatalf("metadata\n got %q\nwant %q", got, want)
	}

	playerctl(t, addr, "next")
	if st := f.Status(); st.Index != 1 {
		t.Fatalf("after next the index is %d", st.Index)
	}
	waitSignal(t, sig, "PropertiesChanged(Metadata)", changedProp("Metadata", func(v any) bool {
		m, _ := v.(map[string]dbus.Variant)
		return m["xesam:title"].Value() == "Night ]0;pwnedBus"
	}))
	// The escape sequence in the title never reaches playerctl's terminal.
	if got := playerctl(t, addr, "metadata", "title"); got != "Night ]0;pwnedBus" {
		t.Fatalf("title after next = %q", got)
	}
	if got := playerctl(t, addr, "metadata", "mpris:length"); got != "240000000" {
		t.Fatalf("length after next = %q", got)
	}
	playerctl(t, addr, "previous")
	if st := f.Status(); st.Index != 0 {
		t.Fatalf("after previous the index is %d", st.Index)
	}

	// Position: read, set absolute (SetPosition with the trackid), relative (Seek).
	f.Seek(42500 * time.Millisecond)
	pos, err := strconv.ParseFloat(playerctl(t, addr, "position"), 64)
	if err != nil || pos < 42.49 || pos > 42.51 {
		t.Fatalf("position = %v (%v), want 42.5", pos, err)
	}
	playerctl(t, addr, "position", "95")
	if got := f.Status().Position; got != 95*time.Second {
		t.Fatalf("after position 95 the player is at %v", got)
	}
	waitSignal(t, sig, "Seeked(95s)", func(s *dbus.Signal) bool {
		return s.Name == IfacePlayer+".Seeked" && len(s.Body) == 1 && s.Body[0] == int64(95_000_000)
	})
	playerctl(t, addr, "position", "10-")
	if got := f.Status().Position; got != 85*time.Second {
		t.Fatalf("after position 10- the player is at %v", got)
	}

	// Volume: read and set.
	if got := playerctl(t, addr, "volume"); !strings.HasPrefix(got, "0.5") {
		t.Fatalf("volume = %q", got)
	}
	playerctl(t, addr, "volume", "0.8")
	if got := f.Status().Volume; got != 0.8 {
		t.Fatalf("after volume 0.8 the player has %v", got)
	}
	waitSignal(t, sig, "PropertiesChanged(Volume)", changedProp("Volume", func(v any) bool { return v == 0.8 }))
	playerctl(t, addr, "volume", "1.7")
	if got := f.Status().Volume; got != 1 {
		t.Fatalf("volume 1.7 was not clamped: %v", got)
	}

	// Loop and shuffle are writable.
	playerctl(t, addr, "loop", "Playlist")
	if got := f.Status().Repeat; got != player.RepeatAll {
		t.Fatalf("loop Playlist gave repeat %v", got)
	}
	if got := playerctl(t, addr, "loop"); got != "Playlist" {
		t.Fatalf("loop = %q", got)
	}
	playerctl(t, addr, "shuffle", "On")
	if !f.Status().Shuffle {
		t.Fatal("shuffle On did not reach the player")
	}
	playerctl(t, addr, "stop")
	if got := f.Status().State; got != player.Stopped {
		t.Fatalf("after stop: %v", got)
	}
	playerctl(t, addr, "play")
	if got := f.Status().State; got != player.Playing {
		t.Fatalf("after play: %v", got)
	}
}

func TestUpdateAnnouncesChangesAndJumps(t *testing.T) {
	addr := privateBus(t)
	srv, f := serveFake(t, addr, Options{})
	sig := signals(t, addr)

	// A change the owner reports (not through the bus) is announced once, and
	// only what changed is in it.
	f.mu.Lock()
	f.notify = nil
	f.st.Shuffle = true
	st := f.st
	f.mu.Unlock()
	srv.Update(st)
	s := waitSignal(t, sig, "PropertiesChanged", changedProp("Shuffle", func(v any) bool { return v == true }))
	m := s.Body[1].(map[string]dbus.Variant)
	if len(m) != 1 {
		t.Fatalf("PropertiesChanged carries %d properties, want only Shuffle: %v", len(m), m)
	}
	// A position jump made elsewhere (the TUI) is a Seeked signal.
	st.Position = 150 * time.Second
	srv.Update(st)
	waitSignal(t, sig, "Seeked(150s)", func(s *dbus.Signal) bool {
		return s.Name == IfacePlayer+".Seeked" && s.Body[0] == int64(150_000_000)
	})
	// Position ticks (the player's four a second) announce nothing; a
	// change after them is announced, alone.
	for i := 1; i <= 8; i++ {
		st.Position = 150*time.Second + time.Duration(i)*250*time.Millisecond
		srv.Update(st)
	}
	st.Volume = 0.25
	srv.Update(st)
	s = waitSignal(t, sig, "PropertiesChanged", func(s *dbus.Signal) bool { return s.Name == ifaceProps+".PropertiesChanged" })
	if m := s.Body[1].(map[string]dbus.Variant); len(m) != 1 || m["Volume"].Value() != 0.25 {
		t.Fatalf("after position ticks and a volume change, PropertiesChanged carries %v, want only Volume 0.25", m)
	}
	// Nothing loaded: the NoTrack trackid and no capabilities.
	st = player.Status{State: player.Stopped}
	srv.Update(st)
	waitSignal(t, sig, "PropertiesChanged(NoTrack)", changedProp("Metadata", func(v any) bool {
		m, _ := v.(map[string]dbus.Variant)
		return m["mpris:trackid"].Value() == NoTrack && len(m) == 1
	}))
}

func TestPropertiesAndIntrospection(t *testing.T) {
	addr := privateBus(t)
	quit := make(chan struct{}, 1)
	serveFake(t, addr, Options{Quit: func() { quit <- struct{}{} }})
	c := connect(t, addr)
	obj := c.Object("org.mpris.MediaPlayer2.cirrus", ObjectPath)

	var all map[string]dbus.Variant
	if err := obj.Call(ifaceProps+".GetAll", 0, IfaceRoot).Store(&all); err != nil {
		t.Fatalf("GetAll root: %v", err)
	}
	if all["Identity"].Value() != "cirrus" || all["CanQuit"].Value() != true || all["CanRaise"].Value() != false ||
		all["HasTrackList"].Value() != false || all["DesktopEntry"].Value() != "cirrus" {
		t.Fatalf("root properties: %v", all)
	}
	if err := obj.Call(ifaceProps+".GetAll", 0, IfacePlayer).Store(&all); err != nil {
		t.Fatalf("GetAll player: %v", err)
	}
	for _, k := range []string{"PlaybackStatus", "LoopStatus", "Rate", "Shuffle", "Metadata", "Volume", "Position",
		"MinimumRate", "MaximumRate", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek", "CanControl"} {
		if _, ok := all[k]; !ok {
			t.Errorf("player property %s missing", k)
		}
	}
	if all["Position"].Value() != int64(12_000_000) {
		t.Errorf("Position = %v", all["Position"])
	}
	// Read-only properties refuse writes; wrong types are refused.
	if err := obj.Call(ifaceProps+".Set", 0, IfacePlayer, "PlaybackStatus", dbus.MakeVariant("Paused")).Err; err == nil {
		t.Error("setting PlaybackStatus succeeded")
	}
	if err := obj.Call(ifaceProps+".Set", 0, IfacePlayer, "Volume", dbus.MakeVariant("loud")).Err; err == nil {
		t.Error("setting Volume to a string succeeded")
	}
	if err := obj.Call(ifaceProps+".Set", 0, IfacePlayer, "LoopStatus", dbus.MakeVariant("Forever")).Err; err == nil {
		t.Error("setting LoopStatus to Forever succeeded")
	}
	// SetPosition with a stale trackid is ignored, as MPRIS says.
	if err := obj.Call(IfacePlayer+".SetPosition", 0, dbus.ObjectPath(trackPrefix+"soundcloud_tracks_999"), int64(5_000_000)).Err; err != nil {
		t.Fatalf("SetPosition: %v", err)
	}
	// Seek past the end goes to the next track.
	if err := obj.Call(IfacePlayer+".Seek", 0, int64(10_000_000_000)).Err; err != nil {
		t.Fatalf("Seek: %v", err)
	}
	var title dbus.Variant
	if err := obj.Call(ifaceProps+".Get", 0, IfacePlayer, "Metadata").Store(&title); err != nil {
		t.Fatal(err)
	}
	if md := title.Value().(map[string]dbus.Variant); md["xesam:title"].Value() != "Night ]0;pwnedBus" {
		t.Fatalf("seek past the end did not go to the next track: %v", md)
	}
	if err := obj.Call(IfaceRoot+".Quit", 0).Err; err != nil {
		t.Fatalf("Quit: %v", err)
	}
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Fatal("Quit did not reach the owner")
	}

	var xml string
	if err := obj.Call("org.freedesktop.DBus.Introspectable.Introspect", 0).Store(&xml); err != nil {
		t.Fatalf("Introspect: %v", err)
	}
	for _, want := range []string{`<interface name="org.mpris.MediaPlayer2.Player">`, `<method name="PlayPause">`,
		`<method name="Seek">`, `<method name="SetPosition">`, `<signal name="Seeked">`,
		`<property name="Volume" type="d" access="readwrite">`, `<property name="Metadata" type="a{sv}" access="read">`,
		`<property name="Identity" type="s" access="read">`} {
		if !strings.Contains(xml, want) {
			t.Errorf("introspection lacks %s", want)
		}
	}
	if strings.Contains(xml, "SeekOffset") {
		t.Error("introspection shows the Go method name SeekOffset")
	}
}

func TestSecondInstanceGetsInstanceName(t *testing.T) {
	addr := privateBus(t)
	serveFake(t, addr, Options{})
	srv2, _ := serveFake(t, addr, Options{})
	want := fmt.Sprintf("org.mpris.MediaPlayer2.cirrus.instance%d", os.Getpid())
	if srv2.BusName() != want {
		t.Fatalf("second server owns %q, want %q", srv2.BusName(), want)
	}
}

func TestNoSessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/nobus")
	_, err := Serve(context.Background(), newFakePlayer(), Options{})
	if err == nil || !strings.Contains(err.Error(), "session bus") {
		t.Fatalf("Serve without a bus: %v", err)
	}
}

func TestServeOnSessionBusFromEnv(t *testing.T) {
	addr := privateBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	srv, err := Serve(context.Background(), newFakePlayer(), Options{})
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := playerctl(t, addr, "status"); got != "Playing" {
		t.Fatalf("status %q", got)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// After Close the name is gone.
	c := connect(t, addr)
	var has bool
	if err := c.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.mpris.MediaPlayer2.cirrus").Store(&has); err != nil || has {
		t.Fatalf("name still owned after Close: %v %v", has, err)
	}
}
