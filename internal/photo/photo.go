// Package photo makes a photo a resident sends safe to keep and to publish:
// it must be a JPEG or PNG no larger than MaxBytes and MaxPixels, and what
// is kept is the picture alone, decoded and written again, so no EXIF
// block (where the phone stood, its make, the time), XMP, comment or text
// chunk of the file sent survives to be shown on a public page. Scanning
// for malware is the caller's (web.Scanner); this package reads pixels only.
package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/sync/semaphore"
)

const (
	// MaxBytes is the largest photo taken: a phone camera's full-size JPEG.
	MaxBytes = 10 << 20
	// MaxPixels bounds the decoded size, so a small file that claims to be
	// enormous (a decompression bomb) is refused before it is decoded.
	MaxPixels = 50_000_000
)

// Errors, each a reason to give the resident.
var (
	ErrNotImage = errors.New("the file must be a JPG or PNG photo")
	ErrTooLarge = fmt.Errorf("the photo must be smaller than %d MB", MaxBytes>>20)
)

// pixelsAtOnce bounds the pixels this process decodes at the same time. A
// decoded picture takes 1.5 to 8 bytes a pixel, so twenty residents'
// 50-megapixel photos cleaned at once (uploads, or a public report's photo
// served to many readers) would need gigabytes; with this bound the
// pictures wait their turn, and the memory for decoding stays within one
// largest picture's.
var pixelsAtOnce = semaphore.NewWeighted(MaxPixels)

// Photo is a cleaned photo: the bytes to keep, their type and size.
type Photo struct {
	Bytes         []byte
	ContentType   string // image/jpeg or image/png
	Width, Height int
}

// Clean reads a photo from r and returns it written again without its
// metadata. A JPEG's Exif orientation is applied to the pixels first, so a
// photo a phone took upright stays upright without the Exif block that
// said how to turn it. Errors: ErrTooLarge for a file over MaxBytes or a picture
// over MaxPixels; ErrNotImage for anything that is not a JPEG or PNG that
// decodes.
func Clean(r io.Reader) (Photo, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Photo{}, err
	}
	if len(data) > MaxBytes {
		return Photo{}, ErrTooLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return Photo{}, ErrNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Photo{}, ErrTooLarge
	}
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if err := pixelsAtOnce.Acquire(context.Background(), pixels); err != nil {
		return Photo{}, err
	}
	defer pixelsAtOnce.Release(pixels)
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Photo{}, ErrNotImage
	}
	if format == "jpeg" {
		img = upright(img, exifOrientation(data))
	}
	var out bytes.Buffer
	p := Photo{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	if format == "png" {
		p.ContentType, err = "image/png", png.Encode(&out, img)
	} else {
		p.ContentType, err = "image/jpeg", jpeg.Encode(&out, img, &jpeg.Options{Quality: 88})
	}
	if err != nil {
		return Photo{}, err
	}
	p.Bytes = out.Bytes()
	return p, nil
}
