package workspace

import (
	"context"
	"io"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// BlobReader opens stored document bytes by content address.
type BlobReader interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// markingHeader carries the case's classification with every download, so
// that the marking travels with the bytes (and proxies and DLP tools see it).
const markingHeader = "X-Classification"

// attachmentGet streams one of a case's documents from blob storage. The case
// is read through cases.Service.Get (policy and audit), and the key must be a
// document of that case: a key of another case is 404 like a missing one.
func (h *handler) attachmentGet(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Cases.Get(r.Context(), principal(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	ref := fileOf(&c, r.PathValue("key"))
	if ref == nil {
		events, err := h.Cases.Timeline(r.Context(), principal(r), c.Ref)
		if err != nil {
			return err
		}
		ref = attachedFile(events, r.PathValue("key"))
	}
	if ref == nil || h.Blobs == nil {
		return fault.New(fault.NotFound, "document of case %s", c.Ref)
	}
	body, err := h.Blobs.Open(r.Context(), ref.Key)
	if err != nil {
		return err
	}
	defer body.Close()
	setDownloadHeaders(w.Header(), &c, ref)
	if _, err := io.Copy(w, body); err != nil {
		h.logger().WarnContext(r.Context(), "attachment download cut short", "case", c.Ref, "err", err)
	}
	return nil
}

// fileOf finds the file answer of c with content address key.
func fileOf(c *cases.Case, key string) *service.FileRef {
	for _, a := range c.Answers {
		if a.File != nil && a.File.Key == key {
			return a.File
		}
	}
	return nil
}

// attachedFile finds the attachment event's file with content address key.
func attachedFile(events []cases.Event, key string) *service.FileRef {
	for _, f := range attachedFiles(events) {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// setDownloadHeaders: a download like every other (web.SetDownloadHeaders),
// with the marking in a header and, for OFFICIAL-SENSITIVE, in the file name.
func setDownloadHeaders(h http.Header, c *cases.Case, f *service.FileRef) {
	prefix := ""
	if isSensitive(c) {
		prefix = "OFFICIAL-SENSITIVE "
	}
	web.SetDownloadHeaders(h, prefix, *f)
	h.Set(markingHeader, string(c.Classification))
}
