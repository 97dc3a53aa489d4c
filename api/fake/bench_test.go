package fake

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkLikesPage measures one 200-track page of the archivist's likes,
// over loopback HTTP, as a client paging a big library sees it.
func BenchmarkLikesPage(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tok, _ := s.IssueToken(DemoUserPermalink)
	req, _ := http.NewRequest("GET", s.URL()+"/users/13/likes/tracks?linked_partitioning=true&limit=200", nil)
	req.Header.Set("Authorization", "OAuth "+tok)
	var n int64
	b.ResetTimer()
	for b.Loop() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	b.SetBytes(n)
}

// BenchmarkNew measures starting a fake with its seeded catalogue.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
