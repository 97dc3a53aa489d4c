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
	r.page = true
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

// The one pagination rule every caller follows (All, the CLI and the TUI's
// page loading): a server may send next_href forever, so a walk stops on a
// next_href it has already followed, after MaxEmptyPages empty pages in a row,
// and once MaxListItems items have arrived.
const (
	MaxEmptyPages = 3
	MaxListItems  = 100_000
)

// PaginationError says why a walk stopped before the server said it ended.
type PaginationError struct {
	Reason string // "repeated next_href", "empty pages", "too many items"
	Items  int    // items received before stopping
}

func (e *PaginationError) Error() string {
	switch e.Reason {
	case "repeated next_href":
		return fmt.Sprintf("the server's list loops back on itself after %d items; stopped there", e.Items)
	case "empty pages":
		return fmt.Sprintf("the server sent %d empty pages in a row after %d items; stopped there", MaxEmptyPages, e.Items)
	default:
		return fmt.Sprintf("the list is longer than %d items; stopped there", MaxListItems)
	}
}

// PageGuard applies the pagination rule to one walk. The zero value is ready;
// call Allow with each page as it arrives, before following its next_href.
type PageGuard struct {
	seen  map[string]bool
	empty int
	items int
}

// Allow records a page of n items whose next link is next, and says whether
// following next is allowed: nil to go on, a *PaginationError to stop.
// An empty next always returns nil (the list ended normally).
func (g *PageGuard) Allow(n int, next string) error {
	g.items += n
	if n == 0 {
		g.empty++
	} else {
		g.empty = 0
	}
	if next == "" {
		return nil
	}
	switch {
	case g.seen[next]:
		return &PaginationError{Reason: "repeated next_href", Items: g.items}
	case g.empty >= MaxEmptyPages:
		return &PaginationError{Reason: "empty pages", Items: g.items}
	case g.items >= MaxListItems:
		return &PaginationError{Reason: "too many items", Items: g.items}
	}
	if g.seen == nil {
		g.seen = map[string]bool{}
	}
	g.seen[next] = true
	return nil
}

// All walks a list lazily page by page, starting with the page that first
// fetches; it stops after max items (0: no limit), on the first error (yielded
// once), when ctx is cancelled, or when the pagination rule (PageGuard) says
// the server's links cannot be trusted any further (a *PaginationError).
func All[T any](ctx context.Context, c *Client, max int, first func(context.Context) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		p, err := first(ctx)
		n := 0
		var guard PageGuard
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
			if err := guard.Allow(len(p.Collection), p.NextHref); err != nil {
				yield(zero, err)
				return
			}
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
