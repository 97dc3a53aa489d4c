package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/zalando/go-keyring"
)

// File names under the state directory.
const (
	tokenFile   = "tokens.json"
	lockFile    = "tokens.lock"
	tempPattern = ".tokens-*.tmp" // a write in progress; see removeStrayTemps
)

// Keyring item that holds the same JSON as tokens.json when the keyring is on.
const (
	keyringService = "cirrus"
	keyringUser    = "tokens"
)

// stored is the on-disk (or in-keyring) form of everything auth keeps. Tokens
// are keyed by client id and auth host, so pointing cirrus at demo-server and
// back does not send one service's tokens to the other.
type stored struct {
	Version   int                     `json:"version"`
	Sessions  map[string]*storedToken `json:"sessions,omitempty"`
	Anonymous map[string]*storedToken `json:"anonymous,omitempty"`
}

type storedToken struct {
	AccessToken  string    `json:"access_token,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	IssuedAt     time.Time `json:"issued_at,omitzero"`
	Scope        string    `json:"scope,omitempty"`
	RedirectURI  string    `json:"redirect_uri,omitempty"` // sent again on refresh
	// Expired marks a session whose refresh token was refused: the user must
	// log in again, and nothing retries it.
	Expired bool `json:"expired,omitempty"`
}

// String, GoString and LogValue redact, should one end up in a message.
func (t *storedToken) String() string       { return t.token().String() }
func (t *storedToken) GoString() string     { return t.token().String() }
func (t *storedToken) LogValue() slog.Value { return t.token().LogValue() }

func (t *storedToken) token() Token {
	return Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, Expiry: t.Expiry, IssuedAt: t.IssuedAt, Scope: t.Scope}
}

// backend reads and writes the whole stored blob.
type backend interface {
	read(ctx context.Context) ([]byte, error) // nil, nil when nothing is stored
	write(ctx context.Context, data []byte) error
	remove(ctx context.Context) error
	String() string
}

// fileBackend keeps tokens in a 0600 file in a 0700 directory, replaced
// atomically so a crash leaves either the old or the new pair, never half.
// On Windows the mode bits mean nothing (Go maps them to the read-only
// attribute): there the file is private because the state directory is in
// %LocalAppData%, inside the user's profile, whose inherited ACL admits only
// the user, SYSTEM and Administrators; the keyring (Credential Manager) is
// the better place and `keyring = true` puts the tokens there.
type fileBackend struct{ dir string }

func (f fileBackend) String() string { return "file " + filepath.Join(f.dir, tokenFile) }

func (f fileBackend) read(ctx context.Context) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(f.dir, tokenFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

func (f fileBackend) write(ctx context.Context, data []byte) error {
	if err := ensureDir(f.dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(f.dir, tempPattern) // created 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return replaceDurably(tmp.Name(), filepath.Join(f.dir, tokenFile))
}

func (f fileBackend) remove(ctx context.Context) error {
	err := os.Remove(filepath.Join(f.dir, tokenFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return removedDurably(f.dir)
}

// ensureDir creates the state directory private to the user.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.Chmod(dir, 0o700)
}

// moveFileToKeyring imports a tokens.json into the keyring and deletes the
// file. In keyring mode the file is only ever written while no Secret Service
// answered, so when one exists it is the newer copy.
func moveFileToKeyring(ctx context.Context, f fileBackend, k keyringBackend) (bool, error) {
	b, err := f.read(ctx)
	if err != nil || b == nil {
		return false, err
	}
	if err := k.write(ctx, b); err != nil {
		return false, err
	}
	return true, f.remove(ctx)
}

// keyringBackend keeps the blob in the system keyring through go-keyring:
// the Secret Service on Linux, the Keychain on macOS, Credential Manager on
// Windows.
type keyringBackend struct{}

func (keyringBackend) String() string { return "keyring" }

func (keyringBackend) read(ctx context.Context) ([]byte, error) {
	s, err := keyring.Get(keyringService, keyringUser)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

func (keyringBackend) write(ctx context.Context, data []byte) error {
	return keyring.Set(keyringService, keyringUser, string(data))
}

func (keyringBackend) remove(ctx context.Context) error {
	err := keyring.Delete(keyringService, keyringUser)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// probeKeyring tells whether a Secret Service answers, within a bound: a
// session bus without one can make the first call hang.
func probeKeyring(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := keyring.Get(keyringService, keyringUser)
		if errors.Is(err, keyring.ErrNotFound) {
			err = nil
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("no answer from the Secret Service: %w", ctx.Err())
	}
}

// store is the backend plus the cross-process lock. Two cirrus processes (the
// TUI and `cirrus ctl`, say) share one refresh token; the lock makes the
// second one adopt the first one's new pair instead of spending the old one.
type store struct {
	dir     string
	backend backend
}

func (s *store) load(ctx context.Context) (*stored, error) {
	b, err := s.backend.read(ctx)
	if err != nil {
		return nil, fmt.Errorf("read tokens from %s: %w", s.backend, err)
	}
	st := &stored{Version: 1}
	if len(b) > 0 {
		if err := json.Unmarshal(b, st); err != nil {
			// Never quote the content: it holds tokens.
			return nil, fmt.Errorf("read tokens from %s: malformed JSON", s.backend)
		}
	}
	if st.Sessions == nil {
		st.Sessions = map[string]*storedToken{}
	}
	if st.Anonymous == nil {
		st.Anonymous = map[string]*storedToken{}
	}
	return st, nil
}

func (s *store) save(ctx context.Context, st *stored) error {
	if len(st.Sessions) == 0 && len(st.Anonymous) == 0 {
		if err := s.backend.remove(ctx); err != nil {
			return fmt.Errorf("remove tokens from %s: %w", s.backend, err)
		}
		return nil
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode tokens: %w", err)
	}
	if err := s.backend.write(ctx, b); err != nil {
		return fmt.Errorf("save tokens to %s: %w", s.backend, err)
	}
	return nil
}

// lock takes the cross-process lock on tokens.lock (flock on Unix,
// LockFileEx on Windows); the kernel drops it if the process dies. It polls so that ctx can cancel the wait.
func (s *store) lock(ctx context.Context) (unlock func(), err error) {
	if err := ensureDir(s.dir); err != nil {
		return nil, fmt.Errorf("lock tokens: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock tokens: %w", err)
	}
	for {
		held, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock tokens: %w", err)
		}
		if held {
			return func() {
				unlockFile(f)
				f.Close()
			}, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock tokens: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
