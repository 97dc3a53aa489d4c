package cli

// tokenFileGuard is what doctor says keeps the token file private.
const tokenFileGuard = "(in your profile, which only you can read)"
