package fake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Pagination follows the real service: limit 1..200 (default 50), cursor
// based next_href that keeps the caller's query. Choices where the service
// is vague: a limit above 200 is clamped to 200; below 1 or not a number
// is a 400. The deprecated offset is honoured when there is no cursor.

const (
	defaultLimit = 50
	maxLimit     = 200
)

type pageReq struct {
	limit  int
	offset int
	linked bool
}

type cursor struct {
	O int    `json:"o"`
	K string `json:"k"` // a nonce, so the cursor reads as opaque
}

func parsePage(r *http.Request) (pageReq, error) {
	q := r.URL.Query()
	p := pageReq{limit: defaultLimit}
	raw := q.Get("limit")
	if raw == "" {
		raw = q.Get("page_size")
	}
	if raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return p, fmt.Errorf("limit must be an integer between 1 and %d", maxLimit)
		}
		p.limit = min(n, maxLimit)
	}
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		var cur cursor
		if err != nil || json.Unmarshal(b, &cur) != nil || cur.O < 0 {
			return p, fmt.Errorf("invalid cursor")
		}
		p.offset = cur.O
	} else if o := q.Get("offset"); o != "" {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 {
			return p, fmt.Errorf("offset must be a non-negative integer")
		}
		p.offset = n
	}
	p.linked = q.Get("linked_partitioning") == "true" || q.Get("linked_partitioning") == "1" || q.Has("cursor")
	return p, nil
}

// window returns the [lo, hi) slice bounds of the page over n items and the
// next_href ("" on the last page).
func (s *Server) window(r *http.Request, p pageReq, n int) (lo, hi int, next string) {
	lo = min(p.offset, n)
	hi = min(lo+p.limit, n)
	if hi < n {
		next = s.nextHref(r, hi)
	}
	return lo, hi, next
}

func (s *Server) nextHref(r *http.Request, offset int) string {
	q := r.URL.Query()
	q.Del("offset")
	q.Del("page_size")
	b, _ := json.Marshal(cursor{O: offset, K: strconv.FormatInt(int64(offset)*2654435761%1000003, 36)})
	q.Set("cursor", base64.RawURLEncoding.EncodeToString(b))
	if !q.Has("linked_partitioning") {
		q.Set("linked_partitioning", "true")
	}
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return s.URL() + u.RequestURI()
}

// collection is the linked_partitioning body.
type collection[T any] struct {
	Collection []T     `json:"collection"`
	NextHref   *string `json:"next_href,omitempty"`
}

// listResp pages items and answers either {"collection","next_href"} or,
// for endpoints that historically did so when linked_partitioning is not
// set, a bare array (bareOK). Called with s.mu held.
func listResp[T any, J any](s *Server, r *http.Request, items []T, bareOK bool, render func(T) J) resp {
	p, err := parsePage(r)
	if err != nil {
		return errResp(http.StatusBadRequest, err.Error())
	}
	lo, hi, next := s.window(r, p, len(items))
	out := make([]J, 0, hi-lo)
	for _, it := range items[lo:hi] {
		out = append(out, render(it))
	}
	if bareOK && !p.linked {
		return success(out)
	}
	c := collection[J]{Collection: out}
	if next != "" {
		c.NextHref = &next
	}
	return success(c)
}
