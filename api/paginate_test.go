package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPageGuard(t *testing.T) {
	type page struct {
		n    int
		next string
	}
	cases := []struct {
		name   string
		pages  []page
		stopAt int // index of the page whose Allow fails; -1 none
		reason string
	}{
		{"ends normally", []page{{50, "a"}, {50, "b"}, {3, ""}}, -1, ""},
		{"empty last page ends", []page{{0, ""}}, -1, ""},
		{"repeated next_href", []page{{5, "a"}, {5, "b"}, {5, "a"}}, 2, "repeated next_href"},
		{"self reference", []page{{5, "a"}, {5, "a"}}, 1, "repeated next_href"},
		{"empty pages with fresh links", []page{{0, "a"}, {0, "b"}, {0, "c"}, {0, "d"}}, 2, "empty pages"},
		{"empty pages counted in a row only", []page{{0, "a"}, {0, "b"}, {1, "c"}, {0, "d"}, {0, "e"}, {0, "f"}}, 5, "empty pages"},
		{"item ceiling", []page{{MaxListItems - 1, "a"}, {1, "b"}}, 1, "too many items"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var g PageGuard
			for i, p := range tc.pages {
				err := g.Allow(p.n, p.next)
				if i != tc.stopAt {
					if err != nil {
						t.Fatalf("page %d: %v, want nil", i, err)
					}
					continue
				}
				var pe *PaginationError
				if !errors.As(err, &pe) || pe.Reason != tc.reason {
					t.Fatalf("page %d: %v, want a PaginationError %q", i, err, tc.reason)
				}
				if pe.Error() == "" || !strings.Contains(pe.Error(), "stopped") {
					t.Fatalf("message %q does not say it stopped", pe.Error())
				}
				return
			}
		})
	}
}

// A hostile server whose pages are empty and whose next_href changes every
// time: All stops after MaxEmptyPages requests, with the reason.
func TestAllStopsOnEndlessEmptyPages(t *testing.T) {
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if n > 1000 {
			http.Error(w, "too many", http.StatusGone) // the test would otherwise spin
			return
		}
		fmt.Fprintf(w, `{"collection":[],"next_href":%q}`, fmt.Sprintf("%s/me/likes/tracks?cursor=%d", srv.URL, n))
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{})
	items, err := Collect(context.Background(), c, 0, func(ctx context.Context) (*Page[Track], error) {
		return c.MyLikedTracks(ctx, ListOptions{})
	})
	var pe *PaginationError
	if !errors.As(err, &pe) || pe.Reason != "empty pages" || len(items) != 0 {
		t.Fatalf("items %d, err %v; want a PaginationError for empty pages", len(items), err)
	}
	if hits.Load() != MaxEmptyPages {
		t.Fatalf("%d requests, want %d", hits.Load(), MaxEmptyPages)
	}
}
