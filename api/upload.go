package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"sync/atomic"
)

// UploadProgress reports bytes sent of total (total <= 0: unknown). It is
// called from the goroutine that writes the request body, often: keep it
// cheap and hand the numbers on.
type UploadProgress func(sent, total int64)

// MaxUploadSize is the largest file SoundCloud accepts.
const MaxUploadSize = 500 << 20

// Upload streams a track file from r (size bytes) as multipart without
// buffering it; never retried.
//
// With a known size the body is the multipart head, r and the tail chained
// (io.MultiReader) under an exact Content-Length; with size <= 0 it is
// written through an io.Pipe and sent chunked. Either way only a copy
// buffer's worth of r is in memory at a time. If r is an io.Seeker the upload
// is replayed once after a 401 with a refreshed token; otherwise a 401 is
// returned as is.
func (c *Client) Upload(ctx context.Context, title, sharing, filename string, r io.Reader, size int64, progress UploadProgress) (*Track, error) {
	const op = "POST /tracks"
	if size > MaxUploadSize {
		return nil, fmt.Errorf("%s: %d bytes is over the %d-byte limit", op, size, int64(MaxUploadSize))
	}
	if sharing == "" {
		sharing = "public"
	}
	fields := [][2]string{{"track[title]", title}, {"track[sharing]", sharing}}
	boundary := multipart.NewWriter(io.Discard).Boundary()
	head, tail, err := multipartFrame(boundary, fields, filename)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	seeker, canSeek := r.(io.Seeker)
	var start int64
	if canSeek {
		if start, err = seeker.Seek(0, io.SeekCurrent); err != nil {
			canSeek = false
		}
	}
	attempts := 0
	req := newRequest(http.MethodPost, op, c.apiURL("/tracks", nil))
	req.ctype = "multipart/form-data; boundary=" + boundary
	req.noTimeout = true
	req.canReplay = canSeek
	req.stream = func() (io.Reader, int64, error) {
		attempts++
		if attempts > 1 {
			if !canSeek {
				return nil, 0, errors.New("upload body cannot be replayed")
			}
			if _, err := seeker.Seek(start, io.SeekStart); err != nil {
				return nil, 0, fmt.Errorf("rewind upload: %w", err)
			}
		}
		counted := &countingReader{r: r, total: size, progress: progress}
		if size > 0 {
			body := io.MultiReader(bytes.NewReader(head), &exactReader{r: counted, left: size}, bytes.NewReader(tail))
			return body, int64(len(head)) + size + int64(len(tail)), nil
		}
		return pipeBody(ctx, head, counted, tail), -1, nil
	}
	var t Track
	if err := c.exec(ctx, req, decodeInto(op, &t)); err != nil {
		return nil, err
	}
	return &t, nil
}

// multipartFrame renders everything of the multipart body but the file
// bytes: the text fields and the file part's header (head), and the closing
// boundary (tail).
func multipartFrame(boundary string, fields [][2]string, filename string) (head, tail []byte, err error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, nil, err
	}
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			return nil, nil, err
		}
	}
	if _, err := mw.CreateFormFile("track[asset_data]", filename); err != nil {
		return nil, nil, err
	}
	head = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	return head, bytes.Clone(buf.Bytes()), nil
}

// pipeBody streams head, r and tail through an io.Pipe for bodies of unknown
// length.
func pipeBody(ctx context.Context, head []byte, r io.Reader, tail []byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		_, err := pw.Write(head)
		if err == nil {
			_, err = io.Copy(pw, ctxReader{ctx: ctx, r: r})
		}
		if err == nil {
			_, err = pw.Write(tail)
		}
		pw.CloseWithError(err)
	}()
	return pr
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// countingReader reports progress as the transport pulls the file.
type countingReader struct {
	r        io.Reader
	sent     atomic.Int64
	total    int64
	progress UploadProgress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		s := c.sent.Add(int64(n))
		if c.progress != nil {
			c.progress(s, c.total)
		}
	}
	return n, err
}

// exactReader yields exactly left bytes of r and fails otherwise, so that a
// file shorter or longer than announced aborts the body before the closing
// boundary instead of uploading a truncated track.
type exactReader struct {
	r    io.Reader
	left int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.left <= 0 {
		var probe [1]byte
		if n, _ := io.ReadFull(e.r, probe[:]); n > 0 {
			return 0, errors.New("upload file is longer than its announced size")
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, fmt.Errorf("upload file ended %d bytes short of its announced size: %w", e.left, io.ErrUnexpectedEOF)
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}
