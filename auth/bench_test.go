package auth

import (
	"context"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// BenchmarkTokenFresh is the cost every API call pays when no refresh is due.
func BenchmarkTokenFresh(b *testing.B) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	m, err := New(context.Background(), Options{ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret,
		AuthURL: srv.AuthURL(), StateDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	access, refresh := srv.IssueToken(fake.DemoUserPermalink)
	now := time.Now()
	if err := m.saveSession(context.Background(), &storedToken{AccessToken: access, RefreshToken: refresh,
		IssuedAt: now, Expiry: now.Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := m.Token(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveTokens is one atomic, fsynced write of the token file: the
// price of a refresh on top of the network round trip.
func BenchmarkSaveTokens(b *testing.B) {
	s := &store{dir: b.TempDir()}
	s.backend = fileBackend{dir: s.dir}
	st := &stored{Version: 1, Sessions: map[string]*storedToken{"k": {AccessToken: "a", RefreshToken: "r"}}}
	ctx := context.Background()
	for b.Loop() {
		if err := s.save(ctx, st); err != nil {
			b.Fatal(err)
		}
	}
}
