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
	"os"
	"sync"
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

// Server accepts control connections on a Unix socket.
type Server struct {
	ln     *net.UnixListener
	path   string
	h      Handler
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// Listen creates the socket at path (mode 0600) and serves h on it until ctx
// ends or Close is called. A stale socket file nobody listens on is replaced;
// a live one means another cirrus runs, and Listen fails with ErrAlreadyRunning.
func Listen(ctx context.Context, path string, h Handler) (*Server, error) {
	return ListenLogger(ctx, path, h, nil)
}

// ListenLogger is Listen with a logger for refused peers and bad requests.
func ListenLogger(ctx context.Context, path string, h Handler, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := clearStale(ctx, path); err != nil {
		return nil, err
	}
	// No umask dance (it is process-wide): until the chmod below, the
	// peer-credential check keeps other users out.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	ln.SetUnlinkOnClose(true)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("chmod %s: %w", path, err)
	}
	sctx, cancel := context.WithCancel(ctx)
	s := &Server{ln: ln, path: path, h: h, log: log, ctx: sctx, cancel: cancel}
	s.wg.Add(2)
	go func() { defer s.wg.Done(); <-sctx.Done(); ln.Close() }()
	go func() { defer s.wg.Done(); s.serve() }()
	return s, nil
}

// clearStale removes a socket file that no one answers on.
func clearStale(ctx context.Context, path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check socket %s: %w", path, err)
	}
	if fi.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("check socket %s: exists and is not a socket", path)
	}
	d := net.Dialer{Timeout: 2 * time.Second}
	c, err := d.DialContext(ctx, "unix", path)
	if err == nil {
		c.Close()
		return fmt.Errorf("%w (socket %s)", ErrAlreadyRunning, path)
	}
	if !connRefused(err) {
		return fmt.Errorf("check socket %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale socket %s: %w", path, err)
	}
	return nil
}

// Path is the socket's file name.
func (s *Server) Path() string { return s.path }

// Close stops accepting, waits for running commands and removes the socket.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.cancel()
		s.wg.Wait()
	})
	return nil
}

func (s *Server) serve() {
	for {
		c, err := s.ln.AcceptUnix()
		if err != nil {
			if s.ctx.Err() == nil {
				s.log.Warn("remote: accept", "err", err)
			}
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveConn(c)
		}()
	}
}

func (s *Server) serveConn(c *net.UnixConn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioTimeout))
	uid, err := peerUID(c)
	if err != nil {
		s.log.Warn("remote: peer credentials", "err", err)
		return
	}
	if uid != uint32(os.Getuid()) {
		s.log.Warn("remote: refused a connection from another user", "uid", uid)
		writeResponse(c, Response{Code: CodeAuth, Error: fmt.Sprintf("refused: uid %d may not control this cirrus", uid)})
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
