package player

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// hlsSegment is one media segment with its place on the timeline.
type hlsSegment struct {
	uri   string // absolute
	start time.Duration
	dur   time.Duration
	rng   byteRange // EXT-X-BYTERANGE; whole resource when rng.n is 0
	mapIx int       // index into hlsPlaylist.maps, -1 without EXT-X-MAP
	disc  int       // EXT-X-DISCONTINUITY tags before this segment
	seq   int64     // media sequence number
	key   *hlsKey   // EXT-X-KEY METHOD=AES-128 in force, or nil
}

// hlsKey is an AES-128 key (RFC 8216 4.3.2.4): the whole segment is
// AES-128-CBC with PKCS#7 padding, under the key at uri and iv, or the
// segment's media sequence number when the tag gives no IV.
type hlsKey struct {
	uri   string // absolute
	iv    [16]byte
	hasIV bool
}

// maxKeys bounds the EXT-X-KEY tags of a playlist (each may cost a fetch).
const maxKeys = 1024

// byteRange is a sub-range of a resource: n bytes from off.
type byteRange struct{ off, n int64 }

// hlsMap is an EXT-X-MAP: the init segment for the segments after it.
type hlsMap struct {
	uri string // absolute
	rng byteRange
}

// maxByteOffset bounds an EXT-X-BYTERANGE offset (1 TiB): far past any
// audio file, and far from overflowing offset+length.
const maxByteOffset = 1 << 40

// Errors for HLS streams cirrus refuses to play, so callers can say why in
// plain words and try another stream.
var (
	// ErrLive: a live (or event) playlist, still growing: no
	// EXT-X-ENDLIST. cirrus plays whole tracks only.
	ErrLive = errors.New("live HLS stream (the playlist has no end)")
	// ErrUnsupported: the stream is in a form cirrus does not play (a
	// codec, an encryption that is not DRM, a host that ignores byte
	// ranges); another stream of the track may play.
	ErrUnsupported = errors.New("unsupported stream")
)

// maxSegmentDuration bounds one #EXTINF. HLS segments last a few seconds
// (SoundCloud's about 10); an hour is generous, keeps a playlist's total
// far from overflowing time.Duration (16 MiB of playlist holds about 1.4
// million segments, 160 years at an hour each, under its 292), and bounds
// the silence that stands in for one lost segment.
const maxSegmentDuration = time.Hour

// hlsPlaylist is the part of an HLS playlist cirrus needs.
type hlsPlaylist struct {
	master    bool
	variants  []hlsVariant   // master only
	audio     []hlsRendition // master only: EXT-X-MEDIA TYPE=AUDIO with a URI
	mapURI    string         // the first EXT-X-MAP, absolute
	maps      []hlsMap
	segments  []hlsSegment
	keyMethod string // EXT-X-KEY METHOD other than NONE
	keyFormat string
	endList   bool // EXT-X-ENDLIST: the playlist is complete
	keys      int  // AES-128 keys
	total     time.Duration
}

// maxMaps bounds the EXT-X-MAP tags of a playlist: one per discontinuity
// at most makes sense, and each may cost a fetch.
const maxMaps = 256

type hlsVariant struct {
	uri       string
	bandwidth int
	codecs    string
	audio     string // AUDIO: the GROUP-ID of its audio renditions
}

// hlsRendition is an audio rendition (EXT-X-MEDIA TYPE=AUDIO) of a master
// playlist: the audio of the variants naming its group, in a media
// playlist of its own (the variant's may then be video only).
type hlsRendition struct {
	group      string
	uri        string // absolute
	dflt       bool   // DEFAULT=YES
	autoselect bool   // AUTOSELECT=YES
}

// maxRenditions bounds the EXT-X-MEDIA tags of a master playlist.
const maxRenditions = 256

// audioFor is the media playlist that carries v's audio: the rendition of
// its audio group marked DEFAULT, else the first marked AUTOSELECT, else
// the group's first; the variant's own URI when it names no group or the
// group has no rendition with a URI (the audio is in the variant).
func (p *hlsPlaylist) audioFor(v hlsVariant) string {
	if v.audio == "" {
		return v.uri
	}
	var first, auto string
	for _, r := range p.audio {
		if r.group != v.audio {
			continue
		}
		if r.dflt {
			return r.uri
		}
		if first == "" {
			first = r.uri
		}
		if auto == "" && r.autoselect {
			auto = r.uri
		}
	}
	switch {
	case auto != "":
		return auto
	case first != "":
		return first
	}
	return v.uri
}

// parsePlaylist reads a master or media playlist; URIs are resolved against base.
func parsePlaylist(body []byte, base string) (*hlsPlaylist, error) {
	bu, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("playlist base URL: %w", err)
	}
	abs := func(s string) (string, error) {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil {
			return "", fmt.Errorf("playlist URI %q: %w", s, err)
		}
		return bu.ResolveReference(u).String(), nil
	}
	p := &hlsPlaylist{}
	sc := bufio.NewScanner(strings.NewReader(string(body)))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	first := true
	var pendingDur time.Duration
	var havePending bool
	var pendingVariant *hlsVariant
	var pendingRange *byteRange
	mapIx, disc := -1, 0
	var key *hlsKey
	var seq int64
	// the end of the previous segment's sub-range, for a BYTERANGE
	// without an offset (RFC 8216 4.3.2.2): it continues the same resource
	var prevURI string
	var prevEnd int64 = -1
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if first {
			if !strings.HasPrefix(line, "#EXTM3U") {
				return nil, fmt.Errorf("not an HLS playlist (no #EXTM3U)")
			}
			first = false
			continue
		}
		switch {
		case strings.HasPrefix(line, "#EXT-X-STREAM-INF:"):
			p.master = true
			a := attrs(line[len("#EXT-X-STREAM-INF:"):])
			bw, _ := strconv.Atoi(a["BANDWIDTH"])
			pendingVariant = &hlsVariant{bandwidth: bw, codecs: a["CODECS"], audio: a["AUDIO"]}
		case strings.HasPrefix(line, "#EXT-X-MEDIA:"):
			a := attrs(line[len("#EXT-X-MEDIA:"):])
			if a["TYPE"] != "AUDIO" || a["URI"] == "" {
				continue // other media, or audio inside the variants
			}
			u, err := abs(a["URI"])
			if err != nil {
				return nil, err
			}
			if len(p.audio) >= maxRenditions {
				return nil, fmt.Errorf("more than %d EXT-X-MEDIA tags", maxRenditions)
			}
			p.audio = append(p.audio, hlsRendition{group: a["GROUP-ID"], uri: u, dflt: a["DEFAULT"] == "YES", autoselect: a["AUTOSELECT"] == "YES"})
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			a := attrs(line[len("#EXT-X-MAP:"):])
			if a["URI"] == "" {
				return nil, fmt.Errorf("EXT-X-MAP without URI")
			}
			u, err := abs(a["URI"])
			if err != nil {
				return nil, err
			}
			m := hlsMap{uri: u}
			if br, ok := a["BYTERANGE"]; ok {
				// A map's range always names its offset; 0 when absent.
				if m.rng, err = parseByteRange(br, 0); err != nil {
					return nil, fmt.Errorf("EXT-X-MAP: %w", err)
				}
			}
			if len(p.maps) >= maxMaps {
				return nil, fmt.Errorf("more than %d EXT-X-MAP tags", maxMaps)
			}
			p.maps = append(p.maps, m)
			mapIx = len(p.maps) - 1
			if p.mapURI == "" {
				p.mapURI = u
			}
		case strings.HasPrefix(line, "#EXT-X-BYTERANGE:"):
			r, err := parseByteRange(line[len("#EXT-X-BYTERANGE:"):], -1)
			if err != nil {
				return nil, err
			}
			pendingRange = &r
		case line == "#EXT-X-DISCONTINUITY":
			disc++
		case line == "#EXT-X-ENDLIST":
			p.endList = true
		case strings.HasPrefix(line, "#EXT-X-MEDIA-SEQUENCE:"):
			n, err := strconv.ParseInt(strings.TrimSpace(line[len("#EXT-X-MEDIA-SEQUENCE:"):]), 10, 64)
			if err != nil || n < 0 || n > 1<<40 {
				return nil, fmt.Errorf("bad EXT-X-MEDIA-SEQUENCE %q", sanitize(truncate(line, 60)))
			}
			seq = n
		case strings.HasPrefix(line, "#EXT-X-KEY:"):
			a := attrs(line[len("#EXT-X-KEY:"):])
			m, kf := strings.ToUpper(a["METHOD"]), a["KEYFORMAT"]
			switch {
			case m == "" || m == "NONE":
				key = nil
			case m == "AES-128" && (kf == "" || kf == "identity"):
				if key, err = parseAESKey(a, abs); err != nil {
					return nil, err
				}
				if p.keys++; p.keys > maxKeys {
					return nil, fmt.Errorf("more than %d EXT-X-KEY tags", maxKeys)
				}
			default:
				// SAMPLE-AES, and any key system: DRM
				p.keyMethod, p.keyFormat = m, kf
			}
		case strings.HasPrefix(line, "#EXTINF:"):
			v := line[len("#EXTINF:"):]
			if i := strings.IndexByte(v, ','); i >= 0 {
				v = v[:i]
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			// NaN and ±Inf parse; NaN fails every comparison, so test
			// for the range that is right rather than what is wrong.
			if err != nil || !(f >= 0 && f <= maxSegmentDuration.Seconds()) {
				return nil, fmt.Errorf("bad EXTINF %q: want a duration from 0 to %v", sanitize(truncate(line, 60)), maxSegmentDuration)
			}
			pendingDur, havePending = time.Duration(f*float64(time.Second)), true
		case strings.HasPrefix(line, "#"):
			// other tags and comments
		default:
			u, err := abs(line)
			if err != nil {
				return nil, err
			}
			if pendingVariant != nil {
				pendingVariant.uri = u
				p.variants = append(p.variants, *pendingVariant)
				pendingVariant = nil
				continue
			}
			if !havePending {
				return nil, fmt.Errorf("segment %q without EXTINF", line)
			}
			seg := hlsSegment{uri: u, start: p.total, dur: pendingDur, mapIx: mapIx, disc: disc, seq: seq, key: key}
			seq++
			if pendingRange != nil {
				seg.rng = *pendingRange
				if seg.rng.off < 0 {
					if prevURI != u || prevEnd < 0 {
						return nil, fmt.Errorf("EXT-X-BYTERANGE without an offset does not follow a range of the same resource")
					}
					seg.rng.off = prevEnd
				}
				if seg.rng.off > maxByteOffset {
					return nil, fmt.Errorf("EXT-X-BYTERANGE offset %d past %d", seg.rng.off, int64(maxByteOffset))
				}
				prevURI, prevEnd = u, seg.rng.off+seg.rng.n
				pendingRange = nil
			} else {
				prevURI, prevEnd = "", -1
			}
			p.segments = append(p.segments, seg)
			p.total += pendingDur
			havePending = false
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read playlist: %w", err)
	}
	if first {
		return nil, fmt.Errorf("empty playlist")
	}
	if p.master && len(p.segments) > 0 {
		return nil, fmt.Errorf("playlist is both a master playlist (EXT-X-STREAM-INF) and a media playlist (EXTINF)")
	}
	if p.master && len(p.variants) == 0 {
		return nil, fmt.Errorf("master playlist without variants")
	}
	if !p.master && len(p.segments) == 0 {
		return nil, fmt.Errorf("media playlist without segments")
	}
	return p, nil
}

// parseAESKey reads an EXT-X-KEY METHOD=AES-128's URI and IV.
func parseAESKey(a map[string]string, abs func(string) (string, error)) (*hlsKey, error) {
	if a["URI"] == "" {
		return nil, fmt.Errorf("EXT-X-KEY METHOD=AES-128 without URI")
	}
	u, err := abs(a["URI"])
	if err != nil {
		return nil, err
	}
	k := &hlsKey{uri: u}
	if iv, ok := a["IV"]; ok {
		h := strings.TrimPrefix(strings.TrimPrefix(iv, "0x"), "0X")
		b, err := hex.DecodeString(h)
		if err != nil || len(b) == 0 || len(b) > 16 {
			return nil, fmt.Errorf("bad EXT-X-KEY IV %q: want 128 bits in hexadecimal", sanitize(truncate(iv, 40)))
		}
		copy(k.iv[16-len(b):], b)
		k.hasIV = true
	}
	return k, nil
}

// parseByteRange reads "n[@o]" (EXT-X-BYTERANGE, or EXT-X-MAP's BYTERANGE
// attribute); without "@o" the offset is def. The length is bounded by
// maxSegmentBytes, the offset by maxByteOffset.
func parseByteRange(s string, def int64) (byteRange, error) {
	s = strings.TrimSpace(s)
	ns, os, hasOff := strings.Cut(s, "@")
	n, err := strconv.ParseInt(ns, 10, 64)
	if err != nil || n <= 0 || n > maxSegmentBytes {
		return byteRange{}, fmt.Errorf("bad byte range %q: want a length from 1 to %d", sanitize(truncate(s, 40)), maxSegmentBytes)
	}
	r := byteRange{off: def, n: n}
	if hasOff {
		o, err := strconv.ParseInt(os, 10, 64)
		if err != nil || o < 0 || o > maxByteOffset {
			return byteRange{}, fmt.Errorf("bad byte range offset %q", sanitize(truncate(s, 40)))
		}
		r.off = o
	}
	return r, nil
}

// attrs parses an HLS attribute list: KEY=VALUE,KEY="quoted, value".
func attrs(s string) map[string]string {
	m := map[string]string{}
	for len(s) > 0 {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		k := strings.TrimSpace(s[:eq])
		s = s[eq+1:]
		var v string
		if strings.HasPrefix(s, `"`) {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				v, s = s[1:], ""
			} else {
				v, s = s[1:end+1], s[end+2:]
			}
			if i := strings.IndexByte(s, ','); i >= 0 {
				s = s[i+1:]
			} else {
				s = ""
			}
		} else if i := strings.IndexByte(s, ','); i >= 0 {
			v, s = s[:i], s[i+1:]
		} else {
			v, s = s, ""
		}
		m[strings.ToUpper(k)] = v
	}
	return m
}

// segmentAt finds the segment holding t (the last one when t is past the
// end, the first one before the start). A media playlist has segments.
func (p *hlsPlaylist) segmentAt(t time.Duration) int {
	for i, s := range p.segments {
		if t < s.start+s.dur {
			return i
		}
	}
	return max(len(p.segments)-1, 0)
}

// truncate shortens s to at most n bytes for a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
