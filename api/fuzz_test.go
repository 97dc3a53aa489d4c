package api

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzDecodePage: any answer body is a page of at most MaxPageItems items,
// or an error; never a panic, and never more items than the bound.
func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		`{"collection":[{"urn":"soundcloud:tracks:1","title":"a"}],"next_href":"https://api.soundcloud.com/x?cursor=2"}`,
		`[{"urn":"soundcloud:tracks:1"}]`, `{"collection":[]}`, `{"collection":null}`, `[]`, ``, `null`, `{`,
		`{"collection":[` + strings.Repeat("{},", 1100) + `{}]}`,
		`[` + strings.Repeat("{},", 1100) + `{}]`,
		`{"collection":[{"user":{"urn":1}}],"collection":[{}]}`,
		`{"a":{"collection":[` + strings.Repeat("{},", 1100) + `{}]}}`,
		`{"collection":[{"tracks":[` + strings.Repeat("{},", 100) + `{}]}]}`,
		"{\"collection\":[{\"title\":\"\x1b[2J\"}]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := readBody("GET /fuzz", bytes.NewReader(body), true)
		if err != nil {
			return
		}
		p, err := decodePage[Track]("GET /fuzz", b)
		if err != nil {
			return
		}
		if len(p.Collection) > MaxPageItems {
			t.Fatalf("a page of %d items passed", len(p.Collection))
		}
	})
}
