package cli

import "os"

// tokenFileNote says where the tokens are. Windows has no file modes (Go
// reports 0666): the ACL of the profile folder the file sits in keeps other
// users out, so there is no mode to report or fix.
func tokenFileNote(path string, _ os.FileInfo) (where, fix string) {
	return "tokens in " + path + " (in your profile, which only you can read)", ""
}
