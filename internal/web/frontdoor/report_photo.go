package frontdoor

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/photo"
)

// photoMaxAge is how long a browser or cache may keep a public photo: an
// officer who hides one means it to go soon.
const photoMaxAge = 10 * 60

// reportPhotoGet serves a public report's photo, only if the case service
// (the access policy's one rule for public photos) lets the public see
// it: anything else, a guessed key or reference included, is 404. A
// photo kept as the resident sent it (a report's answer, kept so for the
// officers) is cleaned of its metadata on the way out.
func (h *handler) reportPhotoGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Cases.PublicPhoto(r.Context(), r.PathValue("ref"), r.PathValue("key"))
	if err != nil {
		return err
	}
	etag := `"` + p.File.Key + `"`
	hdr := w.Header()
	hdr.Set("Cache-Control", "public, max-age="+strconv.Itoa(photoMaxAge))
	hdr.Set("ETag", etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body, err := h.Blobs.Open(r.Context(), p.File.Key)
	if err != nil {
		return err
	}
	defer body.Close()
	var out []byte
	if p.Cleaned {
		out, err = io.ReadAll(io.LimitReader(body, photo.MaxBytes+1))
	} else {
		var c photo.Photo
		c, err = photo.Clean(body)
		out = c.Bytes
	}
	if err != nil { // kept as an image type it is not: nothing to show
		return fault.Wrap(fault.NotFound, err, "photo of "+r.PathValue("ref"))
	}
	hdr.Set("Content-Type", http.DetectContentType(out))
	hdr.Set("Content-Length", strconv.Itoa(len(out)))
	_, err = io.Copy(w, bytes.NewReader(out))
	return err
}
