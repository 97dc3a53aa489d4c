//go:build unix

package testpulse

import (
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Proxy passes a sound server's connections through a socket of its own,
// so that a test can end one at the moment a kill cannot be timed: while
// the client waits for an answer (see Cut).
type Proxy struct {
	t      testing.TB
	l      net.Listener
	target string
	sock   string

	mu    sync.Mutex
	conns []*proxied
}

type proxied struct {
	client, server net.Conn
	hold           atomic.Bool  // the server's answers are withheld
	lastSent       atomic.Int64 // when the client last sent something (UnixNano)
	ended          atomic.Bool  // the client closed the connection
}

// NewProxy listens on a socket in a directory of the test's own and passes
// each connection to the server at target (a socket path), until the test
// ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "proxy")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{t: t, l: l, target: target, sock: sock}
	go p.accept()
	t.Cleanup(func() {
		l.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.conns {
			c.client.Close()
			c.server.Close()
		}
	})
	return p
}

// Addr is the proxy's address as PULSE_SERVER takes it.
func (p *Proxy) Addr() string { return "unix:" + p.sock }

func (p *Proxy) accept() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("unix", p.target)
		if err != nil {
			c.Close()
			continue
		}
		pc := &proxied{client: c, server: s}
		pc.lastSent.Store(time.Now().UnixNano())
		p.mu.Lock()
		p.conns = append(p.conns, pc)
		p.mu.Unlock()
		go pc.up()
		go pc.down()
	}
}

// up passes what the client sends to the server, noting when.
func (c *proxied) up() {
	buf := make([]byte, 64<<10)
	for {
		n, err := c.client.Read(buf)
		if n > 0 {
			c.lastSent.Store(time.Now().UnixNano())
			if _, err := c.server.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			c.ended.Store(true)
			c.server.Close()
			return
		}
	}
}

// down passes what the server sends to the client, except while held.
func (c *proxied) down() {
	buf := make([]byte, 64<<10)
	for {
		n, err := c.server.Read(buf)
		if n > 0 && !c.hold.Load() {
			if _, err := c.client.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// cutQuiet is how long the client must have sent nothing while the
// server's answers are withheld to be taken as waiting for one: a client
// that asks something at least every quarter second (the pulse output's
// writer does) is then waiting for its answer.
const cutQuiet = time.Second

// Cut ends the newest connection as a server that exits does, while the
// client waits for an answer: from now on the server's answers are
// withheld; once the client has sent nothing for cutQuiet since (it
// waits), the connection is closed, and the client reads the end of the
// stream (io.EOF) before its request times out. Later connections pass as
// before.
func (p *Proxy) Cut() {
	p.t.Helper()
	p.mu.Lock()
	if len(p.conns) == 0 {
		p.mu.Unlock()
		p.t.Fatal("testpulse: no connection to cut")
	}
	c := p.conns[len(p.conns)-1]
	p.mu.Unlock()
	held := time.Now().UnixNano()
	c.hold.Store(true)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c.ended.Load() {
			p.t.Fatal("testpulse: the client closed the connection before the cut")
		}
		if time.Since(time.Unix(0, max(held, c.lastSent.Load()))) >= cutQuiet {
			break
		}
		if time.Now().After(deadline) {
			p.t.Fatal("testpulse: the client did not wait for an answer in 20 s")
		}
	}
	c.client.Close()
	c.server.Close()
}
