// Package phototest makes the photos tests send: JPEGs as a phone writes
// them, with an Exif block saying how the camera was held and where it was.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Colours of the marked corners of Picture, and its size as stored.
var (
	Red  = color.RGBA{255, 0, 0, 255}
	Blue = color.RGBA{0, 0, 255, 255}
)

// Width and Height are the picture's size as stored (before turning).
const Width, Height = 40, 30

// Picture is a 40×30 picture: red in the top-left 10×10 corner, blue in
// the bottom-left, shade elsewhere (so two pictures of different shade are
// different files).
func Picture(shade uint8) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	for x := range Width {
		for y := range Height {
			c := color.RGBA{shade, shade, shade, 255}
			switch {
			case x < 10 && y < 10:
				c = Red
			case x < 10 && y >= Height-10:
				c = Blue
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// JPEG is Picture(shade) as a phone stores it: an Exif block (in the byte
// order given) whose first directory names the camera ("Acm") and holds
// where it was (secret, as an ASCII tag) and the Orientation tag.
func JPEG(shade uint8, orientation uint16, order binary.AppendByteOrder, secret string) []byte {
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, Picture(shade), &jpeg.Options{Quality: 95}); err != nil {
		panic(err) // encoding an in-memory RGBA picture cannot fail
	}
	mark := "MM"
	if order == binary.LittleEndian {
		mark = "II"
	}
	value := []byte(secret + "\x00")
	valueAt := uint32(8 + 2 + 3*12 + 4) // the header, then the directory, then the values
	t := []byte(mark)
	t = order.AppendUint16(t, 42)
	t = order.AppendUint32(t, 8)
	t = order.AppendUint16(t, 3)
	t = order.AppendUint16(t, 0x010F) // Make, ASCII, four bytes held in place
	t = order.AppendUint16(t, 2)
	t = order.AppendUint32(t, 4)
	t = append(t, "Acm\x00"...)
	t = order.AppendUint16(t, 0x010E) // ImageDescription, ASCII, held after the directory
	t = order.AppendUint16(t, 2)
	t = order.AppendUint32(t, uint32(len(value)))
	t = order.AppendUint32(t, valueAt)
	t = order.AppendUint16(t, 0x0112) // Orientation, SHORT
	t = order.AppendUint16(t, 3)
	t = order.AppendUint32(t, 1)
	t = order.AppendUint16(t, orientation)
	t = append(t, 0, 0)
	t = order.AppendUint32(t, 0) // no next directory
	t = append(t, value...)
	body := append([]byte("Exif\x00\x00"), t...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(body)+2))
	b := plain.Bytes()
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	out = append(out, body...)
	return append(out, b[2:]...)
}

// Near compares colours as a JPEG keeps them: within a few steps.
func Near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(got uint32, w uint8) bool { return int(got>>8)-int(w) < 24 && int(w)-int(got>>8) < 24 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}
