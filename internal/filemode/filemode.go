// Package filemode lets tests check that a file is kept from other users
// the way the platform does it: file modes on Unix; on Windows, where Go
// reports every file as 0666 or 0444, the ACL of the profile folder it sits
// in (see config's dirs_windows.go).
package filemode
