package fake

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// soundcloud.com: /resolve's input, oEmbed and permalink pages.

// target is what a soundcloud.com path names.
type target struct {
	kind string // "users", "tracks", "playlists"
	id   int64
	u    *user
	t    *track
	p    *playlist
	// secret is the secret token of a private track's secret link.
	secret string
}

// resolvePath maps "/user", "/user/track", "/user/sets/playlist" (and a
// trailing secret token) to a resource. Called with s.mu held.
func (s *Server) resolvePath(path string) (target, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) == 0 || segs[0] == "" {
		return target{}, false
	}
	u := s.st.userByPermalink(segs[0])
	if u == nil {
		return target{}, false
	}
	switch {
	case len(segs) == 1 || (len(segs) == 2 && (segs[1] == "tracks" || segs[1] == "likes" || segs[1] == "sets" || segs[1] == "reposts")):
		return target{kind: "users", id: u.id, u: u}, true
	case len(segs) == 3 && segs[1] == "sets":
		for _, p := range s.st.userPlaylists(u.id) {
			if p.permalink == segs[2] && p.sharing == "public" {
				return target{kind: "playlists", id: p.id, p: p, u: u}, true
			}
		}
	case len(segs) == 2 || len(segs) == 3:
		secret := ""
		if len(segs) == 3 {
			secret = segs[2]
		}
		for _, t := range s.st.userTracks(u.id) {
			if t.permalink == segs[1] && t.visible(0, secret) {
				if t.sharing != "private" {
					secret = ""
				}
				return target{kind: "tracks", id: t.id, t: t, u: u, secret: secret}, true
			}
		}
	}
	return target{}, false
}

// parsePageURL accepts soundcloud.com (www., m.), on.soundcloud.com short
// links and the fake's own WebURL. Called with s.mu held.
func (s *Server) parsePageURL(raw string) (target, bool, bool) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw // "soundcloud.com/user" as people paste it
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return target{}, false, false
	}
	web, _ := url.Parse(s.WebURL())
	host := strings.ToLower(u.Host)
	switch host {
	case "soundcloud.com", "www.soundcloud.com", "m.soundcloud.com", web.Host:
		t, ok := s.resolvePath(u.Path)
		return t, false, ok
	case "on.soundcloud.com":
		p, ok := s.st.shortLinks[strings.Trim(u.Path, "/")]
		if !ok {
			return target{}, true, false
		}
		t, ok := s.resolvePath(p)
		return t, true, ok
	}
	return target{}, false, false
}

// resolve answers 302 to the API resource. Users and short links come back
// with numeric ids, as SoundCloud still does in places (#403).
func (s *Server) resolve(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		raw := r.URL.Query().Get("url")
		if raw == "" {
			return errResp(http.StatusBadRequest, "url is required")
		}
		t, short, ok := s.parsePageURL(raw)
		if !ok {
			return errResp(http.StatusNotFound, "nothing found at "+raw)
		}
		id := urnOf(t.kind, t.id)
		if short || t.kind == "users" {
			id = fmt.Sprint(t.id)
		}
		loc := s.URL() + "/" + t.kind + "/" + id
		if t.secret != "" {
			loc += "?secret_token=" + url.QueryEscape(t.secret)
		}
		return found(loc)
	})
}

type jsonOEmbed struct {
	Version      float64 `json:"version"`
	Type         string  `json:"type"`
	ProviderName string  `json:"provider_name"`
	ProviderURL  string  `json:"provider_url"`
	Height       int     `json:"height"`
	Width        string  `json:"width"`
	Title        string  `json:"title"`
	Description  string  `json:"description"`
	ThumbnailURL string  `json:"thumbnail_url"`
	HTML         string  `json:"html"`
	AuthorName   string  `json:"author_name"`
	AuthorURL    string  `json:"author_url"`
}

func (s *Server) webHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oembed", s.oembed)
	mux.HandleFunc("GET /", s.page)
	return mux
}

func (s *Server) oembed(w http.ResponseWriter, r *http.Request) {
	s.count(r, "GET /oembed")
	s.sleep(r.Context())
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		s.writeErr(w, http.StatusNotImplemented, "only format=json is served")
		return
	}
	s.do(w, func() resp {
		t, _, ok := s.parsePageURL(q.Get("url"))
		if !ok {
			return errResp(http.StatusNotFound, "no such page")
		}
		o := jsonOEmbed{Version: 1.0, Type: "rich", ProviderName: "SoundCloud", ProviderURL: "https://soundcloud.com",
			Height: 400, Width: "100%", AuthorName: t.u.username, AuthorURL: s.WebURL() + "/" + t.u.permalink,
			ThumbnailURL: s.avatarURL(t.u.avatarKey)}
		apiURL := s.URL() + "/" + t.kind + "/" + urnOf(t.kind, t.id)
		switch t.kind {
		case "tracks":
			o.Title = t.t.title + " by " + t.u.username
			o.Description = t.t.description
			o.ThumbnailURL = s.CDNURL() + "/artworks-" + t.t.artworkKey + "-large.jpg"
		case "playlists":
			o.Title = t.p.title + " by " + t.u.username
			o.Description = t.p.description
		default:
			o.Title = t.u.username
			o.Description = t.u.description
			o.Height = 450
		}
		o.HTML = `<iframe width="100%" height="` + fmt.Sprint(o.Height) + `" scrolling="no" frameborder="no" src="` +
			html.EscapeString(s.WebURL()+"/player/?visual=true&url="+url.QueryEscape(apiURL)) + `"></iframe>`
		return success(o)
	})
}

// page serves a minimal permalink page, enough for a browser or a scraper.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.count(r, "GET /{permalink...}")
	s.mu.Lock()
	t, ok := s.resolvePath(r.URL.Path)
	title := ""
	if ok {
		switch t.kind {
		case "tracks":
			title = t.t.title + " by " + t.u.username
		case "playlists":
			title = t.p.title + " by " + t.u.username
		default:
			title = t.u.username
		}
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title>"+
		"<meta property=\"og:title\" content=\"%s\"><link rel=\"alternate\" type=\"application/json+oembed\" href=\"%s\"></head>"+
		"<body><h1>%s</h1></body></html>\n",
		html.EscapeString(title), html.EscapeString(title),
		html.EscapeString(s.WebURL()+"/oembed?format=json&url="+url.QueryEscape(s.WebURL()+r.URL.Path)), html.EscapeString(title))
}
