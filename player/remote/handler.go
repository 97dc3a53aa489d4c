package remote

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// Controller is the part of *player.Player that remote control drives:
// playback goes through Do, the same ordered path keys and MPRIS take.
type Controller interface {
	Status() player.Status
	Do(ctx context.Context, c command.Command) error
	Enqueue(tracks ...api.Track)
	PlayNext(tracks ...api.Track)
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
	// UI, when set, hands the commands only the running TUI can apply
	// (radio) to it, in order with its keys; nil where no TUI runs.
	UI func(c command.Command) error
}

// NewPlayerHandler builds the handler a running cirrus serves on its socket.
func NewPlayerHandler(p Controller, c *api.Client) *PlayerHandler {
	return &PlayerHandler{P: p, API: c, Client: c}
}

// Commands lists what PlayerHandler understands, for help texts: the
// command table's names that make sense without a screen.
var Commands = []string{"status", "play", "pause", "toggle", "stop", "next", "previous",
	"seek", "volume", "shuffle", "repeat", "queue", "like", "unlike", "radio"}

// Handle runs one command. It is parsed by the same table as the TUI's `:`
// line, so `cirrus ctl repeat` and `:repeat` mean the same.
func (h *PlayerHandler) Handle(ctx context.Context, req Request) Response {
	switch {
	case req.Cmd == "status", (req.Cmd == "volume" || req.Cmd == "vol") && len(req.Args) == 0:
		return h.ok("")
	case req.Cmd == "queue" && (len(req.Args) == 0 || req.Args[0] == "list"):
		return h.queue(ctx, []string{"list"})
	case req.Cmd == "queue" && (req.Args[0] == "add" || req.Args[0] == "next"):
		return h.queue(ctx, req.Args)
	}
	c, err := command.ParseArgs(req.Cmd, req.Args)
	if err != nil {
		return usage(fmt.Sprintf("%v (known: %s)", err, strings.Join(Commands, ", ")))
	}
	switch {
	case c.Op.Player():
		if err := h.P.Do(ctx, c); err != nil {
			return fail(fmt.Errorf("%s: %w", req.Cmd, err))
		}
		if c.Op == command.OpQueueClear {
			return h.ok("queue cleared")
		}
	case c.Op == command.OpLike || c.Op == command.OpUnlike:
		// ctl has no selection: like acts on the playing track
		st := h.P.Status()
		if st.Track == nil {
			return Response{Code: CodeUsage, Error: "nothing is playing"}
		}
		f := h.API.LikeTrack
		if c.Op == command.OpUnlike {
			f = h.API.UnlikeTrack
		}
		if err := f(ctx, st.Track.URN); err != nil {
			return fail(fmt.Errorf("%s %s: %w", c.Op, st.Track.URN, err))
		}
		return h.ok(c.Op.String() + "d " + st.Track.Title)
	case c.Op == command.OpRadio && h.UI != nil:
		// ctl has no selection: a radio starts from the playing track
		msg := "radio ended"
		if c.Switch != command.Off {
			if h.P.Status().Track == nil {
				return Response{Code: CodeUsage, Error: "nothing is playing"}
			}
			c.Target, msg = command.Playing, "radio starting from the playing track"
		}
		if err := h.UI(c); err != nil {
			return fail(fmt.Errorf("%s: %w", c, err))
		}
		return h.ok(msg)
	default:
		return usage(fmt.Sprintf("%s works in the TUI only (type :%s there); ctl knows: %s", c.Op, c.Op, strings.Join(Commands, ", ")))
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
		PreviewWhy: s.PreviewWhy,
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

// ParseSeek is command.ParseSeek with errors that name the command.
func ParseSeek(s string) (d time.Duration, relative bool, err error) {
	d, relative, err = command.ParseSeek(s)
	if err != nil {
		return 0, false, fmt.Errorf("seek: %w", err)
	}
	return d, relative, nil
}

// MaxPosition bounds a position or seek step (command.MaxPosition).
const MaxPosition = command.MaxPosition

// ParseClock is command.ParseClock for callers outside (the CLI's --at flag).
func ParseClock(s string) (time.Duration, error) { return command.ParseClock(s) }
