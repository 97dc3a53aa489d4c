package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Page is one page of a paginated list. NextHref is opaque; follow it with Next.
type Page[T any] struct {
	Collection []T    `json:"collection"`
	NextHref   string `json:"next_href,omitempty"`
	FutureHref string `json:"future_href,omitempty"`
}

// HasNext says whether Next would fetch anything.
func (p *Page[T]) HasNext() bool { return p != nil && p.NextHref != "" }

// ListOptions apply to every list call. Limit is the page size (1..200, 0 means
// the server default of 50). Access filters tracks ("playable", "preview", "blocked").
type ListOptions struct {
	Limit  int
	Access []string
}

// SearchOptions narrow /tracks, /users and /playlists searches.
type SearchOptions struct {
	ListOptions
	Genres []string
	Tags   []string
}

// MaxPageSize is the largest limit the API accepts.
const MaxPageSize = 200

// query turns list options into the query every list call sends.
func (o ListOptions) query() url.Values {
	q := url.Values{}
	q.Set("linked_partitioning", "true")
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(min(o.Limit, MaxPageSize)))
	}
	if len(o.Access) > 0 {
		q.Set("access", strings.Join(o.Access, ","))
	}
	return q
}

// decodePage reads {"collection":[...],"next_href":...} or a bare array (the
// deprecated form some endpoints still answer with).
func decodePage[T any](op string, b []byte) (*Page[T], error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, &decodeError{op: op, err: errors.New("empty body")}
	}
	p := &Page[T]{}
	if b[0] == '[' {
		if err := json.Unmarshal(b, &p.Collection); err != nil {
			return nil, &decodeError{op: op, err: err}
		}
		return p, nil
	}
	if err := json.Unmarshal(b, p); err != nil {
		return nil, &decodeError{op: op, err: err}
	}
	if p.Collection == nil {
		p.Collection = []T{}
	}
	return p, nil
}

// getPage runs a list GET on the API host.
func getPage[T any](ctx context.Context, c *Client, path string, q url.Values) (*Page[T], error) {
	return fetchPage[T](ctx, c, "GET "+path, c.apiURL(path, q))
}

func fetchPage[T any](ctx context.Context, c *Client, op, u string) (*Page[T], error) {
	var page *Page[T]
	r := newRequest(http.MethodGet, op, u)
	err := c.exec(ctx, r, func(res *result) error {
		p, err := decodePage[T](op, res.body)
		page = p
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// list is getPage with ListOptions.
func list[T any](ctx context.Context, c *Client, path string, o ListOptions) (*Page[T], error) {
	return getPage[T](ctx, c, path, o.query())
}

// Next fetches the page NextHref points at, following it as is (it carries
// the cursor) with the auth header when it is on the API host. It returns
// (nil, nil) after the last page.
func Next[T any](ctx context.Context, c *Client, p *Page[T]) (*Page[T], error) {
	if p == nil || p.NextHref == "" {
		return nil, nil
	}
	u, err := c.base.Parse(p.NextHref)
	if err != nil {
		return nil, fmt.Errorf("next page: %w", err)
	}
	return fetchPage[T](ctx, c, "GET "+u.Path, u.String())
}

// All walks a list lazily page by page, starting with the page that first
// fetches; it stops after max items (0: no limit), on the first error (yielded
// once), or when ctx is cancelled.
func All[T any](ctx context.Context, c *Client, max int, first func(context.Context) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		p, err := first(ctx)
		n := 0
		seen := map[string]bool{}
		for {
			if err != nil {
				yield(zero, err)
				return
			}
			if p == nil {
				return
			}
			for _, it := range p.Collection {
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
				if !yield(it, nil) {
					return
				}
				n++
				if max > 0 && n >= max {
					return
				}
			}
			if p.NextHref == "" {
				return
			}
			if seen[p.NextHref] {
				yield(zero, fmt.Errorf("pagination loop at %s", p.NextHref))
				return
			}
			seen[p.NextHref] = true
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			p, err = Next(ctx, c, p)
		}
	}
}

// Collect gathers up to max items (0: all) of a list into a slice.
func Collect[T any](ctx context.Context, c *Client, max int, first func(context.Context) (*Page[T], error)) ([]T, error) {
	var out []T
	for it, err := range All(ctx, c, max, first) {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}
