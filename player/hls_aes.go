package player

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
)

// decrypt undoes EXT-X-KEY METHOD=AES-128 on a whole segment: AES-128-CBC
// with PKCS#7 padding (RFC 8216 4.3.2.4, 5.2). b is the segment's own
// buffer and is decrypted in place.
func (h *hlsSource) decrypt(ctx context.Context, seg hlsSegment, b []byte) ([]byte, error) {
	key, err := h.aesKey(ctx, seg.key.uri)
	if err != nil {
		return nil, err
	}
	iv := seg.key.iv
	if !seg.key.hasIV {
		// the media sequence number, big-endian, as the IV
		iv = [16]byte{}
		binary.BigEndian.PutUint64(iv[8:], uint64(seg.seq))
	}
	out, err := aes128CBC(key, iv[:], b)
	if err != nil {
		return nil, fmt.Errorf("AES-128 segment: %w", err)
	}
	return out, nil
}

// aesKey fetches the 16-byte key at u once.
func (h *hlsSource) aesKey(ctx context.Context, u string) ([]byte, error) {
	h.keyMu.Lock()
	defer h.keyMu.Unlock()
	if k, ok := h.keys[u]; ok {
		return k, nil
	}
	b, err := h.m.fetchAll(ctx, u, 64)
	if err != nil {
		return nil, fmt.Errorf("fetch the AES-128 key %s: %w", sanitize(redact(u)), err)
	}
	if len(b) != 16 {
		return nil, fmt.Errorf("the AES-128 key %s is %d bytes, not 16", sanitize(redact(u)), len(b))
	}
	if h.keys == nil {
		h.keys = map[string][]byte{}
	}
	h.keys[u] = b
	return b, nil
}

// errBadPadding is what a wrong key or IV gives.
var errBadPadding = errors.New("bad padding after decryption (wrong key or IV?)")

// aes128CBC decrypts b in place and strips its PKCS#7 padding.
func aes128CBC(key, iv, b []byte) ([]byte, error) {
	if len(b) == 0 || len(b)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%d bytes is not a whole number of AES blocks", len(b))
	}
	blk, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	cipher.NewCBCDecrypter(blk, iv).CryptBlocks(b, b)
	n := int(b[len(b)-1])
	if n == 0 || n > aes.BlockSize {
		return nil, errBadPadding
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, errBadPadding
		}
	}
	return b[:len(b)-n], nil
}
