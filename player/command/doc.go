package command

import (
	"fmt"
	"slices"
	"strings"
)

// Usage is a command's name with its arguments, as the help shows it.
func (s Spec) Usage() string {
	if s.Args == "" {
		return s.Name
	}
	return s.Name + " " + s.Args
}

// Markdown renders Specs as the README's command table; a test keeps the
// README equal to it.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| Command | What it does | Key |\n|---|---|---|\n")
	for _, s := range Specs {
		name := "`:" + strings.ReplaceAll(s.Usage(), "|", `\|`) + "`"
		if len(s.Aliases) > 0 {
			name += " (also `:" + strings.Join(s.Aliases, "`, `:") + "`)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, strings.ReplaceAll(s.Help, "|", `\|`), strings.Join(keyActionsFor(s.Name), ", "))
	}
	return b.String()
}

// keyActionsFor lists the key actions whose line starts with name, as
// `action` (line) when the line has arguments.
func keyActionsFor(name string) []string {
	var out []string
	for _, a := range actionOrder {
		line := KeyLines[a]
		w, _, _ := strings.Cut(line, " ")
		if w != name {
			continue
		}
		if line == name {
			out = append(out, "`"+a+"`")
		} else {
			out = append(out, "`"+a+"` ("+line+")")
		}
	}
	return out
}

// actionOrder is KeyLines' keys in a stable order.
var actionOrder = func() []string {
	out := make([]string, 0, len(KeyLines))
	for a := range KeyLines {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}()
