package auth

import (
	"context"
	"path/filepath"
	"time"
)

// Session describes the stored login for `cirrus doctor`, without any
// token in it.
type Session struct {
	Status     Status
	Storage    string    // "file …/tokens.json" or "keyring"
	File       string    // the token file, "" when tokens live in the keyring
	Expiry     time.Time // of the user's access token; zero when none
	Scope      string
	CanRefresh bool // a refresh token is stored
}

// Session reads the stored login afresh.
func (m *Manager) Session(ctx context.Context) (Session, error) {
	st, err := m.Status(ctx)
	out := Session{Status: st, Storage: m.store.backend.String()}
	if fb, ok := m.store.backend.(fileBackend); ok {
		out.File = filepath.Join(fb.dir, tokenFile)
	}
	if err != nil {
		return out, err
	}
	if err := m.acquire(ctx); err != nil {
		return out, err
	}
	defer m.release()
	if s := m.session; s != nil {
		out.Expiry, out.Scope, out.CanRefresh = s.Expiry, s.Scope, s.RefreshToken != ""
	}
	return out, nil
}

// CheckAppCredentials gets the app's client-credentials token (the cached
// one while it is valid: SoundCloud allows few a day), which proves the
// client id and secret without a login.
func (m *Manager) CheckAppCredentials(ctx context.Context) error {
	if err := m.acquire(ctx); err != nil {
		return err
	}
	defer m.release()
	if err := m.loadLocked(ctx); err != nil {
		return err
	}
	_, err := m.anonTokenLocked(ctx)
	return err
}
