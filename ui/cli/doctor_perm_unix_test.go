//go:build unix

package cli

// tokenFileGuard is what doctor says keeps the token file private.
const tokenFileGuard = "(mode 0600)"
