// Package api is a typed client of SoundCloud's public API
// (https://api.soundcloud.com, spec in api/openapi.yaml),
// its OAuth host and oEmbed. It knows nothing of terminals or audio.
//
// Every call takes a context and answers typed values or an *Error. The
// client handles what the spec leaves out (see NOTES.md): cursor pagination
// through opaque next_href links (Next, All), bare-array answers, URN batching,
// redirects that carry meaning (Resolve, ResolveStream) instead of following
// them, retries of idempotent requests with backoff and Retry-After, a single
// token refresh on 401 through TokenSource, and uploads streamed from disk.
package api
