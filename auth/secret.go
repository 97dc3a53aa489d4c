package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

const redacted = "[redacted]"

// Token is one OAuth token pair as cirrus keeps it. Its String, GoString and
// LogValue redact, so printing or logging one by mistake leaks nothing.
type Token struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time // zero: unknown, trusted until a 401
	IssuedAt     time.Time
	Scope        string
}

// String redacts the token values.
func (t Token) String() string {
	return fmt.Sprintf("auth.Token{access:%s refresh:%s expiry:%s}",
		Fingerprint(t.AccessToken), Fingerprint(t.RefreshToken), t.Expiry.Format(time.RFC3339))
}

// GoString redacts for %#v.
func (t Token) GoString() string { return t.String() }

// LogValue redacts in slog output.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access", Fingerprint(t.AccessToken)),
		slog.String("refresh", Fingerprint(t.RefreshToken)),
		slog.Time("expiry", t.Expiry))
}

// Fingerprint names a secret in logs without revealing it: a short hash that
// tells two tokens apart and cannot be turned back into either.
func Fingerprint(secret string) string {
	if secret == "" {
		return "none"
	}
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:4])
}

// Redactor scrubs known secrets (client secret, tokens, authorization codes)
// out of text. The Manager registers every token it sees; the log handler and
// error wrapping run text through it, as a net under the rule that secrets are
// never passed to a logger in the first place.
type Redactor struct {
	mu       sync.RWMutex
	secrets  []string
	replacer *strings.Replacer
}

// NewRedactor starts with the given secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		r.Add(s)
	}
	return r
}

// minSecret avoids scrubbing short strings that would mangle ordinary text.
const minSecret = 6

// Add registers a secret.
func (r *Redactor) Add(secret string) {
	if r == nil || len(secret) < minSecret {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if slices.Contains(r.secrets, secret) {
		return
	}
	r.secrets = append(r.secrets, secret)
	// Longest first, so a secret that contains another is replaced whole.
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(r.secrets))
	for _, s := range r.secrets {
		pairs = append(pairs, s, redacted)
	}
	r.replacer = strings.NewReplacer(pairs...)
}

// Redact returns s with every registered secret replaced.
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	r.mu.RLock()
	rep := r.replacer
	r.mu.RUnlock()
	if rep == nil {
		return s
	}
	return rep.Replace(s)
}

// Err wraps err so that its text is redacted while errors.Is/As still see the
// original chain.
func (r *Redactor) Err(err error) error {
	if err == nil {
		return nil
	}
	msg := r.Redact(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Handler wraps a slog.Handler so that messages and attribute values pass
// through Redact before they are written.
func (r *Redactor) Handler(h slog.Handler) slog.Handler { return &redactHandler{r: r, h: h} }

type redactHandler struct {
	r *Redactor
	h slog.Handler
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h *redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.Redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = h.attr(a)
	}
	return &redactHandler{r: h.r, h: h.h.WithAttrs(red)}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{r: h.r, h: h.h.WithGroup(name)}
}

func (h *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.r.Redact(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, ga := range g {
			red[i] = h.attr(ga)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		// Errors, structs, byte slices: render as text, then scrub.
		if e, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.r.Redact(e.Error()))
		}
		return slog.String(a.Key, h.r.Redact(fmt.Sprint(v.Any())))
	default:
		return slog.Attr{Key: a.Key, Value: v}
	}
}

// errorsAs is errors.As for a target type, shortened for readability.
func errorsAs[T error](err error) (T, bool) {
	var t T
	ok := errors.As(err, &t)
	return t, ok
}
