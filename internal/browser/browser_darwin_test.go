package browser

import (
	"slices"
	"testing"
)

func TestOpenerDarwin(t *testing.T) {
	u := "https://soundcloud.com/a?x=1&y=2"
	got, err := opener(u)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"open", u}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
