// Command gendocs writes cirrus's man pages (section 1, one per command,
// from the cobra command tree through cobra/doc) into the directory given
// as its argument. scripts/release runs it; it is not part of the cirrus
// binary, so cirrus itself links no man-page renderer.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra/doc"

	"github.com/cirrus-tui/cirrus/ui/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendocs DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	root := cli.NewRoot()
	root.DisableAutoGenTag = true // the date would make every build differ
	hdr := &doc.GenManHeader{Title: "CIRRUS", Section: "1", Source: "cirrus", Manual: "cirrus manual"}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var sec int64
		if _, err := fmt.Sscan(s, &sec); err == nil {
			d := time.Unix(sec, 0).UTC()
			hdr.Date = &d
		}
	}
	if err := doc.GenManTree(root, hdr, dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
