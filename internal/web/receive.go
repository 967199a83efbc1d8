package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// memoryBody is how much of a body is kept in memory; the rest of a larger
// one (an upload) goes to a temporary file. It bounds what each connection
// still sending its body costs: Config.MaxReceiving of them cost at most
// MaxReceiving × 64 KiB.
const memoryBody = 64 << 10

// ErrBodyTimeout is a request body that arrived too slowly (408): it fell
// behind Config.BodyMinRate once Config.BodyGrace had passed.
var ErrBodyTimeout = errors.New("the request body arrived too slowly")

// receive reads the whole request body before the request takes an
// in-flight slot (shed runs inside it), so that clients still sending
// bodies, slowly or not at all, can never fill the slots that requests
// being handled need. The body must keep up Config.BodyMinRate after
// Config.BodyGrace, or the request gets 408 and its connection is closed;
// at most Config.MaxReceiving bodies are received at once. Once the body is
// in, the response has Config.ResponseTimeout to be written.
func (s *Server) receive(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if hasBody(r) {
			body, err := s.receiveBody(w, r, rc)
			if err != nil {
				w.Header().Set("Connection", "close") // the rest of the body is not read
				Error(w, r, err)
				return
			}
			defer body.Close()
			r.Body, r.ContentLength = body, body.size
			r.Header.Del("Transfer-Encoding")
			r.TransferEncoding = nil
		}
		_ = rc.SetReadDeadline(time.Time{})
		if s.cfg.ResponseTimeout > 0 {
			_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.ResponseTimeout))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) receiveBody(w http.ResponseWriter, r *http.Request, rc *http.ResponseController) (*receivedBody, error) {
	limit := s.bodyLimit(r)
	if r.ContentLength > limit {
		return nil, ErrTooLarge
	}
	select {
	case s.receiving <- struct{}{}:
		defer func() { <-s.receiving }()
	default:
		return nil, &RetryError{Kind: fault.Unavailable, After: 2 * time.Second}
	}
	start := time.Now()
	pace := func(n int64) { // before each read: the time this many bytes have earned
		allowed := s.cfg.BodyGrace + time.Duration(float64(n)/s.cfg.BodyMinRate*float64(time.Second))
		_ = rc.SetReadDeadline(start.Add(allowed))
	}
	return spool(r.Body, limit, pace, s.cfg.SpoolDir)
}

// bodyLimit is MaxUploadBytes for multipart forms and uploads, MaxBodyBytes otherwise.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" || isUploadPath(r.URL.Path) {
		return s.cfg.MaxUploadBytes
	}
	return s.cfg.MaxBodyBytes
}

// receivedBody is a request body read in full: in memory, or in a
// temporary file that Close removes.
type receivedBody struct {
	io.Reader
	size int64
	file *os.File
}

// Close removes the temporary file, if any.
func (b *receivedBody) Close() error {
	if b.file == nil {
		return nil
	}
	err := b.file.Close()
	return errors.Join(err, os.Remove(b.file.Name()))
}

// spool reads body to the end, at most limit bytes (ErrTooLarge beyond),
// calling pace with the bytes so far before each read. The first 64 KiB
// stay in memory; anything more goes to a temporary file in dir.
func spool(body io.Reader, limit int64, pace func(int64), dir string) (b *receivedBody, err error) {
	var mem bytes.Buffer
	out := &receivedBody{}
	defer func() {
		if err != nil {
			out.Close()
		}
	}()
	var dst io.Writer = &mem
	buf := make([]byte, 32<<10)
	for {
		pace(out.size)
		n, rerr := body.Read(buf)
		if out.size+int64(n) > limit {
			return nil, ErrTooLarge
		}
		if n > 0 {
			if out.file == nil && mem.Len()+n > memoryBody {
				if out.file, err = os.CreateTemp(dir, "guildhall-body-*"); err != nil {
					return nil, err
				}
				if _, err = out.file.Write(mem.Bytes()); err != nil {
					return nil, err
				}
				dst = out.file
			}
			if _, err = dst.Write(buf[:n]); err != nil {
				return nil, err
			}
			out.size += int64(n)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, bodyError(rerr)
		}
	}
	if out.file == nil {
		out.Reader = bytes.NewReader(mem.Bytes())
		return out, nil
	}
	if _, err = out.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	out.Reader = out.file
	return out, nil
}

// bodyError names why a body could not be read: too slow (408), too large
// (413), or broken off or malformed by the client (400).
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return ErrBodyTimeout
	case errors.As(err, &mbe):
		return ErrTooLarge
	}
	return fault.Wrap(fault.Invalid, err, "reading the request body")
}
