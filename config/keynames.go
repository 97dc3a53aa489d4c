package config

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// namedKeys are the key names Bubble Tea v1 reports (tea.Key.String), plus
// "space" which the UI maps to the " " Bubble Tea sends. config must not import
// bubbletea (only ui/ does), so the list is copied from its key.go.
var namedKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`
		ctrl+@ ctrl+a ctrl+b ctrl+c ctrl+d ctrl+e ctrl+f ctrl+g ctrl+h tab ctrl+j
		ctrl+k ctrl+l enter ctrl+n ctrl+o ctrl+p ctrl+q ctrl+r ctrl+s ctrl+t
		ctrl+u ctrl+v ctrl+w ctrl+x ctrl+y ctrl+z esc ctrl+\ ctrl+] ctrl+^ ctrl+_
		backspace up down right left shift+tab home end ctrl+home ctrl+end
		shift+home shift+end ctrl+shift+home ctrl+shift+end pgup pgdown
		ctrl+pgup ctrl+pgdown delete insert ctrl+up ctrl+down ctrl+right
		ctrl+left shift+up shift+down shift+right shift+left ctrl+shift+up
		ctrl+shift+down ctrl+shift+left ctrl+shift+right space
		f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 f11 f12 f13 f14 f15 f16 f17 f18 f19 f20`) {
		m[k] = true
	}
	return m
}()

// ValidKey reports whether name is a key Bubble Tea can report: a named key,
// or one printable character, optionally prefixed with "alt+".
func ValidKey(name string) bool {
	base := strings.TrimPrefix(name, "alt+")
	if namedKeys[base] {
		return true
	}
	r, size := utf8.DecodeRuneInString(base)
	return size == len(base) && size > 0 && r != utf8.RuneError &&
		unicode.IsPrint(r) && !unicode.IsSpace(r)
}

func namedKeyList() []string {
	l := make([]string, 0, len(namedKeys))
	for k := range namedKeys {
		l = append(l, k)
	}
	sort.Strings(l)
	return l
}
