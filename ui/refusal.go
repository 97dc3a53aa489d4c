package ui

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// refusalMsg says SoundCloud refused this app an action (full streams or
// writes) whoever is signed in: api.AppRefusal recognised the 403.
type refusalMsg struct{ kind api.Refusal }

// refusals owns what SoundCloud refused the app this session. Each kind is
// said once on the status line, in one plain sentence, and stays in the
// detail pane; the raw body goes to the log only.
type refusals struct {
	kinds []api.Refusal
}

// Update notes a refusal; the first of its kind goes to the status line
// and stays there until another message replaces it.
func (r *refusals) Update(msg refusalMsg) tea.Cmd {
	if msg.kind == 0 || slices.Contains(r.kinds, msg.kind) {
		return nil
	}
	r.kinds = append(r.kinds, msg.kind)
	text := msg.kind.Sentence()
	return func() tea.Msg { return statusMsg{text: text, err: true, sticky: true} }
}

// has says whether SoundCloud refused the app k this session.
func (r *refusals) has(k api.Refusal) bool { return slices.Contains(r.kinds, k) }

// sentences are the refusals said so far, for the detail pane.
func (r *refusals) sentences() []string {
	out := make([]string, 0, len(r.kinds))
	for _, k := range r.kinds {
		out = append(out, k.Sentence())
	}
	return out
}

// failure is the command that reports a failed action: an app refusal as
// refusalMsg, anything else as text on the status line.
func failure(text string, err error) tea.Cmd {
	if k, ok := api.AppRefusal(err); ok {
		return func() tea.Msg { return refusalMsg{kind: k} }
	}
	return statusCmd(text, true)
}
