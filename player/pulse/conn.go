// Package pulse speaks the PulseAudio native protocol (which PipeWire's
// pipewire-pulse serves too) for cirrus's sound output, on top of the
// protocol codec of github.com/jfreymuth/pulse/proto. It does what a music
// player needs and nothing else: one playback stream with a server-side
// buffer, cork, flush, timing, volume and properties, and the list of sinks.
//
// The codec's own high-level stream is not used: its callback blocks the
// connection's reader while the stream's reader blocks (cirrus's engine does
// while paused), it keeps state without locks, and it has no flush. Here the
// reader callback never blocks, every call is bounded in time, and a
// connection that fails (or a server that stops answering) is closed at once,
// so that every later call fails fast and the owner can reconnect. What the
// server sends reaches the codec through a frameFilter (frames.go): bounded
// in size, and without commands the codec would print to standard output.
package pulse

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jfreymuth/pulse/proto"
)

// Timeout bounds one request's round trip and one write to the server. A
// server that takes longer is taken as gone: the connection is closed.
const Timeout = 3 * time.Second

// ErrClosed is returned by calls on a connection that has failed or was
// closed.
var ErrClosed = errors.New("pulse: connection closed")

// Conn is one connection to a sound server.
type Conn struct {
	c    *proto.Client
	nc   *watchedConn
	addr string

	mu      sync.Mutex
	streams map[uint32]*Stream
}

// Server is the address cirrus would connect to: server if set, else
// $PULSE_SERVER, else $XDG_RUNTIME_DIR/pulse/native. Only local sockets
// ("unix:/path" or "/path") and "tcp:host:port" are understood; the first
// entry of a list is used.
func Server(server string) (network, addr string, err error) {
	s := server
	if s == "" {
		s = os.Getenv("PULSE_SERVER")
	}
	if s == "" {
		rt := os.Getenv("XDG_RUNTIME_DIR")
		if rt == "" {
			return "", "", errors.New("pulse: neither PULSE_SERVER nor XDG_RUNTIME_DIR is set")
		}
		return "unix", filepath.Join(rt, "pulse", "native"), nil
	}
	for _, f := range strings.Fields(s) {
		if strings.HasPrefix(f, "{") { // {machine-id}address: local only
			i := strings.IndexByte(f, '}')
			if i < 0 {
				continue
			}
			f = f[i+1:]
		}
		switch {
		case strings.HasPrefix(f, "/"):
			return "unix", f, nil
		case strings.HasPrefix(f, "unix:"):
			return "unix", f[len("unix:"):], nil
		case strings.HasPrefix(f, "tcp:"), strings.HasPrefix(f, "tcp4:"), strings.HasPrefix(f, "tcp6:"):
			i := strings.IndexByte(f, ':')
			return f[:i], f[i+1:], nil
		}
	}
	return "", "", fmt.Errorf("pulse: no usable address in server string %q", s)
}

// Dial connects to the server (see Server), authenticates and names the
// client with props (application.name and the like).
func Dial(server string, props map[string]string) (*Conn, error) {
	network, addr, err := Server(server)
	if err != nil {
		return nil, err
	}
	raw, err := net.DialTimeout(network, addr, Timeout)
	if err != nil {
		return nil, fmt.Errorf("pulse: connect to %s: %w", addr, err)
	}
	nc := newWatchedConn(raw)
	pc := &proto.Client{}
	pc.SetTimeout(Timeout)
	c := &Conn{c: pc, nc: nc, addr: addr, streams: map[uint32]*Stream{}}
	pc.Callback = c.callback
	pc.Open(filteredConn{nc, newFrameFilter(nc)})
	var auth proto.AuthReply
	if err := c.request(&proto.Auth{Version: pc.Version(), Cookie: cookie()}, &auth); err != nil {
		nc.Close()
		return nil, fmt.Errorf("pulse: authenticate at %s: %w", addr, err)
	}
	pc.SetVersion(auth.Version)
	if err := c.request(&proto.SetClientName{Props: propList(props)}, &proto.SetClientNameReply{}); err != nil {
		nc.Close()
		return nil, fmt.Errorf("pulse: name the client: %w", err)
	}
	return c, nil
}

// cookie is the authentication cookie ($PULSE_COOKIE, else
// ~/.config/pulse/cookie); a server run with auth-anonymous (PipeWire's by
// default, per-user servers on their own socket) takes any.
func cookie() []byte {
	p := os.Getenv("PULSE_COOKIE")
	if p == "" {
		home, _ := os.UserHomeDir()
		p = filepath.Join(home, ".config", "pulse", "cookie")
	}
	b, err := os.ReadFile(p)
	if err != nil || len(b) != 256 {
		return make([]byte, 256)
	}
	return b
}

func propList(props map[string]string) proto.PropList {
	l := proto.PropList{}
	for k, v := range props {
		l[k] = proto.PropListString(v)
	}
	return l
}

// Addr is the server's address.
func (c *Conn) Addr() string { return c.addr }

// Done is closed when the connection has failed or was closed.
func (c *Conn) Done() <-chan struct{} { return c.nc.done }

// Err is why the connection ended, nil while it works.
func (c *Conn) Err() error { return c.nc.Err() }

// Close closes the connection; its streams go with it.
func (c *Conn) Close() { c.nc.fail(ErrClosed) }

// request sends one request and waits (at most Timeout) for its reply. A
// request that times out closes the connection: the server is not
// answering, and later calls must not wait for it again.
func (c *Conn) request(req proto.RequestArgs, rpl proto.Reply) error {
	if err := c.nc.Err(); err != nil {
		return err
	}
	err := c.c.Request(req, rpl)
	if err == nil {
		return nil
	}
	var perr proto.Error
	if errors.As(err, &perr) {
		return fmt.Errorf("pulse: %w", err) // the server said no; the connection is fine
	}
	c.nc.fail(fmt.Errorf("pulse: server did not answer: %w", err))
	return c.nc.Err()
}

// callback runs on the codec's reader goroutine: it must not block.
func (c *Conn) callback(msg any) {
	var idx uint32
	switch m := msg.(type) {
	case *proto.Request:
		idx = m.StreamIndex
	case *proto.Started:
		idx = m.StreamIndex
	case *proto.Underflow:
		idx = m.StreamIndex
	case *proto.PlaybackStreamKilled:
		idx = m.StreamIndex
	case *proto.PlaybackStreamMoved:
		idx = m.StreamIndex
	case *proto.SubscribeEvent:
		if m.Event.GetFacility() != proto.EventSinkSinkInput || m.Event.GetType() != proto.EventChange {
			return
		}
		c.mu.Lock()
		for _, s := range c.streams {
			if s.input == m.Index {
				s.noteChange()
			}
		}
		c.mu.Unlock()
		return
	case *proto.ConnectionClosed:
		c.nc.fail(ErrClosed)
		return
	default:
		return
	}
	c.mu.Lock()
	s := c.streams[idx]
	c.mu.Unlock()
	if s != nil {
		s.event(msg)
	}
}

// Sink is one output device of the server.
type Sink struct {
	Name        string // what [audio] device takes
	Description string // what a mixer shows
	Default     bool   // the server's default sink
}

// Sinks lists the server's sinks.
func (c *Conn) Sinks() ([]Sink, error) {
	var info proto.GetServerInfoReply
	if err := c.request(&proto.GetServerInfo{}, &info); err != nil {
		return nil, err
	}
	var list proto.GetSinkInfoListReply
	if err := c.request(&proto.GetSinkInfoList{}, &list); err != nil {
		return nil, err
	}
	sinks := make([]Sink, 0, len(list))
	for _, s := range list {
		d := s.Device
		if v, ok := s.Properties["device.description"]; ok {
			d = v.String()
		}
		sinks = append(sinks, Sink{Name: s.SinkName, Description: d, Default: s.SinkName == info.DefaultSinkName})
	}
	return sinks, nil
}

// ServerName is the server's name and version, as `pactl info` shows them
// ("pulseaudio 16.1", "PulseAudio (on PipeWire 0.3.65) 15.0.0").
func (c *Conn) ServerName() (string, error) {
	var info proto.GetServerInfoReply
	if err := c.request(&proto.GetServerInfo{}, &info); err != nil {
		return "", err
	}
	return info.PackageName + " " + info.PackageVersion, nil
}

// watchedConn is the server connection: any failed read or write (a write
// waits at most Timeout) closes it and records why, once.
type watchedConn struct {
	net.Conn
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	err  error
}

func newWatchedConn(c net.Conn) *watchedConn {
	return &watchedConn{Conn: c, done: make(chan struct{})}
}

func (w *watchedConn) Read(p []byte) (int, error) {
	n, err := w.Conn.Read(p)
	if err != nil {
		w.fail(fmt.Errorf("pulse: connection lost: %w", err))
	}
	return n, err
}

func (w *watchedConn) Write(p []byte) (int, error) {
	if err := w.Err(); err != nil {
		return 0, err
	}
	w.Conn.SetWriteDeadline(time.Now().Add(Timeout))
	n, err := w.Conn.Write(p)
	if err != nil {
		w.fail(fmt.Errorf("pulse: write to server: %w", err))
	}
	return n, err
}

// filteredConn is the connection as the codec sees it: what it reads
// passes through a frameFilter, and a frame the filter refuses fails the
// connection.
type filteredConn struct {
	*watchedConn
	f *frameFilter
}

func (c filteredConn) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	if err != nil {
		c.fail(fmt.Errorf("pulse: connection lost: %w", err))
	}
	return n, err
}

func (w *watchedConn) fail(err error) {
	w.once.Do(func() {
		w.mu.Lock()
		w.err = err
		w.mu.Unlock()
		w.Conn.Close()
		close(w.done)
	})
}

func (w *watchedConn) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Probe tells whether something accepts connections at the server's
// address, within wait.
func Probe(network, addr string, wait time.Duration) error {
	c, err := net.DialTimeout(network, addr, wait)
	if err != nil {
		return err
	}
	return c.Close()
}

// NoSuchEntity tells whether err is the server saying that what was named
// (a sink) does not exist.
func NoSuchEntity(err error) bool { return errors.Is(err, proto.ErrNoSuchEntity) }
