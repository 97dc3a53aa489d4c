package mpris

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// NotifyAfter is how much of a track is heard before it is announced: a
// track skipped sooner (flicking through the queue) pops nothing up.
const NotifyAfter = 3 * time.Second

// Bounds on what a notification carries.
const (
	maxSummary = 200 // runes of the title
	maxBody    = 200 // runes of the artist
	// artTimeout bounds the artwork download: past it the notification
	// goes out without a picture rather than late.
	artTimeout = 5 * time.Second
)

// NotifyOptions configure a Notifier.
type NotifyOptions struct {
	Conn *dbus.Conn // nil: the session bus
	// Artwork is a track's cover, decoded within bounds: the shared
	// artwork.Covers' Image, so the TUI and the notifications download it
	// once. nil, or an empty CacheDir, sends notifications without
	// pictures.
	Artwork func(ctx context.Context, url string) (image.Image, error)
	// CacheDir holds the pictures (in its "artwork" folder, at most
	// maxArtFiles of them), which the notification server reads by path.
	CacheDir string
	// After overrides NotifyAfter.
	After  time.Duration
	Logger *slog.Logger
}

// Notifier pops up a desktop notification, with the track's artwork, for
// each track that has played for NotifyAfter, for people who keep cirrus in
// a hidden terminal. Each notification replaces the one before instead of
// piling up, also across a restart of the notification server.
//
// Update is cheap and never waits for the bus: the download and the D-Bus
// call happen on the Notifier's own goroutine.
type Notifier struct {
	conn     *dbus.Conn
	ownsConn bool
	o        NotifyOptions
	log      *slog.Logger
	art      *artCache

	// Heard-time bookkeeping (due).
	mu        sync.Mutex
	cur       api.URN       // the track being timed
	lastPos   time.Duration // its position at the last status
	heard     time.Duration // how much of it has played
	announced api.URN       // the last track handed to the goroutine

	jobs   chan player.Status // size 1: only the newest track is shown
	cancel context.CancelFunc
	done   chan struct{}

	// Owned by the goroutine: the last notification and who showed it.
	id     uint32
	server string // unique bus name of the server that gave id
	markup bool   // that server reads markup in the body
}

// NewNotifier connects to the session bus when o.Conn is nil and starts
// the goroutine that shows notifications; Close stops it.
func NewNotifier(ctx context.Context, o NotifyOptions) (*Notifier, error) {
	n := &Notifier{conn: o.Conn, o: o, log: o.Logger, jobs: make(chan player.Status, 1), done: make(chan struct{})}
	if n.log == nil {
		n.log = slog.New(slog.DiscardHandler)
	}
	if n.o.After <= 0 {
		n.o.After = NotifyAfter
	}
	if o.Artwork != nil && o.CacheDir != "" {
		n.art = &artCache{dir: o.CacheDir, cover: o.Artwork}
	}
	if n.conn == nil {
		c, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("notifications: connect to the session bus: %w", err)
		}
		n.conn, n.ownsConn = c, true
	}
	ctx, n.cancel = context.WithCancel(context.WithoutCancel(ctx))
	go n.run(ctx)
	return n, nil
}

// maxStep is the largest position step counted as heard: the player
// reports the position once a second while playing, so a larger jump is a
// seek (or a restored position), not listening.
const maxStep = 2500 * time.Millisecond

// Update takes the player's newest status. A track is announced once
// NotifyAfter of it has been heard: its position advanced that much in the
// steps of normal play while it was the current track. Paused, buffering,
// seeked-over and skipped-through time does not count.
func (n *Notifier) Update(st player.Status) {
	if t := n.due(st); t != nil {
		select { // newest wins: a waiting older track is dropped
		case <-n.jobs:
		default:
		}
		select {
		case n.jobs <- st:
		default: // another Update got there first: it is as new
		}
	}
}

// due is the debounce: it returns st's track when st makes it announceable.
func (n *Notifier) due(st player.Status) *api.Track {
	if st.Track == nil || st.Track.URN == "" {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if st.Track.URN != n.cur {
		n.cur, n.lastPos, n.heard = st.Track.URN, st.Position, 0
	}
	step := st.Position - n.lastPos
	n.lastPos = st.Position
	if st.State == player.Playing && step > 0 && step <= maxStep {
		n.heard += step
	}
	if n.heard < n.o.After || n.announced == st.Track.URN {
		return nil
	}
	n.announced = st.Track.URN
	return st.Track
}

func (n *Notifier) run(ctx context.Context) {
	defer close(n.done)
	for {
		select {
		case <-ctx.Done():
			return
		case st := <-n.jobs:
			if err := n.show(ctx, st); err != nil && ctx.Err() == nil {
				n.log.Warn("notification", "err", err)
			}
		}
	}
}

// show sends one notification, replacing the last one when the same
// server still runs.
func (n *Notifier) show(ctx context.Context, st player.Status) error {
	hints := map[string]dbus.Variant{"category": dbus.MakeVariant("x-cirrus.track")}
	if u := pictureURL(st.Track); n.art != nil && u != "" {
		actx, cancel := context.WithTimeout(ctx, artTimeout)
		path, err := n.art.file(actx, u)
		cancel()
		if err != nil {
			n.log.Info("notification goes without its picture", "err", err)
		} else {
			hints["image-path"] = dbus.MakeVariant((&url.URL{Scheme: "file", Path: path}).String())
		}
	}
	// The server that gave the last id may have gone (a restart, a new
	// session's daemon): a stale id would replace nothing, or someone
	// else's notification, so a new server starts a new chain.
	owner := n.owner(ctx)
	if owner == "" || owner != n.server {
		n.id, n.server = 0, ""
		// A server not known yet (one the call will start) gets the
		// body escaped: a stray "&amp;" is better than markup injected.
		n.markup = owner == "" || n.hasMarkup(ctx)
	}
	summary, body := bound(clean(st.Track.Title), maxSummary), bound(artist(st), maxBody)
	if n.markup {
		body = markupEscape(body)
	}
	if st.Preview {
		body += " (preview)"
	}
	id, err := n.notify(ctx, n.id, summary, body, hints)
	if err != nil && n.id != 0 {
		// A server may refuse to replace a notification it has closed;
		// then the track gets a new one.
		n.log.Info("notification: the server did not replace the last one; showing a new one", "err", err)
		id, err = n.notify(ctx, 0, summary, body, hints)
	}
	if err != nil {
		n.id, n.server = 0, ""
		return fmt.Errorf("notify track change: %w", err)
	}
	n.id = id
	if owner == "" { // the call started (D-Bus activated) a server
		if owner = n.owner(ctx); owner != "" {
			n.markup = n.hasMarkup(ctx)
		}
	}
	n.server = owner
	return nil
}

func (n *Notifier) notify(ctx context.Context, replaces uint32, summary, body string, hints map[string]dbus.Variant) (uint32, error) {
	var id uint32
	err := n.conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".Notify", 0,
		"cirrus", replaces, "audio-x-generic", summary, body, []string{}, hints, int32(-1)).Store(&id)
	return id, err
}

// owner is the unique name that serves notifications now, "" when none
// does (GetNameOwner does not start one).
func (n *Notifier) owner(ctx context.Context) string {
	var s string
	if err := n.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, notifyName).Store(&s); err != nil {
		return ""
	}
	return s
}

// hasMarkup asks the server whether it reads markup in the body: then
// network text is escaped, else it is shown as it is.
func (n *Notifier) hasMarkup(ctx context.Context) bool {
	var caps []string
	if err := n.conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		return true // escaping is the safe guess
	}
	return slices.Contains(caps, "body-markup")
}

// markupEscape escapes the body for servers that read it as a small
// subset of HTML.
func markupEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// bound cuts s to max runes, marking the cut.
func bound(s string, max int) string {
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// Close stops the goroutine and closes the connection when Notifier opened it.
func (n *Notifier) Close() error {
	n.cancel()
	<-n.done
	if n.ownsConn {
		return n.conn.Close()
	}
	return nil
}
