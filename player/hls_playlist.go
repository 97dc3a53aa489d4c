package player

import (
	"bufio"
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
}

// maxSegmentDuration bounds one #EXTINF. HLS segments last a few seconds
// (SoundCloud's about 10); an hour is generous, keeps a playlist's total
// far from overflowing time.Duration (16 MiB of playlist holds about 1.4
// million segments, 160 years at an hour each, under its 292), and bounds
// the silence that stands in for one lost segment.
const maxSegmentDuration = time.Hour

// hlsPlaylist is the part of an HLS playlist cirrus needs.
type hlsPlaylist struct {
	master    bool
	variants  []hlsVariant // master only
	mapURI    string       // EXT-X-MAP, absolute
	segments  []hlsSegment
	keyMethod string // EXT-X-KEY METHOD other than NONE
	keyFormat string
	total     time.Duration
}

type hlsVariant struct {
	uri       string
	bandwidth int
	codecs    string
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
			pendingVariant = &hlsVariant{bandwidth: bw, codecs: a["CODECS"]}
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			a := attrs(line[len("#EXT-X-MAP:"):])
			if a["URI"] != "" {
				if p.mapURI, err = abs(a["URI"]); err != nil {
					return nil, err
				}
			}
		case strings.HasPrefix(line, "#EXT-X-KEY:"):
			a := attrs(line[len("#EXT-X-KEY:"):])
			if m := strings.ToUpper(a["METHOD"]); m != "" && m != "NONE" {
				p.keyMethod, p.keyFormat = m, a["KEYFORMAT"]
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
			p.segments = append(p.segments, hlsSegment{uri: u, start: p.total, dur: pendingDur})
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
