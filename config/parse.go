package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
)

// Known keys per table, for validation and "did you mean" suggestions.
var (
	topKeys = []string{"client_id", "client_secret", "api_url", "auth_url", "web_url",
		"redirect_port", "keyring", "notifications", "log_level", "audio", "playback", "keys", "theme"}
	audioKeys = []string{"output", "device", "buffer", "volume", "normalize"}
	themeKeys = []string{"accent", "text", "muted", "highlight", "error", "played", "unplayed"}
	logLevels = []string{"debug", "info", "warn", "error"}
)

// OutputKnown tells whether s is a value [audio] output (and --output) take.
func OutputKnown(s string) bool {
	switch s {
	case "auto", "default", "pulse", "alsa", "null":
		return true
	}
	return strings.HasSuffix(strings.ToLower(s), ".wav")
}

// MaxBuffer bounds [audio] buffer: more than this is a typo, not a choice.
const MaxBuffer = 10 * time.Second

// Bounds on what a config file may make the parser do.
const (
	// MaxFileSize is the largest config file read; a real one is a few KB.
	MaxFileSize = 1 << 20
	// MaxNesting bounds how deeply arrays and inline tables nest, checked
	// before the TOML library (which recurses) sees the text.
	MaxNesting = 32
	// maxErrors is how many mistakes one report lists; the rest are counted.
	maxErrors = 50
)

// parser walks the decoded TOML by hand so that every mistake is reported
// (up to maxErrors), each with its line.
type parser struct {
	file    string
	cfg     *Config
	md      toml.MetaData
	errs    Errors
	dropped int            // mistakes past maxErrors
	order   map[string]int // key path -> position in the file (md.Keys order)
	probes  int            // line probes run (each costs O(file size))
}

// loc is where a value sits in the file. Its line is found only when a
// message needs it (see parser.lineOf): finding it costs a pass over the file.
type loc struct {
	table string // "" for top level
	key   string
	prim  toml.Primitive
	line  int // 0 until lineOf
}

func (l loc) path() string {
	if l.table == "" {
		return l.key
	}
	return l.table + "." + l.key
}

// where names the key for messages: `"volume" in [audio]`.
func (l loc) where() string {
	if l.table == "" {
		return fmt.Sprintf("%q", l.key)
	}
	return fmt.Sprintf("%q in [%s]", l.key, l.table)
}

// full says the report has all the mistakes it lists; errorf counts the rest.
func (p *parser) full() bool { return len(p.errs) >= maxErrors }

func (p *parser) errorf(at loc, format string, args ...any) {
	if p.full() {
		p.dropped++
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: p.lineOf(at), Key: at.path(), Msg: fmt.Sprintf(format, args...)})
}

// probe fails on purpose: BurntSushi/toml attaches the key's position to an
// Unmarshaler's error, which is the only public way to learn a key's line.
// Each probe copies and splits the whole file, so lines are probed only for
// the (at most maxErrors) messages that show them, never per key.
type probe struct{}

var errProbe = errors.New("probe")

func (probe) UnmarshalTOML(any) error { return errProbe }

func (p *parser) lineOf(at loc) int {
	if at.line != 0 {
		return at.line
	}
	p.probes++
	var pe toml.ParseError
	if errors.As(p.md.PrimitiveDecode(at.prim, probe{}), &pe) {
		return pe.Position.Line
	}
	return 0
}

func (p *parser) value(prim toml.Primitive) any {
	var v any
	if err := p.md.PrimitiveDecode(prim, &v); err != nil {
		return nil
	}
	return v
}

type entry struct {
	at   loc
	prim toml.Primitive
}

// entries returns a table's keys in file order, which the TOML library's
// key list gives in one pass.
func (p *parser) entries(table string, m map[string]toml.Primitive) []entry {
	es := make([]entry, 0, len(m))
	rank := make(map[string]int, len(m))
	for k, prim := range m {
		path := toml.Key{k}
		if table != "" {
			path = toml.Key{table, k}
		}
		rank[k] = p.order[path.String()]
		es = append(es, entry{loc{table: table, key: k, prim: prim}, prim})
	}
	sort.Slice(es, func(i, j int) bool {
		if ri, rj := rank[es[i].at.key], rank[es[j].at.key]; ri != rj {
			return ri < rj
		}
		return es[i].at.key < es[j].at.key
	})
	return es
}

// checkNesting refuses arrays and inline tables nested deeper than
// MaxNesting before the TOML library, which recurses, parses them. It skips
// strings (basic, literal, multi-line) and comments; table headers ([a],
// [[a]]) open and close on their line and count like arrays.
func checkNesting(data []byte) (line int, ok bool) {
	depth, line := 0, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			multi := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if multi {
				i += 2
			}
			for i++; i < len(data); i++ {
				if data[i] == '\n' {
					line++
					if !multi {
						break // unterminated: the TOML library reports it
					}
				}
				if c == '"' && data[i] == '\\' {
					i++
					continue
				}
				if data[i] == c && (!multi || i+2 < len(data) && data[i+1] == c && data[i+2] == c) {
					if multi {
						i += 2
					}
					break
				}
			}
		case '[', '{':
			if depth++; depth > MaxNesting {
				return line, false
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, true
}

func (p *parser) parse(data []byte) {
	if len(data) > MaxFileSize {
		p.errs = append(p.errs, &Error{File: p.file, Msg: fmt.Sprintf("the file is over %d bytes (1 MiB), the most a config file may hold", MaxFileSize)})
		return
	}
	if line, ok := checkNesting(data); !ok {
		p.errs = append(p.errs, &Error{File: p.file, Line: line, Msg: fmt.Sprintf("arrays or inline tables nested more than %d deep", MaxNesting)})
		return
	}
	p.parseTOML(data)
}

// parseTOML decodes and checks text already known to be within bounds.
func (p *parser) parseTOML(data []byte) {
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			p.errs = append(p.errs, &Error{File: p.file, Line: pe.Position.Line, Msg: "TOML syntax: " + pe.Message})
		} else {
			p.errs = append(p.errs, &Error{File: p.file, Msg: "TOML: " + err.Error()})
		}
		return
	}
	p.md = md
	keys := md.Keys()
	p.order = make(map[string]int, len(keys))
	for i, k := range keys {
		p.order[k.String()] = i
	}
	var userKeys []entry
	for _, e := range p.entries("", top) {
		at := e.at
		switch at.key {
		case "client_id":
			p.str(e, func(s string) { p.cfg.ClientID = s })
		case "client_secret":
			p.str(e, func(s string) { p.cfg.ClientSecret = Secret(s) })
		case "api_url":
			p.url(e, &p.cfg.APIURL)
		case "auth_url":
			p.url(e, &p.cfg.AuthURL)
		case "web_url":
			p.url(e, &p.cfg.WebURL)
		case "redirect_port":
			p.intRange(e, 0, 65535, " (0 picks a free port)", &p.cfg.RedirectPort)
		case "keyring":
			p.boolean(e, &p.cfg.Keyring)
		case "notifications":
			p.notifications(e)
		case "log_level":
			p.str(e, func(s string) {
				var l slog.Level
				if !slices.Contains(logLevels, s) || l.UnmarshalText([]byte(s)) != nil {
					p.errorf(at, "log_level %q is not one of %s%s", s, strings.Join(logLevels, ", "),
						didYouMean(s, logLevels, "%q"))
					return
				}
				p.cfg.LogLevel = l
			})
		case "audio":
			p.table(e, func(m map[string]toml.Primitive) { p.audio(m) })
		case "theme":
			p.table(e, func(m map[string]toml.Primitive) { p.theme(m) })
		case "playback":
			p.table(e, func(m map[string]toml.Primitive) { p.playback(m) })
		case "ui":
			p.table(e, func(m map[string]toml.Primitive) { p.ui(m) })
		case "keys":
			p.table(e, func(m map[string]toml.Primitive) { userKeys = p.entries("keys", m) })
		default:
			if _, isTable := p.value(e.prim).(map[string]any); isTable {
				p.errorf(at, "unknown table [%s]%s", at.key, didYouMean(at.key, []string{"audio", "playback", "keys", "theme", "ui"}, "[%s]"))
			} else {
				p.errorf(at, "unknown key %s%s", at.where(), p.suggestKey("", at.key))
			}
		}
	}
	p.keys(userKeys)
}

// suggestKey finds the nearest valid key, first in the same table, then in the
// others (a key put in the wrong table is a common slip).
func (p *parser) suggestKey(table, key string) string {
	tables := map[string][]string{"": topKeys, "audio": audioKeys, "theme": themeKeys, "playback": playbackKeys, "ui": uiKeys}
	if m := suggest(key, tables[table]); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	for _, t := range []string{"", "audio", "playback", "theme", "ui"} {
		if t == table {
			continue
		}
		if m := suggest(key, tables[t]); m != "" {
			if t == "" {
				return fmt.Sprintf("; did you mean %q at the top, before any [table]?", m)
			}
			return fmt.Sprintf("; did you mean %q in [%s]?", m, t)
		}
	}
	return ""
}

func (p *parser) table(e entry, f func(map[string]toml.Primitive)) {
	if _, ok := p.value(e.prim).(map[string]any); !ok {
		p.wrongType(e, "a table")
		return
	}
	var m map[string]toml.Primitive
	if err := p.md.PrimitiveDecode(e.prim, &m); err != nil {
		p.errorf(e.at, "[%s]: %v", e.at.key, err)
		return
	}
	f(m)
}

func (p *parser) audio(m map[string]toml.Primitive) {
	for _, e := range p.entries("audio", m) {
		switch e.at.key {
		case "output":
			p.str(e, func(s string) {
				switch {
				case strings.TrimSpace(s) == "":
					p.errorf(e.at, "%s is empty; use \"auto\" or a .wav path", e.at.where())
					return
				case !OutputKnown(s):
					p.errorf(e.at, "%s is %q; use \"auto\", \"pulse\" (a PulseAudio or PipeWire server), \"alsa\", \"null\" (no sound) or a path ending in .wav", e.at.where(), s)
					return
				}
				p.cfg.Audio.Output = s
			})
		case "device":
			p.str(e, func(s string) {
				if strings.ContainsFunc(s, unicode.IsControl) {
					p.errorf(e.at, "%s has control characters", e.at.where())
					return
				}
				p.cfg.Audio.Device = strings.TrimSpace(s)
			})
		case "buffer":
			p.str(e, func(s string) {
				d, err := time.ParseDuration(s)
				switch {
				case err != nil:
					p.errorf(e.at, "%s is %q, not a duration such as \"200ms\"", e.at.where(), s)
				case d <= 0:
					p.errorf(e.at, "%s is %q; it must be positive, such as \"200ms\"", e.at.where(), s)
				case d > MaxBuffer:
					p.errorf(e.at, "%s is %q; at most %q makes sense", e.at.where(), s, MaxBuffer.String())
				default:
					p.cfg.Audio.Buffer = d
				}
			})
		case "volume":
			p.intRange(e, 0, 100, "", &p.cfg.Audio.Volume)
		case "normalize":
			p.str(e, func(s string) {
				switch s {
				case "track", "off":
					p.cfg.Audio.Normalize = s
				default:
					p.errorf(e.at, "%s is %q; use \"track\" (every track at the same loudness) or \"off\"", e.at.where(), s)
				}
			})
		default:
			p.errorf(e.at, "unknown key %s%s", e.at.where(), p.suggestKey("audio", e.at.key))
		}
	}
}

var hexColour = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

func (p *parser) theme(m map[string]toml.Primitive) {
	fields := map[string]*string{
		"accent": &p.cfg.Theme.Accent, "text": &p.cfg.Theme.Text, "muted": &p.cfg.Theme.Muted,
		"highlight": &p.cfg.Theme.Highlight, "error": &p.cfg.Theme.Error,
		"played": &p.cfg.Theme.Played, "unplayed": &p.cfg.Theme.Unplayed,
	}
	for _, e := range p.entries("theme", m) {
		dst, ok := fields[e.at.key]
		if !ok {
			p.errorf(e.at, "unknown key %s%s", e.at.where(), p.suggestKey("theme", e.at.key))
			continue
		}
		switch v := p.value(e.prim).(type) {
		case int64:
			if v < 0 || v > 255 {
				p.errorf(e.at, "colour %s is %d; ANSI colours are 0..255", e.at.where(), v)
				continue
			}
			*dst = strconv.FormatInt(v, 10)
		case string:
			if c, ok := ParseColour(v); ok {
				*dst = c
			} else {
				p.errorf(e.at, "colour %s is %q; use \"#rrggbb\", \"#rgb\" or an ANSI number 0..255", e.at.where(), v)
			}
		default:
			p.wrongType(e, `a colour string ("#ff5500") or an ANSI number`)
		}
	}
}

// ParseColour normalises a colour from the config: "#rgb", "#rrggbb" or an
// ANSI number "0".."255".
func ParseColour(s string) (string, bool) {
	if hexColour.MatchString(s) {
		return strings.ToLower(s), true
	}
	n, err := strconv.Atoi(s)
	if err == nil && n >= 0 && n <= 255 && strconv.Itoa(n) == s {
		return s, true
	}
	return "", false
}

func (p *parser) keys(user []entry) {
	names := make([]string, len(Actions))
	for i, a := range Actions {
		names[i] = a.Name
	}
	setAt := map[string]loc{} // action -> where the user bound it
	for _, e := range user {
		if !slices.Contains(names, e.at.key) {
			if p.full() {
				p.dropped++ // no suggestion to compute for a message not shown
				continue
			}
			p.errorf(e.at, "unknown action %q in [keys]%s", e.at.key, didYouMean(e.at.key, names, "%q"))
			continue
		}
		var raw []any
		switch v := p.value(e.prim).(type) {
		case string:
			raw = []any{v}
		case []any:
			raw = v
		default:
			p.wrongType(e, `an array of key names (["ctrl+n", "n"])`)
			continue
		}
		var ks []string
		ok := true
		for _, r := range raw {
			s, isStr := r.(string)
			if !isStr {
				p.errorf(e.at, "%s must list key names as strings, not %s", e.at.where(), typeName(r))
				ok = false
				continue
			}
			if !ValidKey(s) {
				p.errorf(e.at, "unknown key name %q for action %q in [keys]%s", s, e.at.key,
					didYouMean(s, namedKeyList(), "%q"))
				ok = false
				continue
			}
			if !slices.Contains(ks, s) {
				ks = append(ks, s)
			}
		}
		if ok && len(ks) == 0 && e.at.key == "quit" {
			p.errorf(e.at, "%s is empty: without a key for quit the TUI cannot be left; bind at least one (the default is %q)",
				e.at.where(), defaultKeysOf("quit"))
			continue
		}
		if ok {
			p.cfg.Keys[e.at.key] = ks
			setAt[e.at.key] = e.at
		}
	}
	// One key, one action: a key bound twice would make one of them dead.
	owner := map[string]string{}
	for _, a := range Actions {
		for _, k := range p.cfg.Keys[a.Name] {
			prev, dup := owner[k]
			if !dup {
				owner[k] = a.Name
				continue
			}
			at, userSet := setAt[a.Name]
			if !userSet {
				at = setAt[prev]
			}
			other := func(name string) string {
				if l, ok := setAt[name]; ok {
					return fmt.Sprintf("%q (line %d)", name, p.lineOf(l))
				}
				return fmt.Sprintf("%q (by default)", name)
			}
			p.errorf(at, "key %q is bound to both %s and %s in [keys]; rebind one of them",
				k, other(prev), other(a.Name))
		}
	}
}

// defaultKeysOf is an action's default bindings, for messages.
func defaultKeysOf(action string) string {
	for _, a := range Actions {
		if a.Name == action {
			return strings.Join(a.Keys, ", ")
		}
	}
	return ""
}

func (p *parser) wrongType(e entry, want string) {
	v := p.value(e.prim)
	shown := ""
	switch v.(type) {
	case string, int64, float64, bool:
		shown = " (" + mustTOML(v) + ")"
	}
	p.errorf(e.at, "%s must be %s, not %s%s", e.at.where(), want, typeName(v), shown)
}

// mustTOML shows a scalar as it would be written in TOML.
func mustTOML(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func (p *parser) str(e entry, set func(string)) {
	s, ok := p.value(e.prim).(string)
	if !ok {
		p.wrongType(e, "a string")
		return
	}
	set(s)
}

// notifications takes "auto", "on" or "off", and true or false as the key
// was once a boolean (true is "on", false "off").
func (p *parser) notifications(e entry) {
	switch v := p.value(e.prim).(type) {
	case bool:
		p.cfg.Notifications = NotifyOff
		if v {
			p.cfg.Notifications = NotifyOn
		}
	case string:
		modes := []string{NotifyAuto, NotifyOn, NotifyOff}
		if !slices.Contains(modes, v) {
			p.errorf(e.at, "notifications %q is not one of auto, on, off%s", v, didYouMean(v, modes, "%q"))
			return
		}
		p.cfg.Notifications = v
	default:
		p.wrongType(e, `"auto", "on" or "off"`)
	}
}

func (p *parser) boolean(e entry, dst *bool) {
	b, ok := p.value(e.prim).(bool)
	if !ok {
		p.wrongType(e, "true or false")
		return
	}
	*dst = b
}

func (p *parser) intRange(e entry, lo, hi int64, hint string, dst *int) {
	n, ok := p.value(e.prim).(int64)
	if !ok {
		p.wrongType(e, "an integer")
		return
	}
	if n < lo || n > hi {
		p.errorf(e.at, "%s is %d; it must be between %d and %d%s", e.at.where(), n, lo, hi, hint)
		return
	}
	*dst = int(n)
}

func (p *parser) url(e entry, dst *string) {
	p.str(e, func(s string) {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			p.errorf(e.at, "%s is %q; it must be an http(s) base URL such as %q", e.at.where(), s, DefaultAPIURL)
			return
		}
		*dst = strings.TrimRight(s, "/")
	})
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	default:
		return "a date/time"
	}
}
