package api

import (
	"context"
	"net/http"
	"net/url"
)

// AuthorizeURL is the page the user signs in on: authorization code flow
// with PKCE (S256) and state, as SoundCloud requires since 2024.
func (c *Client) AuthorizeURL(redirectURI, state, codeChallenge string) string {
	q := url.Values{}
	q.Set("client_id", c.opts.ClientID)
	q.Set("redirect_uri", redirectURI)
	q.Set("response_type", "code")
	q.Set("code_challenge", codeChallenge)
	q.Set("code_challenge_method", "S256")
	if state != "" {
		q.Set("state", state)
	}
	return c.opts.AuthURL + "/authorize?" + q.Encode()
}

// ExchangeToken posts form to <AuthURL>/oauth/token. With basicAuth the
// client id and secret go in an HTTP Basic header (client_credentials must,
// credentials in the body get 401 invalid_client); otherwise they are added
// to the form when missing. Never retried except when the request provably
// did not leave: refresh tokens are single use.
func (c *Client) ExchangeToken(ctx context.Context, form url.Values, basicAuth bool) (*Token, error) {
	const op = "POST /oauth/token"
	f := url.Values{}
	for k, v := range form {
		f[k] = append([]string(nil), v...)
	}
	if basicAuth {
		f.Del("client_id")
		f.Del("client_secret")
	} else {
		if f.Get("client_id") == "" && c.opts.ClientID != "" {
			f.Set("client_id", c.opts.ClientID)
		}
		if f.Get("client_secret") == "" && c.opts.ClientSecret != "" {
			f.Set("client_secret", c.opts.ClientSecret)
		}
	}
	r := newRequest(http.MethodPost, op, c.opts.AuthURL+"/oauth/token")
	r.body = []byte(f.Encode())
	r.ctype = "application/x-www-form-urlencoded"
	r.accept = "application/json; charset=utf-8"
	r.noAuth = true
	r.basicAuth = basicAuth
	r.redactToken = f.Get("refresh_token")
	var t Token
	if err := c.exec(ctx, r, decodeInto(op, &t)); err != nil {
		return nil, err
	}
	return &t, nil
}

// ExchangeCode trades an authorization code and its PKCE verifier for tokens.
func (c *Client) ExchangeCode(ctx context.Context, code, verifier, redirectURI string) (*Token, error) {
	return c.ExchangeToken(ctx, url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"code_verifier": {verifier},
		"redirect_uri":  {redirectURI},
	}, false)
}

// RefreshToken trades a refresh token for a new pair. The old refresh token
// is dead once this succeeds: persist the new pair before using it.
func (c *Client) RefreshToken(ctx context.Context, refreshToken, redirectURI string) (*Token, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	if redirectURI != "" {
		form.Set("redirect_uri", redirectURI)
	}
	return c.ExchangeToken(ctx, form, false)
}

// ClientCredentials gets an app token (no user) with HTTP Basic. SoundCloud
// allows few of these per app and IP: cache and reuse it.
func (c *Client) ClientCredentials(ctx context.Context) (*Token, error) {
	return c.ExchangeToken(ctx, url.Values{"grant_type": {"client_credentials"}}, true)
}

// SignOut invalidates a session's token (POST <AuthURL>/sign-out).
func (c *Client) SignOut(ctx context.Context, accessToken string) error {
	const op = "POST /sign-out"
	r, err := newRequest(http.MethodPost, op, c.opts.AuthURL+"/sign-out").withJSON(map[string]string{"access_token": accessToken})
	if err != nil {
		return err
	}
	r.noAuth = true
	r.redactToken = accessToken
	return c.exec(ctx, r, nil)
}
