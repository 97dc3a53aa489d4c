package remote

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds of one request line and one response line (a 10,000-track queue
// listing is a few MB).
const (
	maxRequest  = 1 << 20
	maxResponse = 64 << 20
)

// ioTimeout bounds how long one client may hold a connection.
const ioTimeout = 30 * time.Second

// Handler runs one command. It must be safe for concurrent use.
type Handler interface {
	Handle(ctx context.Context, req Request) Response
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, req Request) Response

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req Request) Response { return f(ctx, req) }

// ErrAlreadyRunning is returned by Listen when another live cirrus owns the socket.
var ErrAlreadyRunning = errors.New("cirrus is already running")

// Server accepts control connections: on a Unix socket (listen_unix.go),
// on a named pipe on Windows (listen_windows.go).
type Server struct {
	ln      net.Listener
	path    string
	h       Handler
	log     *slog.Logger
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup // the closer of ln
	served  chan struct{}  // closed when the accept loop ends
	conns   sync.WaitGroup // connections being served (Add only in the loop)
	closing atomic.Bool
	once    sync.Once
}

// closeGrace is how long Close lets commands under way finish before it
// cancels them: `cirrus ctl stop` ends `cirrus play`, whose Close must
// not turn the stop it just applied into an error.
const closeGrace = 5 * time.Second

// Listen creates the endpoint at path, which only this user may use, and
// serves h on it until ctx ends or Close is called. A stale socket file
// nobody listens on is replaced; a live endpoint means another cirrus runs,
// and Listen fails with ErrAlreadyRunning.
func Listen(ctx context.Context, path string, h Handler) (*Server, error) {
	return ListenLogger(ctx, path, h, nil)
}

// ListenLogger is Listen with a logger for refused peers and bad requests.
func ListenLogger(ctx context.Context, path string, h Handler, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := openEndpoint(ctx, path)
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	s := &Server{ln: ln, path: path, h: h, log: log, ctx: sctx, cancel: cancel, served: make(chan struct{})}
	s.wg.Add(1)
	go func() { defer s.wg.Done(); <-sctx.Done(); ln.Close() }()
	go func() { defer close(s.served); s.serve() }()
	return s, nil
}

// Path is the endpoint's name: the socket file, or the pipe on Windows.
func (s *Server) Path() string { return s.path }

// Close stops accepting, lets running commands finish (for closeGrace at
// most, then cancels them), and removes the socket.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.closing.Store(true)
		s.ln.Close()
		<-s.served // no connection is added after this
		done := make(chan struct{})
		go func() { s.conns.Wait(); close(done) }()
		t := time.NewTimer(closeGrace)
		select {
		case <-done:
		case <-t.C:
		}
		t.Stop()
		s.cancel()
		s.wg.Wait()
		<-done
	})
	return nil
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if s.ctx.Err() == nil && !s.closing.Load() {
				s.log.Warn("remote: accept", "err", err)
			}
			return
		}
		s.conns.Add(1)
		go func() {
			defer s.conns.Done()
			s.serveConn(c)
		}()
	}
}

func (s *Server) serveConn(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioTimeout))
	if refusal, err := checkClient(c); err != nil {
		s.log.Warn("remote: refused a connection", "err", err)
		if refusal {
			writeResponse(c, Response{Code: CodeAuth, Error: "refused: " + err.Error()})
		}
		return
	}
	req, err := readRequest(c)
	if errors.Is(err, errNoRequest) {
		return
	}
	if err != nil {
		writeResponse(c, Response{Code: CodeUsage, Error: err.Error()})
		return
	}
	resp := s.h.Handle(s.ctx, req)
	if !resp.OK && resp.Code == "" {
		resp.Code = CodeError
	}
	if err := writeResponse(c, resp); err != nil {
		s.log.Warn("remote: write response", "err", err)
	}
}

var errNoRequest = errors.New("no request")

// readRequest reads one request line (at most maxRequest bytes) and decodes it.
func readRequest(c io.Reader) (Request, error) {
	r := bufio.NewReaderSize(io.LimitReader(c, maxRequest), 4096)
	line, err := r.ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return Request{}, errNoRequest
	}
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return Request{}, fmt.Errorf("bad request: %w", err)
	}
	return req, nil
}

func writeResponse(w io.Writer, resp Response) error {
	b, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
