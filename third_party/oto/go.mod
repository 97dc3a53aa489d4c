module github.com/ebitengine/oto/v3

go 1.24.0

require (
	github.com/ebitengine/purego v0.9.0
	golang.org/x/sys v0.36.0
)
