package browser

// opener is open(1), which hands the address to the default browser
// through Launch Services and returns.
func opener(u string) ([]string, error) { return []string{"open", u}, nil }

// noBrowserExit: open(1) has no exit status of its own for "no browser".
func noBrowserExit(int) bool { return false }
