package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/photo"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// BlobPutter keeps uploaded bytes by content address (lower-case sha256 hex).
type BlobPutter interface {
	Put(ctx context.Context, key string, r io.Reader) error
}

// Scanner checks bytes for malware (scan.Clamd): the signature found, or ""
// when clean. An error means the file could not be checked.
type Scanner interface {
	Scan(ctx context.Context, r io.Reader) (string, error)
}

// AuditRecorder appends a standalone audit entry (audit.Service).
type AuditRecorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Messages residents and officers see when the scanner refuses a file.
var (
	MessageInfected    = lang.N("The selected file contains a virus")
	MessageScannerDown = lang.N("The selected file could not be checked for viruses – try again later")
)

// Uploads is the one path every browser upload takes, a resident's answer
// to a file question and an officer's attachment alike: the name and the
// bytes are checked (service.CheckUploadName, CheckFile, ContentScan), the
// file is scanned for malware when a Scanner is set, and only then stored.
type Uploads struct {
	Blobs BlobPutter
	// Scanner, when set, must say a file is clean before it is kept; a scanner
	// that cannot be reached refuses the upload.
	Scanner Scanner
	// Audit records refused infected files; nil records nothing.
	Audit  AuditRecorder
	Logger *slog.Logger
}

// UploadFile is an uploaded file: a multipart.File and its header's fields.
type UploadFile struct {
	Name string
	Size int64
	Body io.ReadSeeker
}

// headBytes is how much of a file is sniffed: enough to tell Word from Excel.
const headBytes = 64 << 10

// Store checks f as an answer to q and keeps it under its sha256, named by
// service.StoredFileName. actor and subject name who uploaded it and where,
// for the audit entry of an infected file. A refused file is a
// *service.ValidationError on q.ID; storage trouble is an ordinary error.
func (u *Uploads) Store(ctx context.Context, q *service.Question, f UploadFile, actor, subject string) (*service.FileRef, error) {
	refuse := func(msg string) error { return service.FieldErrors{{Field: q.ID, Message: msg}}.Err() }
	if msg := service.CheckUploadName(f.Name); msg != "" {
		return nil, refuse(msg)
	}
	head := make([]byte, headBytes)
	n, err := io.ReadFull(f.Body, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading upload: %w", err)
	}
	name := CleanUploadName(f.Name)
	if err := service.CheckFile(q, name, head[:n], f.Size); err != nil {
		return nil, err
	}
	if u == nil || u.Blobs == nil {
		return nil, fault.New(fault.Unavailable, "file uploads are not configured")
	}
	key, dangerous, err := hashFile(f.Body)
	if err != nil {
		return nil, err
	}
	if dangerous {
		return nil, refuse(service.MessageExecutable)
	}
	if msg, err := u.Scan(ctx, f, key, actor, subject); err != nil || msg != "" {
		if err != nil {
			return nil, err
		}
		return nil, refuse(msg)
	}
	if err := u.Blobs.Put(ctx, key, f.Body); err != nil {
		return nil, fmt.Errorf("storing upload: %w", err)
	}
	ct := service.SniffContentType(name, head[:n])
	return &service.FileRef{Key: key, Name: service.StoredFileName(f.Name, ct), ContentType: ct, Size: f.Size}, nil
}

// Scan returns the message refusing f ("" when clean) and rewinds it: the
// malware check alone, for a caller (the API) that checks names and types
// itself. Without a Scanner every file passes. An infected file is audited
// with the signature found; a scanner that cannot be reached refuses it.
func (u *Uploads) Scan(ctx context.Context, f UploadFile, key, actor, subject string) (string, error) {
	if u == nil || u.Scanner == nil {
		return "", nil
	}
	found, err := u.Scanner.Scan(ctx, f.Body)
	if _, serr := f.Body.Seek(0, io.SeekStart); serr != nil {
		return "", serr
	}
	log := u.Logger
	if log == nil {
		log = slog.Default()
	}
	if err != nil {
		log.ErrorContext(ctx, "upload refused: virus scanner unavailable", "err", err)
		return MessageScannerDown, nil
	}
	if found == "" {
		return "", nil
	}
	log.WarnContext(ctx, "upload refused: malware found", "signature", found, "sha256", key, "subject", subject)
	if u.Audit != nil {
		if actor == "" {
			actor = "anonymous"
		}
		e := audit.Entry{Actor: actor, Action: "upload.infected", Subject: subject,
			Detail: audit.Detail(map[string]any{"signature": found, "sha256": key, "name": CleanUploadName(f.Name), "size": f.Size})}
		if err := u.Audit.Record(ctx, e); err != nil {
			return "", fmt.Errorf("auditing an infected upload: %w", err)
		}
	}
	return MessageInfected, nil
}

// hashFile returns the sha256 of f, whether its bytes are a program or hold
// active content (service.ContentScan), and rewinds it for storing.
func hashFile(f io.ReadSeeker) (string, bool, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", false, err
	}
	sum := sha256.New()
	var scan service.ContentScan
	if _, err := io.Copy(io.MultiWriter(sum, &scan), f); err != nil {
		return "", false, fmt.Errorf("hashing upload: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", false, err
	}
	return hex.EncodeToString(sum.Sum(nil)), scan.Dangerous(), nil
}

// CleanUploadName keeps the base of a browser-sent file name, without control
// characters, at most 200 bytes: it is shown to officers and residents.
func CleanUploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		name = name[:200]
	}
	if name == "" || name == "." || name == "/" {
		return "upload"
	}
	return name
}

// Messages a resident sees when a photo is refused.
var (
	MessageNotPhoto      = lang.N("The selected file must be a JPG or PNG photo")
	MessagePhotoTooLarge = lang.N("The selected file must be smaller than 10MB")
)

// StorePhoto keeps a resident's photo for the public to see: the file is
// scanned for malware as it was sent (Scan), then written again without its
// metadata and turned upright (photo.Clean), and only the cleaned bytes are
// kept, under their sha256. A refused file is a *service.ValidationError on
// field; storage trouble is an ordinary error.
func (u *Uploads) StorePhoto(ctx context.Context, field string, f UploadFile, actor, subject string) (*service.FileRef, error) {
	refuse := func(msg string) error { return service.FieldErrors{{Field: field, Message: msg}}.Err() }
	if u == nil || u.Blobs == nil {
		return nil, fault.New(fault.Unavailable, "file uploads are not configured")
	}
	if f.Size > photo.MaxBytes {
		return nil, refuse(MessagePhotoTooLarge)
	}
	key, _, err := hashFile(f.Body)
	if err != nil {
		return nil, err
	}
	if msg, err := u.Scan(ctx, f, key, actor, subject); err != nil || msg != "" {
		if err != nil {
			return nil, err
		}
		return nil, refuse(msg)
	}
	p, err := photo.Clean(f.Body)
	switch {
	case errors.Is(err, photo.ErrTooLarge):
		return nil, refuse(MessagePhotoTooLarge)
	case errors.Is(err, photo.ErrNotImage):
		return nil, refuse(MessageNotPhoto)
	case err != nil:
		return nil, fmt.Errorf("reading photo: %w", err)
	}
	sum := sha256.Sum256(p.Bytes)
	ref := &service.FileRef{Key: hex.EncodeToString(sum[:]), ContentType: p.ContentType, Size: int64(len(p.Bytes))}
	ref.Name = service.StoredFileName(CleanUploadName(f.Name), p.ContentType)
	if err := u.Blobs.Put(ctx, ref.Key, bytes.NewReader(p.Bytes)); err != nil {
		return nil, fmt.Errorf("storing photo: %w", err)
	}
	return ref, nil
}
