package config

import (
	"fmt"
	"strings"
)

// KeymapMarkdown renders the default key bindings as Markdown, one table per
// help group in the order of Actions. README.md embeds exactly this text
// (a test keeps it in sync), so the documented key map cannot drift from the
// bindings the program uses.
func KeymapMarkdown() string {
	var groups []string
	byGroup := map[string][]Action{}
	for _, a := range Actions {
		if _, ok := byGroup[a.Group]; !ok {
			groups = append(groups, a.Group)
		}
		byGroup[a.Group] = append(byGroup[a.Group], a)
	}
	var b strings.Builder
	for i, g := range groups {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "### %s\n\n", g)
		b.WriteString("| Action | Keys | What it does |\n")
		b.WriteString("|---|---|---|\n")
		for _, a := range byGroup[g] {
			keys := make([]string, len(a.Keys))
			for k, key := range a.Keys {
				keys[k] = mdCode(key)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", a.Name, strings.Join(keys, ", "), mdCell(a.Help))
		}
	}
	return b.String()
}

// mdCode renders a key name as inline code that survives a table cell: a
// pipe is escaped, and a key containing a backtick gets a longer fence.
func mdCode(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// mdCell escapes the characters that would break a table row.
func mdCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
