// Package mpris puts cirrus on the desktop's session bus as an MPRIS media
// player (org.mpris.MediaPlayer2.cirrus), so media keys, playerctl and desktop
// widgets control it, and sends track-change notifications.
package mpris

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// D-Bus names of the MPRIS specification.
const (
	ObjectPath  dbus.ObjectPath = "/org/mpris/MediaPlayer2"
	BusPrefix   string          = "org.mpris.MediaPlayer2."
	IfaceRoot   string          = "org.mpris.MediaPlayer2"
	IfacePlayer string          = "org.mpris.MediaPlayer2.Player"
	ifaceProps  string          = "org.freedesktop.DBus.Properties"

	// NoTrack is the trackid MPRIS reserves for "nothing loaded".
	NoTrack dbus.ObjectPath = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
	// trackPrefix roots the trackids cirrus derives from SoundCloud URNs.
	trackPrefix = "/io/github/cirrus_tui/cirrus/track/"
)

// Controller is the part of *player.Player that MPRIS drives: every
// method call and property write is a command, applied in order with the
// keys' and cirrus ctl's.
type Controller interface {
	Status() player.Status
	Do(ctx context.Context, c command.Command) error
}

var _ Controller = (*player.Player)(nil)

// Options configure Serve.
type Options struct {
	// Conn is the bus connection to use; nil connects to the session bus (and
	// Close closes it). A connection given here stays the caller's.
	Conn *dbus.Conn
	// Name is the player's bus name suffix, default "cirrus". When it is taken
	// (a second cirrus), Serve uses "<name>.instance<pid>" as MPRIS suggests.
	Name string
	// DesktopEntry is the .desktop file basename, default "cirrus".
	DesktopEntry string
	// OpenURI plays a soundcloud.com URL or URN (MPRIS OpenUri); nil: refused.
	OpenURI func(ctx context.Context, uri string) error
	// Quit ends cirrus (MPRIS Quit); nil: CanQuit is false.
	Quit   func()
	Logger *slog.Logger
}

// Server is cirrus's MPRIS presence on the bus. Feed it every player status
// change through Update; it answers method calls on its own.
type Server struct {
	conn     *dbus.Conn
	ownsConn bool
	name     string
	p        Controller
	o        Options
	log      *slog.Logger
	ctx      context.Context

	mu        sync.Mutex
	last      map[string]dbus.Variant // Player properties last announced
	lastKey   propsKey                // what last was made from
	lastTrack dbus.ObjectPath
	lastPos   time.Duration
	lastAt    time.Time
	lastState player.State
	closed    bool
}

// Serve exports cirrus's MPRIS objects and claims the bus name. Without a
// session bus it fails; the caller logs that and runs on without MPRIS.
func Serve(ctx context.Context, p Controller, o Options) (*Server, error) {
	if o.Name == "" {
		o.Name = "cirrus"
	}
	if o.DesktopEntry == "" {
		o.DesktopEntry = "cirrus"
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{conn: o.Conn, p: p, o: o, log: log, ctx: ctx}
	if s.conn == nil {
		c, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("mpris: connect to the session bus: %w", err)
		}
		s.conn, s.ownsConn = c, true
	}
	if err := s.export(); err != nil {
		s.closeConn()
		return nil, err
	}
	st := p.Status()
	s.last, s.lastKey = s.playerProps(st), keyOf(st)
	s.remember(st)
	for _, name := range []string{BusPrefix + o.Name, fmt.Sprintf("%s%s.instance%d", BusPrefix, o.Name, os.Getpid())} {
		reply, err := s.conn.RequestName(name, dbus.NameFlagDoNotQueue)
		if err != nil {
			s.closeConn()
			return nil, fmt.Errorf("mpris: request name %s: %w", name, err)
		}
		if reply == dbus.RequestNameReplyPrimaryOwner || reply == dbus.RequestNameReplyAlreadyOwner {
			s.name = name
			break
		}
	}
	if s.name == "" {
		s.closeConn()
		return nil, fmt.Errorf("mpris: bus name %s%s is taken", BusPrefix, o.Name)
	}
	return s, nil
}

// BusName is the well-known name the server owns.
func (s *Server) BusName() string { return s.name }

// Close gives up the bus name and the objects.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	var errs []error
	if _, err := s.conn.ReleaseName(s.name); err != nil {
		errs = append(errs, fmt.Errorf("mpris: release %s: %w", s.name, err))
	}
	for _, iface := range []string{IfaceRoot, IfacePlayer, ifaceProps, "org.freedesktop.DBus.Introspectable"} {
		s.conn.Export(nil, ObjectPath, iface)
	}
	if err := s.closeConn(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (s *Server) closeConn() error {
	if s.ownsConn {
		return s.conn.Close()
	}
	return nil
}

func (s *Server) export() error {
	r := &rootIface{s}
	pl := &playerIface{s}
	pr := &propsIface{s}
	for iface, v := range map[string]any{IfaceRoot: r, IfacePlayer: pl, ifaceProps: pr} {
		if err := s.conn.ExportWithMap(v, methodNames, ObjectPath, iface); err != nil {
			return fmt.Errorf("mpris: export %s: %w", iface, err)
		}
	}
	plMethods := introspect.Methods(pl)
	for i := range plMethods {
		if n, ok := methodNames[plMethods[i].Name]; ok {
			plMethods[i].Name = n
		}
	}
	node := &introspect.Node{
		Name: string(ObjectPath),
		Interfaces: []introspect.Interface{
			introspect.IntrospectData,
			prop.IntrospectData,
			{Name: IfaceRoot, Methods: introspect.Methods(r), Properties: describe(s.rootProps(), map[string]bool{})},
			{
				Name:       IfacePlayer,
				Methods:    plMethods,
				Properties: describe(s.playerProps(player.Status{}), writablePlayer),
				Signals:    []introspect.Signal{{Name: "Seeked", Args: []introspect.Arg{{Name: "Position", Type: "x"}}}},
			},
		},
	}
	if err := s.conn.Export(introspect.NewIntrospectable(node), ObjectPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		return fmt.Errorf("mpris: export introspection: %w", err)
	}
	return nil
}

// methodNames maps Go method names to D-Bus ones where they differ.
var methodNames = map[string]string{"SeekOffset": "Seek"}

var writablePlayer = map[string]bool{"LoopStatus": true, "Rate": true, "Shuffle": true, "Volume": true}

func describe(props map[string]dbus.Variant, writable map[string]bool) []introspect.Property {
	out := make([]introspect.Property, 0, len(props))
	for name, v := range props {
		access := "read"
		if writable[name] {
			access = "readwrite"
		}
		p := introspect.Property{Name: name, Type: v.Signature().String(), Access: access}
		if name == "Position" {
			p.Annotations = []introspect.Annotation{{Name: "org.freedesktop.DBus.Property.EmitsChangedSignal", Value: "false"}}
		}
		out = append(out, p)
	}
	return out
}

// Update announces what changed since the last call with one
// PropertiesChanged signal, and a Seeked signal when the position jumped.
// Call it with the Status of every player event.
func (s *Server) Update(st player.Status) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	// Most updates are the player's position events (one a second while
	// playing): nothing announced has changed, and building and comparing
	// every property for them was a tenth of the player's CPU.
	changed := map[string]dbus.Variant{}
	if key := keyOf(st); key != s.lastKey {
		props := s.playerProps(st)
		for k, v := range props {
			if k == "Position" {
				continue
			}
			if old, ok := s.last[k]; !ok || !reflect.DeepEqual(old.Value(), v.Value()) {
				changed[k] = v
			}
		}
		s.last, s.lastKey = props, key
	}
	seeked := s.jumped(st)
	s.remember(st)
	// Emitting under the lock keeps signals in the order of the states
	// they describe when the owner and a bus client update at once.
	defer s.mu.Unlock()
	if len(changed) > 0 {
		if err := s.conn.Emit(ObjectPath, ifaceProps+".PropertiesChanged", IfacePlayer, changed, []string{}); err != nil {
			s.log.Warn("mpris: PropertiesChanged", "err", err)
		}
	}
	if seeked {
		s.emitSeeked(st.Position)
	}
}

// jumped says whether st's position is not where playback since the last
// update would have carried it: a seek the player did on someone else's
// behalf (the TUI, `cirrus ctl`). s.mu is held.
func (s *Server) jumped(st player.Status) bool {
	if st.Track == nil || trackID(st) != s.lastTrack || s.lastAt.IsZero() {
		return false
	}
	expect := s.lastPos
	if s.lastState == player.Playing {
		expect += time.Since(s.lastAt)
	}
	d := st.Position - expect
	return d > 1500*time.Millisecond || d < -1500*time.Millisecond
}

// propsKey is what the announced properties (all but Position) are made
// of. Track is the player's value for the track; a changed track (a like,
// new metadata) comes as a new one.
type propsKey struct {
	state    player.State
	track    *api.Track
	duration time.Duration
	volume   float64
	shuffle  bool
	repeat   player.Repeat
	preview  bool
}

func keyOf(st player.Status) propsKey {
	return propsKey{st.State, st.Track, st.Duration, st.Volume, st.Shuffle, st.Repeat, st.Preview}
}

func (s *Server) remember(st player.Status) {
	s.lastTrack, s.lastPos, s.lastAt, s.lastState = trackID(st), st.Position, time.Now(), st.State
}

func (s *Server) emitSeeked(pos time.Duration) {
	if err := s.conn.Emit(ObjectPath, IfacePlayer+".Seeked", pos.Microseconds()); err != nil {
		s.log.Warn("mpris: Seeked", "err", err)
	}
}

// seekedTo records a seek cirrus made for a bus client, so the update that
// follows does not report it twice, and tells the bus.
func (s *Server) seekedTo(pos time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastPos, s.lastAt = pos, time.Now()
	s.emitSeeked(pos)
}

// refresh announces changes a bus client just made, without waiting for the
// player's event.
func (s *Server) refresh() { s.Update(s.p.Status()) }

func (s *Server) rootProps() map[string]dbus.Variant {
	return map[string]dbus.Variant{
		"CanQuit":             dbus.MakeVariant(s.o.Quit != nil),
		"CanRaise":            dbus.MakeVariant(false),
		"CanSetFullscreen":    dbus.MakeVariant(false),
		"Fullscreen":          dbus.MakeVariant(false),
		"HasTrackList":        dbus.MakeVariant(false),
		"Identity":            dbus.MakeVariant("cirrus"),
		"DesktopEntry":        dbus.MakeVariant(s.o.DesktopEntry),
		"SupportedUriSchemes": dbus.MakeVariant([]string{"https", "soundcloud"}),
		"SupportedMimeTypes":  dbus.MakeVariant([]string{}),
	}
}

func (s *Server) playerProps(st player.Status) map[string]dbus.Variant {
	has := st.Track != nil
	return map[string]dbus.Variant{
		"PlaybackStatus": dbus.MakeVariant(playbackStatus(st.State)),
		"LoopStatus":     dbus.MakeVariant(loopStatus(st.Repeat)),
		"Rate":           dbus.MakeVariant(1.0),
		"MinimumRate":    dbus.MakeVariant(1.0),
		"MaximumRate":    dbus.MakeVariant(1.0),
		"Shuffle":        dbus.MakeVariant(st.Shuffle),
		"Metadata":       dbus.MakeVariant(metadata(st)),
		"Volume":         dbus.MakeVariant(st.Volume),
		"Position":       dbus.MakeVariant(st.Position.Microseconds()),
		// The queue may hold 10,000 tracks; copying it on every position
		// event to know whether a next one exists is not worth it. Next at
		// the end of the queue is a no-op.
		"CanGoNext":     dbus.MakeVariant(has),
		"CanGoPrevious": dbus.MakeVariant(has),
		"CanPlay":       dbus.MakeVariant(has),
		"CanPause":      dbus.MakeVariant(has),
		"CanSeek":       dbus.MakeVariant(has && length(st) > 0),
		"CanControl":    dbus.MakeVariant(true),
	}
}

func playbackStatus(s player.State) string {
	switch s {
	case player.Playing, player.Loading:
		return "Playing"
	case player.Paused:
		return "Paused"
	}
	return "Stopped"
}

func loopStatus(r player.Repeat) string {
	switch r {
	case player.RepeatOne:
		return "Track"
	case player.RepeatAll:
		return "Playlist"
	}
	return "None"
}

func length(st player.Status) time.Duration {
	if st.Duration > 0 {
		return st.Duration
	}
	if st.Track != nil {
		return st.Track.DurationTime()
	}
	return 0
}

// trackID derives an MPRIS trackid from the track's URN: object paths allow
// only [A-Za-z0-9_] between slashes, so anything else becomes '_'.
func trackID(st player.Status) dbus.ObjectPath {
	if st.Track == nil || st.Track.URN == "" {
		return NoTrack
	}
	var b strings.Builder
	b.WriteString(trackPrefix)
	for _, r := range string(st.Track.URN) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return dbus.ObjectPath(b.String())
}

func metadata(st player.Status) map[string]dbus.Variant {
	m := map[string]dbus.Variant{"mpris:trackid": dbus.MakeVariant(trackID(st))}
	t := st.Track
	if t == nil {
		return m
	}
	m["xesam:title"] = dbus.MakeVariant(clean(t.Title))
	if a := artist(st); a != "" {
		m["xesam:artist"] = dbus.MakeVariant([]string{a})
	}
	if t.PermalinkURL != "" {
		m["xesam:url"] = dbus.MakeVariant(clean(t.PermalinkURL))
	}
	if l := length(st); l > 0 {
		m["mpris:length"] = dbus.MakeVariant(l.Microseconds())
	}
	if t.ArtworkURL != "" {
		m["mpris:artUrl"] = dbus.MakeVariant(clean(t.ArtworkURL))
	}
	if t.Genre != "" {
		m["xesam:genre"] = dbus.MakeVariant([]string{clean(t.Genre)})
	}
	return m
}

func artist(st player.Status) string {
	if st.Track.MetadataArtist != "" {
		return clean(st.Track.MetadataArtist)
	}
	if st.Track.User != nil {
		return clean(st.Track.User.Username)
	}
	return ""
}

// clean makes network text fit for the bus and for the terminals that
// playerctl prints to: valid UTF-8, no control or bidi-override characters.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
			r == 0x200E, r == 0x200F, r == 0x061C:
			return -1
		}
		return r
	}, s)
}

// rootIface implements org.mpris.MediaPlayer2's methods.
type rootIface struct{ s *Server }

// Raise does nothing (CanRaise is false): a terminal program has no window
// of its own to raise.
func (r *rootIface) Raise() *dbus.Error { return nil }

// Quit ends cirrus when the owner allows it.
func (r *rootIface) Quit() *dbus.Error {
	if r.s.o.Quit == nil {
		return dbus.MakeFailedError(errors.New("cirrus cannot be quit over MPRIS"))
	}
	r.s.o.Quit()
	return nil
}

// playerIface implements org.mpris.MediaPlayer2.Player's methods.
type playerIface struct{ s *Server }

// do applies c and announces what changed.
func (s *Server) do(c command.Command) *dbus.Error {
	if err := s.p.Do(s.ctx, c); err != nil {
		return dbus.MakeFailedError(err)
	}
	s.refresh()
	return nil
}

func (p *playerIface) Next() *dbus.Error     { return p.s.do(command.Command{Op: command.OpNext}) }
func (p *playerIface) Previous() *dbus.Error { return p.s.do(command.Command{Op: command.OpPrevious}) }
func (p *playerIface) Pause() *dbus.Error    { return p.s.do(command.Command{Op: command.OpPause}) }
func (p *playerIface) Stop() *dbus.Error     { return p.s.do(command.Command{Op: command.OpStop}) }
func (p *playerIface) Play() *dbus.Error     { return p.s.do(command.Command{Op: command.OpPlay}) }

func (p *playerIface) PlayPause() *dbus.Error {
	return p.s.do(command.Command{Op: command.OpToggle})
}

// SeekOffset is MPRIS Seek (renamed for go vet, which reserves Seek for
// io.Seeker): it moves by offset µs; past the end it goes to the next track,
// before the start it goes to the start, as MPRIS asks.
func (p *playerIface) SeekOffset(offset int64) *dbus.Error {
	st := p.s.p.Status()
	if st.Track == nil {
		return nil
	}
	to := st.Position + time.Duration(offset)*time.Microsecond
	if l := length(st); l > 0 && to >= l {
		return p.s.do(command.Command{Op: command.OpNext})
	}
	if to < 0 {
		to = 0
	}
	return p.s.seek(to)
}

// SetPosition seeks to pos µs if trackID still names the current track.
func (p *playerIface) SetPosition(id dbus.ObjectPath, pos int64) *dbus.Error {
	st := p.s.p.Status()
	if st.Track == nil || id != trackID(st) || pos < 0 {
		return nil
	}
	to := time.Duration(pos) * time.Microsecond
	if l := length(st); l > 0 && to > l {
		return nil
	}
	return p.s.seek(to)
}

// seek goes to to and says so with a Seeked signal.
func (s *Server) seek(to time.Duration) *dbus.Error {
	if err := s.p.Do(s.ctx, command.Command{Op: command.OpSeek, At: to}); err != nil {
		return dbus.MakeFailedError(err)
	}
	s.seekedTo(to)
	return nil
}

// OpenUri plays a SoundCloud URL when the owner supports it.
func (p *playerIface) OpenUri(uri string) *dbus.Error {
	if p.s.o.OpenURI == nil {
		return dbus.MakeFailedError(errors.New("cirrus does not open URIs over MPRIS"))
	}
	if err := p.s.o.OpenURI(p.s.ctx, uri); err != nil {
		return dbus.MakeFailedError(fmt.Errorf("open %s: %w", uri, err))
	}
	return nil
}

// propsIface implements org.freedesktop.DBus.Properties by reading the player
// live, so Position is exact without a signal per tick.
type propsIface struct{ s *Server }

func (pr *propsIface) props(iface string) (map[string]dbus.Variant, *dbus.Error) {
	switch iface {
	case IfaceRoot:
		return pr.s.rootProps(), nil
	case IfacePlayer:
		return pr.s.playerProps(pr.s.p.Status()), nil
	}
	return nil, prop.ErrIfaceNotFound
}

func (pr *propsIface) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	m, err := pr.props(iface)
	if err != nil {
		return dbus.Variant{}, err
	}
	v, ok := m[name]
	if !ok {
		return dbus.Variant{}, prop.ErrPropNotFound
	}
	return v, nil
}

func (pr *propsIface) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	return pr.props(iface)
}

func (pr *propsIface) Set(iface, name string, v dbus.Variant) *dbus.Error {
	s := pr.s
	if iface == IfaceRoot {
		if name == "Fullscreen" {
			return prop.ErrReadOnly
		}
		return prop.ErrPropNotFound
	}
	if iface != IfacePlayer {
		return prop.ErrIfaceNotFound
	}
	switch name {
	case "Volume":
		f, ok := v.Value().(float64)
		if !ok || math.IsNaN(f) {
			return prop.ErrInvalidArg
		}
		return s.do(command.Command{Op: command.OpVolume, Volume: math.Min(1, math.Max(0, f))})
	case "Shuffle":
		b, ok := v.Value().(bool)
		if !ok {
			return prop.ErrInvalidArg
		}
		sw := command.Off
		if b {
			sw = command.On
		}
		return s.do(command.Command{Op: command.OpShuffle, Switch: sw})
	case "LoopStatus":
		str, _ := v.Value().(string)
		r, ok := map[string]command.Repeat{"None": command.RepeatOff, "Track": command.RepeatOne, "Playlist": command.RepeatAll}[str]
		if !ok {
			return prop.ErrInvalidArg
		}
		return s.do(command.Command{Op: command.OpRepeat, Repeat: r})
	case "Rate":
		f, ok := v.Value().(float64)
		if !ok {
			return prop.ErrInvalidArg
		}
		if f <= 0 {
			return s.do(command.Command{Op: command.OpPause})
		}
		// Only 1.0 is supported; other rates are ignored, as MPRIS allows.
	default:
		if _, ok := s.playerProps(player.Status{})[name]; ok {
			return prop.ErrReadOnly
		}
		return prop.ErrPropNotFound
	}
	s.refresh()
	return nil
}
