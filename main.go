// Command cirrus is a keyboard-driven SoundCloud client for the terminal.
package main

import (
	"os"

	"github.com/cirrus-tui/cirrus/ui/cli"
)

func main() {
	os.Exit(cli.Execute(os.Args[1:]))
}
