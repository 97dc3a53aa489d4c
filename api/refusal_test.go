package api

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// An app refusal is recognised from the real 403 body over loopback, and
// told apart from a track's own 403.
func TestAppRefusalFromTheDouble(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	tones := NewURN(KindTrack, fake.TestTonesTrackID)

	// a blocked track's 403 is not the app's
	_, err := c.Streams(ctx, NewURN(KindTrack, fake.BlockedTrackID))
	if !IsForbidden(err) || errors.Is(err, ErrAppNotEntitled) {
		t.Fatalf("blocked track: %v; want a 403 that is not an app refusal", err)
	}
	if _, ok := AppRefusal(err); ok {
		t.Fatal("AppRefusal took a blocked track for an app refusal")
	}

	srv.SetFaults(fake.Faults{LimitedApp: true})
	_, err = c.Streams(ctx, tones)
	if !errors.Is(err, ErrAppNotEntitled) {
		t.Fatalf("streams of a limited app: %v, want ErrAppNotEntitled", err)
	}
	if k, ok := AppRefusal(err); !ok || k != RefusedStreams || !strings.Contains(k.Sentence(), "stream full tracks") {
		t.Fatalf("streams refusal: %v %v %q", k, ok, k.Sentence())
	}
	for name, write := range map[string]func() error{
		"like":    func() error { return c.LikeTrack(ctx, tones) },
		"follow":  func() error { return c.Follow(ctx, NewURN(KindUser, 13)) },
		"repost":  func() error { return c.RepostTrack(ctx, tones) },
		"comment": func() error { _, err := c.PostComment(ctx, tones, "hi", 0); return err },
	} {
		err := write()
		if k, ok := AppRefusal(fmtWrap(err)); !ok || k != RefusedWrites {
			t.Errorf("%s: %v, want a write refusal", name, err)
		}
	}
	// the preview stays
	if _, err := c.PreviewURL(ctx, tones); err != nil {
		t.Errorf("preview of a limited app: %v", err)
	}
}

func fmtWrap(err error) error {
	if err == nil {
		return nil
	}
	return errors.Join(errors.New("wrapped"), err)
}
