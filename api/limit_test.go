package api

import (
	"context"
	"testing"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// What a track's JSON says about playing it, read from the double before
// any stream is asked for: the Go+ track is DRM, the others as their
// access says; nothing is counted as a play.
func TestTrackLimitFromTheDouble(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	for id, want := range map[int64]Limit{
		fake.TestTonesTrackID: LimitNone,
		fake.DRMTrackID:       LimitDRM,
		fake.BlockedTrackID:   LimitBlocked,
		fake.PreviewTrackID:   LimitPreview,
	} {
		tr, err := c.Track(context.Background(), NewURN(KindTrack, id))
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.Limit(); got != want {
			t.Errorf("track %d (%q, access %s, policy %s, model %s): %v, want %v", id, tr.Title, tr.Access, tr.Policy, tr.MonetizationModel, got, want)
		}
	}
	if p := srv.Stats().Plays; p != 0 {
		t.Errorf("%d plays counted", p)
	}
	for _, c := range []struct {
		t    Track
		want Limit
	}{
		{Track{Access: AccessPlayable, Policy: "ALLOW", MonetizationModel: "NOT_APPLICABLE"}, LimitNone},
		{Track{Access: AccessPlayable, Policy: PolicySnip}, LimitPreview},
		{Track{Policy: PolicyBlock, MonetizationModel: MonetizationGoPlus}, LimitBlocked},
		{Track{Access: AccessPreview, MonetizationModel: MonetizationGoPlus}, LimitPreview},
		{Track{Access: AccessPlayable, Policy: "MONETIZE", MonetizationModel: MonetizationGoPlus}, LimitDRM},
	} {
		if got := c.t.Limit(); got != c.want {
			t.Errorf("%+v: %v, want %v", c.t, got, c.want)
		}
	}
}
