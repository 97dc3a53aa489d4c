package fake

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxURNs is how many URNs /tracks?urns= takes in one call.
const maxURNs = 50

func words(q string) []string { return strings.Fields(strings.ToLower(q)) }

func matchAll(ws []string, fields ...string) bool {
	hay := strings.ToLower(strings.Join(fields, "\x00"))
	for _, w := range ws {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// rangeParam reads deepObject ranges such as bpm[from]=..&bpm[to]=..
func rangeParam(r *http.Request, name string) (from, to string) {
	q := r.URL.Query()
	return q.Get(name + "[from]"), q.Get(name + "[to]")
}

func (s *Server) searchTracks(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		q := r.URL.Query()
		c := callerOf(r).userID
		list := q.Get("urns")
		kindIDs := "tracks"
		if list == "" {
			list = q.Get("ids")
		}
		if list != "" {
			parts := splitList(list)
			if len(parts) > maxURNs {
				return errResp(http.StatusBadRequest, "too many urns: at most 50 per request")
			}
			var acc map[string]bool
			if q.Has("access") {
				acc = accessSet(r, "")
			}
			var ids []int64
			for _, p := range parts {
				id, ok := parseID(p, kindIDs)
				if !ok {
					return errResp(http.StatusBadRequest, "malformed urn: "+p)
				}
				ids = append(ids, id)
			}
			return s.tracksResp(r, s.filterTracks(ids, c, acc), true, true)
		}
		ws := words(q.Get("q"))
		genres := map[string]bool{}
		for _, g := range splitList(q.Get("genres")) {
			genres[strings.ToLower(g)] = true
		}
		tags := splitList(strings.ToLower(q.Get("tags")))
		acc := accessSet(r, "playable,preview")
		bpmFrom, bpmTo := rangeParam(r, "bpm")
		durFrom, durTo := rangeParam(r, "duration")
		caFrom, caTo := rangeParam(r, "created_at")
		num := func(v string) (float64, bool, error) {
			if v == "" {
				return 0, false, nil
			}
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil, err
		}
		date := func(v string) (time.Time, bool, error) {
			if v == "" {
				return time.Time{}, false, nil
			}
			t, err := time.Parse("2006-01-02 15:04:05", v)
			if err != nil {
				t, err = time.Parse("2006-01-02", v)
			}
			return t, err == nil, err
		}
		bf, hasBF, e1 := num(bpmFrom)
		bt, hasBT, e2 := num(bpmTo)
		df, hasDF, e3 := num(durFrom)
		dt, hasDT, e4 := num(durTo)
		cf, hasCF, e5 := date(caFrom)
		ct, hasCT, e6 := date(caTo)
		for _, e := range []error{e1, e2, e3, e4, e5, e6} {
			if e != nil {
				return errResp(http.StatusBadRequest, "bad range filter: "+e.Error())
			}
		}
		var out []*track
		for _, id := range s.st.trackIDs {
			t := s.st.tracks[id]
			if t == nil || t.sharing != "public" || !acc[s.accessOf(t)] {
				continue
			}
			owner := s.st.users[t.userID]
			if len(ws) > 0 && !matchAll(ws, t.title, owner.username, owner.permalink, t.tags, t.genre) {
				continue
			}
			if len(genres) > 0 && !genres[strings.ToLower(t.genre)] {
				continue
			}
			if len(tags) > 0 {
				hit := false
				for _, tg := range tags {
					if strings.Contains(strings.ToLower(t.tags), tg) {
						hit = true
					}
				}
				if !hit {
					continue
				}
			}
			if (hasBF && t.bpm < bf) || (hasBT && t.bpm > bt) ||
				(hasDF && float64(t.durationMS) < df) || (hasDT && float64(t.durationMS) > dt) ||
				(hasCF && t.created.Before(cf)) || (hasCT && t.created.After(ct)) {
				continue
			}
			out = append(out, t)
		}
		return s.tracksResp(r, out, true, true)
	})
}

func (s *Server) searchUsers(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		q := r.URL.Query()
		var out []*user
		if list := q.Get("urns"); list != "" {
			parts := splitList(list)
			if len(parts) > maxURNs {
				return errResp(http.StatusBadRequest, "too many urns: at most 50 per request")
			}
			for _, p := range parts {
				id, ok := parseID(p, "users")
				if !ok {
					return errResp(http.StatusBadRequest, "malformed urn: "+p)
				}
				if u := s.st.users[id]; u != nil {
					out = append(out, u)
				}
			}
			return s.usersResp(r, out)
		}
		ws := words(q.Get("q"))
		for _, id := range s.st.userOrder {
			u := s.st.users[id]
			if matchAll(ws, u.username, u.permalink, u.first+" "+u.last, u.city) {
				out = append(out, u)
			}
		}
		return s.usersResp(r, out)
	})
}

func (s *Server) searchPlaylists(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		ws := words(r.URL.Query().Get("q"))
		var out []*playlist
		for _, id := range s.st.plOrder {
			p := s.st.playlists[id]
			if p == nil || p.sharing != "public" {
				continue
			}
			owner := s.st.users[p.userID]
			if matchAll(ws, p.title, owner.username, owner.permalink, p.tags, p.genre) {
				out = append(out, p)
			}
		}
		return s.playlistsResp(r, out)
	})
}
