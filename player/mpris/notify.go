package mpris

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// Notifier pops up a desktop notification when the track changes, for people
// who keep cirrus in a hidden terminal. It is off unless config turns it on;
// each new notification replaces the previous one instead of piling up.
type Notifier struct {
	conn     *dbus.Conn
	ownsConn bool

	mu   sync.Mutex
	last api.URN
	id   uint32
}

// NewNotifier uses conn, or the session bus when conn is nil.
func NewNotifier(ctx context.Context, conn *dbus.Conn) (*Notifier, error) {
	n := &Notifier{conn: conn}
	if conn == nil {
		c, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("notifications: connect to the session bus: %w", err)
		}
		n.conn, n.ownsConn = c, true
	}
	return n, nil
}

// Update notifies when st plays a track other than the last one notified.
func (n *Notifier) Update(ctx context.Context, st player.Status) error {
	if st.Track == nil || st.Track.URN == "" {
		return nil
	}
	n.mu.Lock()
	if st.Track.URN == n.last {
		n.mu.Unlock()
		return nil
	}
	n.last = st.Track.URN
	replaces := n.id
	n.mu.Unlock()

	body := markupEscape(artist(st))
	if st.Preview {
		body += " (preview)"
	}
	var id uint32
	err := n.conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".Notify", 0,
		"cirrus", replaces, "audio-x-generic", clean(st.Track.Title), body,
		[]string{}, map[string]dbus.Variant{"category": dbus.MakeVariant("x-cirrus.track")}, int32(-1)).Store(&id)
	if err != nil {
		return fmt.Errorf("notify track change: %w", err)
	}
	n.mu.Lock()
	n.id = id
	n.mu.Unlock()
	return nil
}

// markupEscape escapes the body: notification servers read it as a small
// subset of HTML.
func markupEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Close closes the connection when Notifier opened it.
func (n *Notifier) Close() error {
	if n.ownsConn {
		return n.conn.Close()
	}
	return nil
}
