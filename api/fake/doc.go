// Package fake is an in-process SoundCloud: the public API, the OAuth host,
// a signed-URL media CDN and the soundcloud.com pages that oEmbed and
// /resolve know, all on real loopback listeners and seeded with a
// deterministic demo catalogue (see catalogue.go for the stable ids).
//
// It speaks JSON from its own structs and never imports package api, so the
// client and the double are each checked against the official spec
// (conformance_test.go) rather than agreeing on each other's mistakes.
//
// Behaviour follows NOTES.md in this folder (a copy of the notes that
// accompany the spec). Where the real
// service is undocumented the fake chooses, and clients may rely on it:
//
//   - Auth: "Authorization: OAuth <token>" or "Bearer <token>"; a token in
//     the query string is refused (401). Client-credentials tokens read public
//     resources; /me/* and every write answer 401 for them.
//   - Pagination: limit 1..200, default 50; above 200 is clamped to 200, below
//     1 or not a number is 400. next_href keeps the caller's query, adds an
//     opaque cursor and is absent on the last page. Without
//     linked_partitioning=true, endpoints whose spec response allows a bare
//     array (tracks and playlists lists) return one; user lists, comments and
//     feeds are always objects; /me/followings/tracks is always an array.
//     Feeds add future_href (…&since=<ms of the newest item>).
//   - /tracks?urns= takes at most 50 URNs (400 above); the access filter only
//     applies to a urns lookup when access is given explicitly.
//   - Writes: like/unlike and follow/unfollow are idempotent (200 again; a new
//     follow is 201 with the user, following yourself 422); un-reposting what
//     was not reposted is 404; editing or deleting another user's track or
//     playlist is 403; PUT /playlists replaces the track list only when
//     "tracks" is sent; unknown tracks in it are 404; more than 1000 is 422.
//     Upload: multipart only, parts streamed and counted, asset over 500 MB
//     (Options.MaxUploadBytes) is 422, missing title or asset 400.
//   - Streams: playable tracks offer all five URLs, preview tracks only
//     preview_mp3_128_url, the Go+ DRM track only the two (SAMPLE-AES) AAC
//     HLS URLs, blocked tracks answer 403 with a message. Redirector ids are
//     derived from (track, format), so they are stable for a server's life.
//     A play is counted when a redirector, /preview or /stream resolves;
//     PlayQuota refuses /streams and redirectors with the plays 429 (no
//     Retry-After, reset_time 24 h after the first play). Fault-injected
//     429s carry Retry-After: 1.
//   - /resolve: users and on.soundcloud.com short links resolve to numeric
//     ids (as SoundCloud still does in places, #403), tracks and playlists to
//     URNs; a private track's secret link resolves with ?secret_token=.
//   - Refresh tokens are single use; the access token they were issued with
//     stays valid until it expires. Sign-out revokes the access token and its
//     refresh token and answers 200 whether or not the token was known.
//   - Client-credentials tokens: 50 per 12 h per app and 30 per hour per
//     client IP address (NOTES.md); either cap answers 429 rate_limited with
//     a description naming which.
//   - Optional fields with no value are null, not omitted, where the spec's
//     own Track, User or Playlist example shows that field as null (isrc,
//     label_name, purchase_url, release, secret_uri, bpm, description,
//     discogs_name, website, ...); conformance_test.go reads the spec that
//     way. Other text fields with no value (city, artwork_url, ...) are
//     omitted: the spec neither types them nullable nor shows them null.
//   - Playlists: track_count counts every track a playlist holds; its tracks
//     listing and tracks array leave out those the caller may not see
//     (another user's private track, a removed one; blocked ones unless
//     access asks for them), as soundcloud/api #449 shows. NOTES.md,
//     "Playlists", has the sources; MakeUnavailable hides a track in tests.
//   - access: on the 18 operations whose spec defines it, a value outside the
//     enumeration (playable, preview, blocked; case-sensitive) is 400 naming
//     it; empty items are ignored. Elsewhere access is ignored.
//
// Choices that remain where the spec and NOTES.md are silent: only
// linked_partitioning "true" or "1" selects the paged object (anything else,
// "yes" included, is read as absent, so lists that allow it answer a bare
// array); limit above 200 is clamped rather than refused; a playlist holds at
// most 1000 tracks; unknown query parameters are ignored.
package fake
