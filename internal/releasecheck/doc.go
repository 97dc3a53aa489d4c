// Package releasecheck holds no code: its tests keep the two descriptions
// of a release in step. scripts/release (with packaging/nfpm.yaml) is what
// `make release` runs; .goreleaser.yaml describes the same release for a
// publishing CI and cannot run here (goreleaser is not a module this
// project may take from the proxy), so the tests compare what it says with
// what the script does: targets, stamped variables, build flags, archive
// contents, completions and package metadata.
package releasecheck
