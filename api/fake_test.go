package api

// The client against the real fake over loopback HTTP.

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

func reflectClient() reflect.Type { return reflect.TypeFor[*Client]() }

// newFakeClient starts a fake and a client signed in as the demo user, with
// backoff shrunk to milliseconds.
func newFakeClient(t *testing.T, o Options) (*fake.Server, *Client) {
	t.Helper()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	o.BaseURL, o.AuthURL, o.WebURL = srv.URL(), srv.AuthURL(), srv.WebURL()
	o.ClientID, o.ClientSecret = fake.DemoClientID, fake.DemoClientSecret
	if o.Tokens == nil {
		access, _ := srv.IssueToken(fake.DemoUserPermalink)
		o.Tokens = StaticToken(access)
	}
	if o.RetryBase == 0 {
		o.RetryBase = time.Millisecond
	}
	if o.RetryMaxDelay == 0 {
		o.RetryMaxDelay = 5 * time.Millisecond
	}
	return srv, New(o)
}

var _ = context.Background
