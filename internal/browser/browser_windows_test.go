package browser

import (
	"slices"
	"testing"
)

// TestOpenerWindows: rundll32 gets the address as one argument, untouched.
func TestOpenerWindows(t *testing.T) {
	u := "https://soundcloud.com/a?x=1&y=^2"
	got, err := opener(u)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"rundll32", "url.dll,FileProtocolHandler", u}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
