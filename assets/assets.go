// Package assets holds the data embedded in the cirrus binary.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed audio
var audio embed.FS

// Audio is the generated demo music (written by scripts/gen-audio): for each
// piece a loopable ADTS AAC stream at 160 and 96 kbit/s and an MP3 stream,
// plus manifest.json. The fake SoundCloud serves every stream from these.
func Audio() fs.FS {
	sub, err := fs.Sub(audio, "audio")
	if err != nil {
		panic(err) // cannot happen: "audio" is a valid path embedded above
	}
	return sub
}
