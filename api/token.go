package api

import "context"

// TokenSource supplies the access token for the Authorization header. auth/
// implements it. Invalidate is called once when the API answers 401 with the
// token that was sent; the next Token call should refresh. Concurrent callers
// must collapse into one refresh.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
	Invalidate(ctx context.Context, stale string)
}

// StaticToken is a TokenSource for a fixed token (tests, scripts).
type StaticToken string

func (s StaticToken) Token(context.Context) (string, error) { return string(s), nil }
func (s StaticToken) Invalidate(context.Context, string)    {}
