package remote

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// Controller is the part of *player.Player that remote control drives.
type Controller interface {
	Status() player.Status
	Play()
	Pause()
	Toggle()
	Stop()
	Next()
	Previous()
	Seek(to time.Duration)
	SeekBy(delta time.Duration)
	SetVolume(v float64)
	SetShuffle(on bool)
	SetRepeat(r player.Repeat)
	Enqueue(tracks ...api.Track)
	PlayNext(tracks ...api.Track)
	ClearQueue()
	Queue() []api.Track
}

var _ Controller = (*player.Player)(nil)

// Library is the part of *api.Client that queue and like commands need.
type Library interface {
	Resolve(ctx context.Context, pageURL string) (api.URN, error)
	Track(ctx context.Context, urn api.URN) (*api.Track, error)
	PlaylistTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error)
	LikeTrack(ctx context.Context, urn api.URN) error
	UnlikeTrack(ctx context.Context, urn api.URN) error
}

var _ Library = (*api.Client)(nil)

// PlayerHandler serves the `cirrus ctl` commands for one player.
type PlayerHandler struct {
	P   Controller
	API Library
	// Client, when set, is used to page through playlists (api.All needs the
	// concrete client); without it only the first page of a playlist is queued.
	Client *api.Client
}

// NewPlayerHandler builds the handler a running cirrus serves on its socket.
func NewPlayerHandler(p Controller, c *api.Client) *PlayerHandler {
	return &PlayerHandler{P: p, API: c, Client: c}
}

// Commands lists what PlayerHandler understands, for help texts.
var Commands = []string{"status", "play", "pause", "toggle", "stop", "next", "previous",
	"seek", "volume", "shuffle", "repeat", "queue", "like", "unlike"}

// Handle runs one command.
func (h *PlayerHandler) Handle(ctx context.Context, req Request) Response {
	p := h.P
	switch req.Cmd {
	case "status":
		return h.ok("")
	case "play":
		p.Play()
	case "pause":
		p.Pause()
	case "toggle":
		p.Toggle()
	case "stop":
		p.Stop()
	case "next":
		p.Next()
	case "previous", "prev":
		p.Previous()
	case "seek":
		if len(req.Args) != 1 {
			return usage("seek needs one position: 1:23, 83, +10s or -10")
		}
		to, rel, err := ParseSeek(req.Args[0])
		if err != nil {
			return usage(err.Error())
		}
		if rel {
			p.SeekBy(to)
		} else {
			p.Seek(to)
		}
	case "volume":
		if len(req.Args) == 0 {
			return h.ok("")
		}
		if len(req.Args) != 1 {
			return usage("volume takes one value: 0-100, +N or -N")
		}
		v, err := ParseVolume(req.Args[0], p.Status().Volume)
		if err != nil {
			return usage(err.Error())
		}
		p.SetVolume(v)
	case "shuffle":
		on, err := parseOnOff(req.Args, p.Status().Shuffle)
		if err != nil {
			return usage(err.Error())
		}
		p.SetShuffle(on)
	case "repeat":
		if len(req.Args) != 1 {
			return usage("repeat takes off, one or all")
		}
		r, ok := map[string]player.Repeat{"off": player.RepeatOff, "one": player.RepeatOne, "all": player.RepeatAll}[req.Args[0]]
		if !ok {
			return usage(fmt.Sprintf("repeat: %q is not off, one or all", req.Args[0]))
		}
		p.SetRepeat(r)
	case "queue":
		return h.queue(ctx, req.Args)
	case "like", "unlike":
		st := p.Status()
		if st.Track == nil {
			return Response{Code: CodeUsage, Error: "nothing is playing"}
		}
		f := h.API.LikeTrack
		if req.Cmd == "unlike" {
			f = h.API.UnlikeTrack
		}
		if err := f(ctx, st.Track.URN); err != nil {
			return fail(fmt.Errorf("%s %s: %w", req.Cmd, st.Track.URN, err))
		}
		return h.ok(req.Cmd + "d " + st.Track.Title)
	default:
		return usage(fmt.Sprintf("unknown command %q (known: %s)", req.Cmd, strings.Join(Commands, ", ")))
	}
	return h.ok("")
}

func (h *PlayerHandler) queue(ctx context.Context, args []string) Response {
	if len(args) == 0 {
		args = []string{"list"}
	}
	switch args[0] {
	case "list":
		q := h.P.Queue()
		r := h.ok("")
		r.Queue = make([]Track, 0, len(q))
		for i := range q {
			r.Queue = append(r.Queue, trackOf(&q[i]))
		}
		return r
	case "clear":
		h.P.ClearQueue()
		return h.ok("queue cleared")
	case "add", "next":
		if len(args) < 2 {
			return usage("queue " + args[0] + " needs at least one URL or URN")
		}
		var tracks []api.Track
		for _, ref := range args[1:] {
			ts, err := h.Lookup(ctx, ref)
			if err != nil {
				return fail(err)
			}
			tracks = append(tracks, ts...)
		}
		if args[0] == "add" {
			h.P.Enqueue(tracks...)
		} else {
			h.P.PlayNext(tracks...)
		}
		return h.ok(fmt.Sprintf("queued %d track(s)", len(tracks)))
	default:
		return usage(fmt.Sprintf("queue: unknown action %q (add, next, list, clear)", args[0]))
	}
}

// Lookup turns a soundcloud.com URL, an API URL or a URN into tracks: one for
// a track, all of them for a playlist.
func (h *PlayerHandler) Lookup(ctx context.Context, ref string) ([]api.Track, error) {
	var urn api.URN
	var err error
	if u, perr := url.Parse(ref); perr == nil && u.Host != "" && !strings.HasPrefix(u.Host, "api.") {
		// A page on soundcloud.com (or on.soundcloud.com): ask /resolve.
		urn, err = h.API.Resolve(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", ref, err)
		}
		// /resolve may still answer with an API URL or a numeric id.
		if u, perr := api.ParseURN(string(urn), api.KindTrack); perr == nil {
			urn = u
		}
	} else {
		urn, err = api.ParseURN(ref, api.KindTrack)
		if err != nil {
			return nil, &usageError{fmt.Errorf("queue: %w", err)}
		}
	}
	switch urn.Kind() {
	case api.KindTrack:
		t, err := h.API.Track(ctx, urn)
		if err != nil {
			return nil, fmt.Errorf("track %s: %w", urn, err)
		}
		return []api.Track{*t}, nil
	case api.KindPlaylist:
		first := func(ctx context.Context) (*api.Page[api.Track], error) {
			return h.API.PlaylistTracks(ctx, urn, api.ListOptions{Limit: 200})
		}
		if h.Client == nil {
			pg, err := first(ctx)
			if err != nil {
				return nil, fmt.Errorf("playlist %s: %w", urn, err)
			}
			return pg.Collection, nil
		}
		var out []api.Track
		for t, err := range api.All(ctx, h.Client, 0, first) {
			if err != nil {
				return nil, fmt.Errorf("playlist %s: %w", urn, err)
			}
			out = append(out, t)
		}
		return out, nil
	default:
		return nil, &usageError{fmt.Errorf("queue: %s is not a track or playlist", urn)}
	}
}

type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func (h *PlayerHandler) ok(msg string) Response {
	st := StatusOf(h.P.Status())
	return Response{OK: true, Message: msg, Status: &st}
}

func usage(msg string) Response { return Response{Code: CodeUsage, Error: msg} }

func fail(err error) Response { return Response{Code: CodeOf(err), Error: err.Error()} }

// CodeOf classifies an error for the wire (and exit codes): usage, auth,
// not-found, rate limit or anything else.
func CodeOf(err error) string {
	var ue *usageError
	if errors.As(err, &ue) {
		return CodeUsage
	}
	switch {
	case api.IsUnauthorized(err):
		return CodeAuth
	case api.IsNotFound(err):
		return CodeNotFound
	case api.IsRateLimited(err):
		return CodeRateLimit
	}
	return CodeError
}

// StatusOf converts a player status for the wire.
func StatusOf(s player.Status) Status {
	out := Status{
		State:      s.State.String(),
		PositionMS: s.Position.Milliseconds(),
		DurationMS: s.Duration.Milliseconds(),
		Volume:     int(math.Round(s.Volume * 100)),
		Shuffle:    s.Shuffle,
		Repeat:     [...]string{"off", "one", "all"}[s.Repeat],
		Index:      s.Index,
		Preview:    s.Preview,
		Buffering:  s.Buffering,
	}
	if s.Track != nil {
		t := trackOf(s.Track)
		out.Track = &t
		if out.DurationMS == 0 {
			out.DurationMS = t.DurationMS
		}
	}
	return out
}

func trackOf(t *api.Track) Track {
	out := Track{URN: string(t.URN), Title: t.Title, DurationMS: t.Duration, PermalinkURL: t.PermalinkURL}
	if t.MetadataArtist != "" {
		out.Artist = t.MetadataArtist
	} else if t.User != nil {
		out.Artist = t.User.Username
	}
	return out
}

// ParseSeek reads "1:23", "1:02:03", "83" or "83s" as an absolute position and
// "+10s", "-10", "+1:00" as a relative one. An error quotes what was typed,
// sign included.
func ParseSeek(s string) (d time.Duration, relative bool, err error) {
	s = strings.TrimSpace(s)
	typed := s
	sign := time.Duration(1)
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		relative = true
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	d, err = parseClockAs(s, typed)
	if err != nil {
		return 0, false, fmt.Errorf("seek: %w", err)
	}
	return sign * d, relative, nil
}

// MaxPosition bounds a position or seek step: far past any track, and far
// from overflowing time.Duration (a float of seconds beyond ~292 years
// converts to a negative Duration).
const MaxPosition = 100 * time.Hour

// parseClock reads "83", "83.5", "83s", "1m23s", "1:23" or "1:02:03".
func parseClock(s string) (time.Duration, error) { return parseClockAs(s, s) }

// parseClockAs is parseClock with errors that quote typed, the text as the
// user wrote it (ParseSeek strips a sign before parsing).
func parseClockAs(s, typed string) (time.Duration, error) {
	d, err := parseClockUnbounded(s)
	if err != nil {
		return 0, fmt.Errorf("%q %w", typed, err)
	}
	if d < 0 || d > MaxPosition {
		return 0, fmt.Errorf("%q is past %v, longer than any track", typed, MaxPosition)
	}
	return d, nil
}

func parseClockUnbounded(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("is empty")
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, errors.New("is not h:mm:ss")
		}
		var total float64
		for i, p := range parts {
			v, err := strconv.ParseFloat(p, 64)
			if err != nil || v < 0 || (i > 0 && v >= 60) || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, errors.New("is not h:mm:ss")
			}
			total = total*60 + v
		}
		if total > MaxPosition.Seconds() {
			return -1, nil // out of range: parseClock says so
		}
		return time.Duration(total * float64(time.Second)), nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, errors.New("is not a position")
		}
		if v > MaxPosition.Seconds() {
			return -1, nil // out of range: parseClock says so
		}
		return time.Duration(v * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("is not a position (try 1:23, 83 or 10s)")
	}
	return d, nil
}

// ParseClock is parseClock for callers outside (the CLI's --at flag).
func ParseClock(s string) (time.Duration, error) { return parseClock(s) }

// ParseVolume reads "0".."100" (percent) or "+N"/"-N" relative to cur (0..1).
func ParseVolume(s string, cur float64) (float64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	rel := strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("volume: %q is not 0-100, +N or -N", s)
	}
	if rel {
		v += cur * 100
	} else if v < 0 || v > 100 {
		return 0, fmt.Errorf("volume: %s is outside 0-100", s)
	}
	return math.Min(1, math.Max(0, v/100)), nil
}

func parseOnOff(args []string, cur bool) (bool, error) {
	if len(args) == 0 {
		return !cur, nil
	}
	switch args[0] {
	case "on", "true", "1":
		return true, nil
	case "off", "false", "0":
		return false, nil
	case "toggle":
		return !cur, nil
	}
	return false, fmt.Errorf("shuffle: %q is not on, off or toggle", args[0])
}
