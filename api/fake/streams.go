package fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

// Streaming as SoundCloud does it since late 2025: /streams lists redirector
// URLs on the API host; each needs the auth header and answers 302 to a
// signed CDN URL that expires. The CDN refuses an expired or forged URL
// with 403.

// stream kinds, the last path element of a redirector URL.
const (
	kindHLS     = "hls"
	kindHTTP    = "http"
	kindPreview = "preview"
)

// streamFormats are the /streams keys in order, with their kind.
var streamFormats = []struct {
	key, format, kind string
}{
	{"hls_aac_160_url", string(media.FormatHLSAAC160), kindHLS},
	{"hls_aac_96_url", string(media.FormatHLSAAC96), kindHLS},
	{"hls_mp3_128_url", string(media.FormatHLSMP3), kindHLS},
	{"http_mp3_128_url", "http_mp3_128", kindHTTP},
	{"preview_mp3_128_url", "preview_mp3_128", kindPreview},
}

// shape is which streams a track was transcoded to, as SoundCloud's
// catalogue is in 2026 (NOTES.md, "Streaming"). The zero value is a new
// upload: AAC 160 HLS only.
type shape uint8

const (
	shapeAAC96   shape = 1 << iota // also hls_aac_96 (announced, rarely exposed)
	shapeMP3HLS                    // hls_mp3_128: older uploads never re-encoded
	shapeHTTP                      // http_mp3_128: the legacy progressive MP3, a 30 s snippet
	shapeNoAAC                     // no hls_aac_160: an older upload with MP3 HLS only
	shapeOldMP3  = shapeMP3HLS | shapeHTTP | shapeNoAAC
	shapeBoth    = shapeMP3HLS | shapeHTTP // re-encoded, the MP3 kept
	shapeSnippet = shapeHTTP               // AAC 160 plus the snippet
)

// formatsFor lists the formats a track offers its caller; s.mu held.
func (s *Server) formatsFor(t *track) map[string]bool {
	m := map[string]bool{}
	access := s.accessOf(t)
	switch {
	case access == "blocked" || !t.streamable:
	case access == "preview":
		m["preview_mp3_128"] = true
	case t.drm():
		m[string(media.FormatHLSAAC160)] = true
		m[string(media.FormatHLSAAC96)] = true
	default:
		m[string(media.FormatHLSAAC160)] = t.shape&shapeNoAAC == 0
		m[string(media.FormatHLSAAC96)] = t.shape&shapeAAC96 != 0 && t.shape&shapeNoAAC == 0
		m[string(media.FormatHLSMP3)] = t.shape&shapeMP3HLS != 0
		m["http_mp3_128"] = t.shape&shapeHTTP != 0
		m["preview_mp3_128"] = true
	}
	return m
}

// accessOf is the access the app sees for t: the track's own, or, for an
// app without a paid plan (Faults.LimitedApp), "preview" or "blocked" for
// about a quarter of the catalogue, as third-party apps see a typical
// user's likes in 2026 (soundcloud/api #573, #577). s.mu held.
func (s *Server) accessOf(t *track) string {
	if !s.faults.LimitedApp || t.access != "playable" || t.id%4 != 3 {
		return t.access
	}
	if (t.id/4)%2 == 0 {
		return "preview"
	}
	return "blocked"
}

// streamUUID is the redirector id of (track, format): derived, not stored.
func (s *Server) streamUUID(trackID int64, format string) string {
	m := hmac.New(sha256.New, s.secret)
	fmt.Fprintf(m, "stream|%d|%s", trackID, format)
	h := hex.EncodeToString(m.Sum(nil))
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

func (s *Server) sign(path string, exp time.Time) string {
	m := hmac.New(sha256.New, s.secret)
	fmt.Fprintf(m, "%s|%d", path, exp.Unix())
	q := url.Values{}
	q.Set("Expires", strconv.FormatInt(exp.Unix(), 10))
	q.Set("Signature", hex.EncodeToString(m.Sum(nil)))
	q.Set("Key-Pair-Id", "APKAFAKECIRRUS")
	return s.CDNURL() + path + "?" + q.Encode()
}

// signedURLExpiry is when a URL signed now dies; called with s.mu held.
func (s *Server) signedURLExpiry() time.Time {
	ttl := s.opts.SignedURLTTL
	if s.faults.ExpireSignedURLsAfter > 0 {
		ttl = s.faults.ExpireSignedURLsAfter
	}
	return s.now().Add(ttl)
}

// verify checks a CDN request's signature and expiry.
func (s *Server) verify(r *http.Request) (bool, string) {
	q := r.URL.Query()
	exp, err := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if err != nil {
		return false, "missing Expires"
	}
	m := hmac.New(sha256.New, s.secret)
	fmt.Fprintf(m, "%s|%d", r.URL.Path, exp)
	sig, err := hex.DecodeString(q.Get("Signature"))
	if err != nil || !hmac.Equal(sig, m.Sum(nil)) {
		return false, "invalid signature"
	}
	s.mu.Lock()
	now := s.now()
	s.mu.Unlock()
	if !now.Before(time.Unix(exp, 0)) {
		return false, "request has expired"
	}
	return true, ""
}

// mediaPath is the CDN path of a format's entry point.
func mediaPath(trackID int64, format string) string {
	switch format {
	case "http_mp3_128":
		return fmt.Sprintf("/media/%d/http_mp3_128/stream.mp3", trackID)
	case "preview_mp3_128":
		return fmt.Sprintf("/media/%d/preview_mp3_128/preview.mp3", trackID)
	case "download":
		return fmt.Sprintf("/media/%d/download/original.mp3", trackID)
	default:
		return fmt.Sprintf("/media/%d/%s/playlist.m3u8", trackID, format)
	}
}

// quotaExceeded answers the plays 429 when PlayQuota is used up within
// the rolling 24 h window that began with the first counted play. s.mu held.
func (s *Server) quotaExceeded() *resp {
	q := s.faults.PlayQuota
	if q <= 0 {
		return nil
	}
	if !s.st.playsWindowStart.IsZero() && !s.now().Before(s.st.playsWindowStart.Add(24*time.Hour)) {
		s.st.playsWindowStart, s.st.quotaPlays = time.Time{}, 0
	}
	if s.st.quotaPlays < q {
		return nil
	}
	reset := s.st.playsWindowStart.Add(24 * time.Hour)
	return &resp{code: http.StatusTooManyRequests, plays: &reset}
}

// play counts a stream resolution. s.mu held.
func (s *Server) play(t *track, caller int64) {
	if s.st.playsWindowStart.IsZero() {
		s.st.playsWindowStart = s.now()
	}
	s.st.quotaPlays++
	s.stats.Plays++
	t.plays++
	if caller != 0 {
		rec := []int64{t.id}
		for _, id := range s.st.recent[caller] {
			if id != t.id && len(rec) < 25 {
				rec = append(rec, id)
			}
		}
		s.st.recent[caller] = rec
	}
}

func (s *Server) notStreamable(t *track) resp {
	if s.accessOf(t) == "blocked" {
		return errResp(http.StatusForbidden, "this track is blocked (access: blocked): only its metadata is available")
	}
	return errResp(http.StatusNotFound, "this track has no such stream")
}

type jsonStreams struct {
	HLSAAC160 string `json:"hls_aac_160_url,omitempty"`
	HLSAAC96  string `json:"hls_aac_96_url,omitempty"`
	HLSMP3    string `json:"hls_mp3_128_url,omitempty"`
	HTTPMP3   string `json:"http_mp3_128_url,omitempty"`
	Preview   string `json:"preview_mp3_128_url,omitempty"`
}

func (s *Server) streams(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		fs := s.formatsFor(t)
		if len(fs) == 0 {
			return s.notStreamable(t)
		}
		if q := s.quotaExceeded(); q != nil {
			return *q
		}
		urn := urnOf("tracks", t.id)
		var out jsonStreams
		dst := map[string]*string{"hls_aac_160_url": &out.HLSAAC160, "hls_aac_96_url": &out.HLSAAC96,
			"hls_mp3_128_url": &out.HLSMP3, "http_mp3_128_url": &out.HTTPMP3, "preview_mp3_128_url": &out.Preview}
		for _, f := range streamFormats {
			if fs[f.format] {
				*dst[f.key] = s.URL() + "/tracks/" + urn + "/streams/" + s.streamUUID(t.id, f.format) + "/" + f.kind
			}
		}
		return success(out)
	})
}

func (s *Server) redirector(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		uuid, kind := r.PathValue("uuid"), r.PathValue("kind")
		format := ""
		for _, f := range streamFormats {
			if f.kind == kind && s.streamUUID(t.id, f.format) == uuid {
				format = f.format
			}
		}
		if format == "" {
			return errResp(http.StatusNotFound, "unknown stream")
		}
		if !s.formatsFor(t)[format] {
			return s.notStreamable(t)
		}
		if q := s.quotaExceeded(); q != nil {
			return *q
		}
		s.play(t, callerOf(r).userID)
		return found(s.sign(mediaPath(t.id, format), s.signedURLExpiry()))
	})
}

// preview answers 302 to the 30 s preview MP3.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		if !s.formatsFor(t)["preview_mp3_128"] {
			return s.notStreamable(t)
		}
		if q := s.quotaExceeded(); q != nil {
			return *q
		}
		s.play(t, callerOf(r).userID)
		return found(s.sign(mediaPath(t.id, "preview_mp3_128"), s.signedURLExpiry()))
	})
}

// legacyStream is /tracks/{urn}/stream: a 30 s snippet only, since 2026.
func (s *Server) legacyStream(w http.ResponseWriter, r *http.Request) { s.preview(w, r) }

// download answers 302 to the full MP3 for downloadable tracks.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		if !t.downloadable || s.accessOf(t) != "playable" || t.drm() {
			return errResp(http.StatusNotFound, "this track is not downloadable")
		}
		return found(s.sign(mediaPath(t.id, "download"), s.signedURLExpiry()))
	})
}
