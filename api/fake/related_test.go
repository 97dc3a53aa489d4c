package fake

import (
	"encoding/json"
	"strings"
	"testing"
)

// relatedOf lists /tracks/{id}/related as "id:genre" strings.
func relatedOf(t *testing.T, s *Server, tok, id string) []string {
	t.Helper()
	code, _, body := call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:"+id+"/related?limit=50", nil, withToken(tok))
	if code != 200 {
		t.Fatalf("related %s: %d %s", id, code, body)
	}
	var page []struct {
		URN    string `json:"urn"`
		Genre  string `json:"genre"`
		Access string `json:"access"`
	}
	if err := json.Unmarshal(body, &page); err != nil { // a bare array without linked_partitioning
		t.Fatalf("related %s: %v", id, err)
	}
	var out []string
	for _, x := range page {
		if x.Access == "blocked" {
			t.Fatalf("related %s lists blocked %s by default", id, x.URN)
		}
		out = append(out, x.URN[strings.LastIndexByte(x.URN, ':')+1:]+":"+x.Genre)
	}
	return out
}

// Related tracks are a short list, most similar first, reproducible, and
// not the same list for every track.
func TestRelatedTracksRankSimilarFirst(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	lofi := relatedOf(t, s, tok, "1008")
	if len(lofi) < minRelated || !strings.HasSuffix(lofi[0], ":Lo-Fi") || !strings.HasSuffix(lofi[1], ":Lo-Fi") {
		t.Fatalf("related of a Lo-Fi track: %v", lofi)
	}
	for _, x := range lofi {
		if strings.HasSuffix(x, ":Test") || strings.HasPrefix(x, "1008:") {
			t.Fatalf("related of 1008 lists %s: %v", x, lofi)
		}
	}
	if again := relatedOf(t, s, tok, "1008"); strings.Join(again, " ") != strings.Join(lofi, " ") {
		t.Fatalf("not reproducible:\n%v\n%v", lofi, again)
	}
	house := relatedOf(t, s, tok, "1030")
	if !strings.HasSuffix(house[0], ":House") || strings.Join(house, " ") == strings.Join(lofi, " ") {
		t.Fatalf("related of a House track: %v", house)
	}
	if tones := relatedOf(t, s, tok, "1001"); !strings.HasSuffix(tones[0], ":Test") {
		t.Fatalf("related of the test tones: %v", tones)
	}
}
