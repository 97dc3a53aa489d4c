package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Error is one mistake in a config file, located so the user can jump to it.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Key  string // dotted path such as "audio.volume"; "" for syntax errors
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every mistake found in one file, in line order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	return es
}

// suggest returns the candidate nearest to s when it is close enough to be a
// plausible typo, else "".
func suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(strings.ToLower(s), c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, len(s)/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

func didYouMean(s string, candidates []string, format string) string {
	if m := suggest(s, candidates); m != "" {
		return "; did you mean " + fmt.Sprintf(format, m) + "?"
	}
	return ""
}
