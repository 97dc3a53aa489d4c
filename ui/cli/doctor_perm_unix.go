//go:build unix

package cli

import (
	"fmt"
	"os"
)

// tokenFileNote says where the tokens are and, when other users can read
// them, how to fix it: on Unix the file's mode is what keeps them private.
func tokenFileNote(path string, fi os.FileInfo) (where, fix string) {
	where = fmt.Sprintf("tokens in %s (mode %04o)", path, fi.Mode().Perm())
	if fi.Mode().Perm()&0o077 != 0 {
		fix = "chmod 600 " + path + ": other users can read it"
	}
	return where, fix
}
