package config

// Theme holds the UI colours as hex ("#ff5500") or ANSI numbers ("208").
type Theme struct {
	Accent    string `toml:"accent"`
	Text      string `toml:"text"`
	Muted     string `toml:"muted"`
	Highlight string `toml:"highlight"`
	Error     string `toml:"error"`
	Played    string `toml:"played"`   // played part of the waveform
	Unplayed  string `toml:"unplayed"` // rest of the waveform
}

// DefaultTheme is SoundCloud orange on the terminal's own background.
func DefaultTheme() Theme {
	return Theme{
		Accent:    "#ff5500",
		Text:      "#e6e6e6",
		Muted:     "#8a8a8a",
		Highlight: "#ff7700",
		Error:     "#ff4d4f",
		Played:    "#ff5500",
		Unplayed:  "#555555",
	}
}
