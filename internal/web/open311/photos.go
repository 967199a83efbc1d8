package open311

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// photoTypes are the image types accepted, decided by content, not by name.
var photoTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}

// photos stores uploaded photos as the answers to the definition's file
// questions, in order, and returns the ids filled. Photos beyond the file
// questions are not kept; the notice says so. Each is checked for malware
// first, by the scanner every other upload passes (web.Uploads.Scan), so
// that what an officer opens from an Open311 report has been scanned too.
func (h *handler) photos(r *http.Request, d *service.Definition, photos []Photo, answers service.Answers, actor string) ([]string, string, error) {
	if len(photos) == 0 {
		return nil, "", nil
	}
	if h.Photos == nil {
		return nil, "", errBadRequest("photo uploads are not accepted by this server: send media_url instead")
	}
	var fileQs []*service.Question
	forEachQuestion(d, func(q *service.Question) {
		if q.Type == service.TypeFile {
			fileQs = append(fileQs, q)
		}
	})
	var filled []string
	for i, p := range photos {
		sum := sha256.Sum256(p.Data)
		f := web.UploadFile{Name: safeName(p), Size: int64(len(p.Data)), Body: bytes.NewReader(p.Data)}
		if msg, err := h.Uploads.Scan(r.Context(), f, hex.EncodeToString(sum[:]), actor, "open311:"+d.ID); err != nil {
			return nil, "", err
		} else if msg != "" {
			return nil, "", errBadRequest(p.Field + ": " + msg)
		}
		ct := http.DetectContentType(p.Data)
		if !slices.Contains(photoTypes, ct) {
			return nil, "", errBadRequest(fmt.Sprintf("%s is not a JPEG, PNG, GIF or WebP image", p.Field))
		}
		if service.CheckUploadName(p.Filename) != "" || service.DangerousContent(p.Data) {
			return nil, "", errBadRequest(fmt.Sprintf("%s is a program or a script, or holds one: only JPEG, PNG, GIF or WebP images are accepted", p.Field))
		}
		if i >= len(fileQs) {
			break
		}
		ref, err := h.Photos.PutPhoto(r.Context(), service.StoredFileName(safeName(p), ct), ct, p.Data)
		if err != nil {
			return nil, "", err
		}
		answers[fileQs[i].ID] = service.Answer{File: &ref}
		filled = append(filled, fileQs[i].ID)
	}
	if extra := len(photos) - len(fileQs); extra > 0 {
		return filled, fmt.Sprintf("%d photo(s) not kept: this service takes %d", extra, len(fileQs)), nil
	}
	return filled, "", nil
}

// safeName keeps the last path element of a client's file name, so that no
// name can point outside where it is stored.
func safeName(p Photo) string {
	name := p.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" || name == "." || name == ".." {
		name = p.Field
	}
	return name
}

// Blobs keeps bytes by content address (lower-case SHA-256 hex); the same
// store the front door keeps uploads in implements it.
type Blobs interface {
	Put(ctx context.Context, key string, r io.Reader) error
}

// BlobPhotos keeps photos in a Blobs store under their SHA-256, so that a
// photo's file answer points at it as the front door's uploads do.
type BlobPhotos struct{ Blobs Blobs }

// PutPhoto stores data and returns its file reference.
func (b BlobPhotos) PutPhoto(ctx context.Context, name, contentType string, data []byte) (service.FileRef, error) {
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	if err := b.Blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return service.FileRef{}, fmt.Errorf("store photo: %w", err)
	}
	return service.FileRef{Key: key, Name: name, ContentType: contentType, Size: int64(len(data))}, nil
}
