package browser

// opener is url.dll's FileProtocolHandler through rundll32, which hands the
// address to the default browser and returns. Unlike `cmd /c start`, no
// shell parses the address, so its & and ^ stay as they are.
func opener(u string) ([]string, error) {
	return []string{"rundll32", "url.dll,FileProtocolHandler", u}, nil
}

// noBrowserExit: rundll32 has no exit status for "no browser".
func noBrowserExit(int) bool { return false }
