package api

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseURN(t *testing.T) {
	ok := []struct{ in, kind, want string }{
		{"soundcloud:tracks:123", "", "soundcloud:tracks:123"},
		{"  soundcloud:users:5 ", "", "soundcloud:users:5"},
		{"soundcloud:playlists:9", KindTrack, "soundcloud:playlists:9"},
		{"soundcloud:comments:1", "", "soundcloud:comments:1"},
		{"123", KindTrack, "soundcloud:tracks:123"},
		{"9223372036854775807", KindUser, "soundcloud:users:9223372036854775807"},
		{"https://api.soundcloud.com/tracks/123", "", "soundcloud:tracks:123"},
		{"https://api.soundcloud.com/playlists/77?secret_token=x", "", "soundcloud:playlists:77"},
		{"https://api.soundcloud.com/tracks/soundcloud:tracks:8", "", "soundcloud:tracks:8"},
		{"soundcloud:tracks:007", "", "soundcloud:tracks:7"}, // one id, one URN
	}
	for _, c := range ok {
		got, err := ParseURN(c.in, c.kind)
		if err != nil || string(got) != c.want {
			t.Errorf("ParseURN(%q, %q) = %q, %v; want %q", c.in, c.kind, got, err, c.want)
		}
	}
	bad := []struct{ in, kind string }{
		{"", KindTrack},
		{"123", ""},
		{"123", "widgets"},                             // default kind unknown
		{"soundcloud:widgets:1", ""},                   // unknown kind
		{"soundcloud:spam-warnings:1", ""},             // a kind cirrus never asks for
		{"soundcloud:tracks:abc", ""},                  // id not a number
		{"soundcloud:tracks:-5", ""},                   // signed
		{"soundcloud:tracks:+5", ""},                   // signed
		{"soundcloud:tracks:1/../../me", ""},           // path text
		{"soundcloud:tracks:12345678901234567890", ""}, // over int64 and 19 digits
		{"soundcloud:tracks:" + strings.Repeat("1", 500), ""},
		{"soundcloud:tracks:1:2", ""},
		{"soundcloud:tracks:", ""},
		{"https://api.soundcloud.com/widgets/123", ""},
		{"https://api.soundcloud.com/tracks/soundcloud:widgets:8", ""},
		{"https://api.soundcloud.com/tracks/soundcloud:tracks:x", ""},
		{"https://api.soundcloud.com/tracks/1e3", ""},
		{"-5", KindTrack},
		{"1.5", KindTrack},
		{"٣", KindTrack}, // a digit, but not an ASCII one
	}
	for _, c := range bad {
		if got, err := ParseURN(c.in, c.kind); err == nil {
			t.Errorf("ParseURN(%q, %q) = %q, want an error", c.in, c.kind, got)
		}
	}
}

func FuzzParseURN(f *testing.F) {
	for _, s := range []string{"soundcloud:tracks:1", "42", "https://api.soundcloud.com/users/7", "soundcloud:x:y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURN(s, KindTrack)
		if err != nil {
			return
		}
		n, perr := strconv.ParseInt(u.ID(), 10, 64)
		if !KnownKind(u.Kind()) || perr != nil || u != NewURN(u.Kind(), n) {
			t.Fatalf("ParseURN(%q) = %q", s, u)
		}
	})
}
