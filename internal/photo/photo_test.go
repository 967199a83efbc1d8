package photo_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/photo"
	"github.com/guildhall-platform/guildhall/internal/photo/phototest"
)

// picture is a small picture with something in it.
func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 90, 255})
		}
	}
	return img
}

// withExif is a JPEG as a phone writes it: an APP1 Exif segment (here
// holding a GPS position in words) and a comment, after the start marker.
func withExif(t *testing.T) []byte {
	t.Helper()
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, picture(), nil); err != nil {
		t.Fatal(err)
	}
	segment := func(marker byte, body string) []byte {
		s := []byte{0xFF, marker, 0, 0}
		binary.BigEndian.PutUint16(s[2:], uint16(len(body)+2))
		return append(s, body...)
	}
	b := plain.Bytes()
	out := append([]byte{}, b[:2]...)
	out = append(out, segment(0xE1, "Exif\x00\x00GPSLatitude 52.52013 GPSLongitude -1.82309 Model Pixel 9")...)
	out = append(out, segment(0xFE, "taken at 4 Mill Lane")...)
	return append(out, b[2:]...)
}

// withText is a PNG with a tEXt chunk naming where it was taken.
func withText(t *testing.T) []byte {
	t.Helper()
	var plain bytes.Buffer
	if err := png.Encode(&plain, picture()); err != nil {
		t.Fatal(err)
	}
	b := plain.Bytes()
	body := append([]byte("tEXt"), "Location\x004 Mill Lane, WV1 2AB"...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	ihdrEnd := 8 + 25 // signature, then IHDR's length, type, 13 bytes and CRC
	return append(append(append([]byte{}, b[:ihdrEnd]...), chunk...), b[ihdrEnd:]...)
}

// TestCleanStripsMetadata: a phone's JPEG with its Exif position and a
// comment, and a PNG with a text chunk, come back as the same picture
// with none of it; each still decodes at its size.
func TestCleanStripsMetadata(t *testing.T) {
	for _, tc := range []struct {
		name, contentType string
		in                []byte
		secrets           []string
	}{
		{"jpeg with exif", "image/jpeg", withExif(t), []string{"Exif", "GPS", "52.52013", "Pixel", "Mill Lane"}},
		{"png with text", "image/png", withText(t), []string{"tEXt", "Location", "Mill Lane"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.secrets {
				if !bytes.Contains(tc.in, []byte(s)) {
					t.Fatalf("the file sent lacks %q: the test proves nothing", s)
				}
			}
			p, err := photo.Clean(bytes.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if p.ContentType != tc.contentType || p.Width != 40 || p.Height != 30 {
				t.Errorf("got %s %dx%d", p.ContentType, p.Width, p.Height)
			}
			for _, s := range tc.secrets {
				if bytes.Contains(p.Bytes, []byte(s)) {
					t.Errorf("the cleaned photo still holds %q", s)
				}
			}
			if img, _, err := image.Decode(bytes.NewReader(p.Bytes)); err != nil || img.Bounds().Dx() != 40 {
				t.Errorf("the cleaned photo does not decode: %v", err)
			}
		})
	}
}

// TestCleanRefuses: what is not a JPEG or PNG photo, or is too big, is
// refused with the reason to give.
func TestCleanRefuses(t *testing.T) {
	var gif bytes.Buffer
	gif.WriteString("GIF89a")
	bomb := func() []byte { // a PNG header claiming 100,000 pixels square
		var b bytes.Buffer
		png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
		out := b.Bytes()
		binary.BigEndian.PutUint32(out[16:], 100_000)
		binary.BigEndian.PutUint32(out[20:], 100_000)
		binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
		return out
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"text", []byte("just some words"), photo.ErrNotImage},
		{"the EICAR test file", []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`), photo.ErrNotImage},
		{"a GIF", gif.Bytes(), photo.ErrNotImage},
		{"a truncated JPEG", withExif(t)[:200], photo.ErrNotImage},
		{"over 10 MB", append(withExif(t), strings.Repeat("\x00", photo.MaxBytes)...), photo.ErrTooLarge},
		{"a decompression bomb", bomb(), photo.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := photo.Clean(bytes.NewReader(tc.in)); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCleanTurnsPhotosUpright: a JPEG whose Exif says it was taken turned
// comes back with its pixels turned, so the red corner is where the camera
// saw it, and no Exif left to turn it twice.
func TestCleanTurnsPhotosUpright(t *testing.T) {
	red, blue := phototest.Red, phototest.Blue
	for _, tc := range []struct {
		name        string
		orientation uint16
		order       binary.AppendByteOrder
		w, h        int
		redAt       image.Point // the centre of the red corner, upright
		blueAt      image.Point
	}{
		{"as stored", 1, binary.BigEndian, 40, 30, image.Pt(5, 5), image.Pt(5, 25)},
		{"6, a phone held upright (Motorola order)", 6, binary.BigEndian, 30, 40, image.Pt(25, 5), image.Pt(5, 5)},
		{"6, a phone held upright (Intel order)", 6, binary.LittleEndian, 30, 40, image.Pt(25, 5), image.Pt(5, 5)},
		{"3, upside down", 3, binary.BigEndian, 40, 30, image.Pt(35, 25), image.Pt(35, 5)},
		{"8, turned the other way", 8, binary.BigEndian, 30, 40, image.Pt(5, 35), image.Pt(25, 35)},
		{"2, mirrored", 2, binary.BigEndian, 40, 30, image.Pt(35, 5), image.Pt(35, 25)},
		{"5, transposed", 5, binary.BigEndian, 30, 40, image.Pt(5, 5), image.Pt(25, 5)},
		{"7, transversed", 7, binary.BigEndian, 30, 40, image.Pt(25, 35), image.Pt(5, 35)},
		{"4, flipped", 4, binary.BigEndian, 40, 30, image.Pt(5, 25), image.Pt(5, 5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := phototest.JPEG(128, tc.orientation, tc.order, "GPS 52.52013 -1.82309")
			p, err := photo.Clean(bytes.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			img, err := jpeg.Decode(bytes.NewReader(p.Bytes))
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != tc.w || p.Height != tc.h || img.Bounds().Dx() != tc.w || img.Bounds().Dy() != tc.h {
				t.Fatalf("got %dx%d (decodes as %v), want %dx%d", p.Width, p.Height, img.Bounds(), tc.w, tc.h)
			}
			for _, want := range []struct {
				at image.Point
				c  color.RGBA
			}{{tc.redAt, red}, {tc.blueAt, blue}} {
				if !phototest.Near(img.At(want.at.X, want.at.Y), want.c) {
					t.Errorf("at %v: %v, want %v", want.at, img.At(want.at.X, want.at.Y), want.c)
				}
			}
			if bytes.Contains(p.Bytes, []byte("Exif")) || bytes.Contains(p.Bytes, []byte("Acm")) || bytes.Contains(p.Bytes, []byte("52.52013")) {
				t.Error("the cleaned photo still holds the Exif block")
			}
		})
	}
}
