package fake

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

// The CDN: signed media URLs, waveforms (PNG and JSON), avatars and artwork.

func (s *Server) cdnHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /media/{track}/{format}/{file}", s.media)
	mux.HandleFunc("GET /{file}", s.cdnFile)
	return mux
}

func cdnDenied(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusForbidden)
	_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>`+msg+`</Message></Error>`)
}

func cdnNotFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>`)
}

// mediaWriter counts bytes for Stats and cuts the connection when a
// DropMediaAfter fault applies to this response.
type mediaWriter struct {
	http.ResponseWriter
	s      *Server
	n      int64
	dropAt int64 // 0 = never
}

func (m *mediaWriter) Write(p []byte) (int, error) {
	if m.dropAt > 0 && m.n+int64(len(p)) > m.dropAt {
		k := m.dropAt - m.n
		if k > 0 {
			_, _ = m.ResponseWriter.Write(p[:k])
			m.add(k)
		}
		if f, ok := m.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler) // net/http closes the connection mid-body
	}
	n, err := m.ResponseWriter.Write(p)
	m.add(int64(n))
	return n, err
}

func (m *mediaWriter) add(n int64) {
	m.n += n
	m.s.mu.Lock()
	m.s.stats.MediaBytes += n
	m.s.mu.Unlock()
}

// mediaOut wraps w for an audio response, deciding whether it is cut.
func (s *Server) mediaOut(w http.ResponseWriter) *mediaWriter {
	s.mu.Lock()
	defer s.mu.Unlock()
	mw := &mediaWriter{ResponseWriter: w, s: s}
	f := s.faults
	if f.DropMediaAfter > 0 && (f.DropMediaTimes == 0 || s.drops < f.DropMediaTimes) {
		s.drops++
		s.stats.Faults++
		mw.dropAt = f.DropMediaAfter
	}
	return mw
}

var modTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (s *Server) media(w http.ResponseWriter, r *http.Request) {
	s.count(r, "GET /media/{track}/{format}/{file}")
	s.mu.Lock()
	s.stats.MediaRequests++
	s.mu.Unlock()
	if okSig, msg := s.verify(r); !okSig {
		cdnDenied(w, msg)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("track"), 10, 64)
	if err != nil {
		cdnNotFound(w)
		return
	}
	s.mu.Lock()
	t := s.st.tracks[id]
	var spec media.Spec
	if t != nil {
		spec = t.spec
	}
	exp := s.signedURLExpiry()
	corrupt := s.faults.CorruptSegment
	unsized := s.faults.UnsizedProgressive
	s.mu.Unlock()
	if t == nil {
		cdnNotFound(w)
		return
	}
	format, file := r.PathValue("format"), r.PathValue("file")
	switch format {
	case "download":
		ra, size, err := s.lib.MP3(spec)
		if err != nil {
			http.Error(w, "media: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Accept-Ranges", "bytes")
		http.ServeContent(s.mediaOut(w), r, "", modTime, io.NewSectionReader(ra, 0, size))
		return
	case "preview_mp3_128", "http_mp3_128":
		// since 2026 the legacy progressive MP3 is the 30 s snippet too
		b, err := s.lib.Preview(spec)
		if err != nil {
			http.Error(w, "media: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "audio/mpeg")
		if unsized {
			s.mu.Lock()
			s.stats.Faults++
			s.mu.Unlock()
			// written in pieces after a flush: chunked, no length
			mw := s.mediaOut(w)
			w.WriteHeader(http.StatusOK)
			for len(b) > 0 {
				n := min(len(b), 16<<10)
				if _, err := mw.Write(b[:n]); err != nil {
					return
				}
				if f, ok := w.(http.Flusher); ok {
					f.Flush()
				}
				b = b[n:]
			}
			return
		}
		http.ServeContent(s.mediaOut(w), r, "", modTime, bytes.NewReader(b))
		return
	}
	f := media.Format(format)
	if f != media.FormatHLSAAC160 && f != media.FormatHLSAAC96 && f != media.FormatHLSMP3 {
		cdnNotFound(w)
		return
	}
	base := "/media/" + r.PathValue("track") + "/" + format + "/"
	switch {
	case file == "playlist.m3u8":
		ext := ".m4s"
		if f == media.FormatHLSMP3 {
			ext = ".mp3"
		}
		var initURL string
		if f != media.FormatHLSMP3 {
			initURL = s.sign(base+"init.mp4", exp)
		}
		pl, err := s.lib.MediaPlaylist(spec, f, initURL, func(i int) string {
			return s.sign(base+"seg-"+strconv.Itoa(i)+ext, exp)
		})
		if err != nil {
			http.Error(w, "media: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.apple.mpegurl")
		w.Header().Set("Content-Length", strconv.Itoa(len(pl)))
		n, _ := w.Write(pl)
		s.mu.Lock()
		s.stats.MediaBytes += int64(n)
		s.mu.Unlock()
	case file == "init.mp4":
		b, err := s.lib.Init(spec, f)
		if err != nil {
			cdnNotFound(w)
			return
		}
		w.Header().Set("Content-Type", "audio/mp4")
		http.ServeContent(s.mediaOut(w), r, "", modTime, bytes.NewReader(b))
	case strings.HasPrefix(file, "seg-"):
		num := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(file, "seg-"), ".m4s"), ".mp3")
		i, err := strconv.Atoi(num)
		if err != nil || i < 0 {
			cdnNotFound(w)
			return
		}
		b, err := s.lib.Segment(spec, f, i)
		if err != nil {
			cdnNotFound(w)
			return
		}
		if corrupt > 0 && i == corrupt-1 {
			b = garble(b)
			s.mu.Lock()
			s.stats.Faults++
			s.mu.Unlock()
		}
		if f == media.FormatHLSMP3 {
			w.Header().Set("Content-Type", "audio/mpeg")
		} else {
			w.Header().Set("Content-Type", "audio/mp4")
		}
		http.ServeContent(s.mediaOut(w), r, "", modTime, bytes.NewReader(b))
	default:
		cdnNotFound(w)
	}
}

// garble flips the bytes of the second half of a segment: the container
// headers at the front survive, the audio payload does not.
func garble(b []byte) []byte {
	out := append([]byte(nil), b...)
	for i := len(out) / 2; i < len(out); i++ {
		out[i] ^= 0xA5
	}
	return out
}

type jsonWaveform struct {
	Width   int   `json:"width"`
	Height  int   `json:"height"`
	Samples []int `json:"samples"`
}

// cdnFile serves waveforms (<key>_m.png / .json) and avatar or artwork JPEGs.
func (s *Server) cdnFile(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	s.count(r, "GET /{file}")
	switch {
	case strings.HasSuffix(file, "_m.png"), strings.HasSuffix(file, "_m.json"):
		k := strings.TrimSuffix(strings.TrimSuffix(file, ".png"), ".json")
		k = strings.TrimSuffix(k, "_m")
		s.mu.Lock()
		var spec media.Spec
		found := false
		for _, t := range s.st.tracks {
			if t.waveKey == k {
				spec, found = t.spec, true
				break
			}
		}
		s.mu.Unlock()
		if !found {
			cdnNotFound(w)
			return
		}
		samples := s.lib.Waveform(spec)
		if strings.HasSuffix(file, ".json") {
			b, _ := json.Marshal(jsonWaveform{Width: len(samples), Height: 140, Samples: samples})
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(b)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		_ = png.Encode(w, waveformImage(samples))
	case strings.HasSuffix(file, "-large.jpg"):
		h := fnv.New32a()
		_, _ = io.WriteString(h, file)
		v := h.Sum32()
		img := image.NewRGBA(image.Rect(0, 0, 100, 100))
		c1 := color.RGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), 255}
		c2 := color.RGBA{255 - c1.R, 255 - c1.G, 255 - c1.B, 255}
		for y := 0; y < 100; y++ {
			for x := 0; x < 100; x++ {
				if (x/20+y/20)%2 == 0 {
					img.Set(x, y, c1)
				} else {
					img.Set(x, y, c2)
				}
			}
		}
		w.Header().Set("Content-Type", "image/jpeg")
		_ = jpeg.Encode(w, img, &jpeg.Options{Quality: 70})
	default:
		cdnNotFound(w)
	}
}

// waveformImage draws samples like SoundCloud's: grey bars on transparent.
func waveformImage(samples []int) image.Image {
	const h = 140
	img := image.NewNRGBA(image.Rect(0, 0, len(samples), h))
	bar := color.NRGBA{0x99, 0x99, 0x99, 0xff}
	for x, v := range samples {
		v = min(max(v, 0), h)
		for y := (h - v) / 2; y < (h+v)/2; y++ {
			img.Set(x, y, bar)
		}
	}
	return img
}
