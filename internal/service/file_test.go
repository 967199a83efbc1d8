package service

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

func officeZip(t *testing.T, part string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", part} {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("<xml/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniffContentType(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"a.pdf", []byte("%PDF-1.7\n%âãÏÓ"), MIMEPDF},
		{"a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), MIMEPNG},
		{"a.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, MIMEJPEG},
		{"a.gif", []byte("GIF89a\x01\x00"), MIMEGIF},
		{"a.webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), MIMEWebP},
		{"a.heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), MIMEHEIC},
		{"a.txt", []byte("Dear council,\r\nThe bin was not collected. £5 — thanks\n"), MIMEText},
		{"cut.txt", []byte("caf\xc3"), MIMEText}, // a character cut off at the end of head
		{"a.docx", officeZip(t, "word/document.xml"), MIMEDOCX},
		{"a.xlsx", officeZip(t, "xl/workbook.xml"), MIMEXLSX},
		{"a.zip", officeZip(t, "other/thing.bin")[:40], ""},
		{"evil.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), ""}, // a Windows program named .pdf
		{"bin.txt", []byte("text\x00with NUL"), ""},
		{"latin1.txt", []byte("caf\xe9 au lait"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SniffContentType(tt.name, tt.head); got != tt.want {
				t.Fatalf("SniffContentType(%s) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestCheckFile(t *testing.T) {
	q := &Question{ID: "photo", Type: TypeFile, Label: "a photo", Accept: []string{MIMEJPEG, MIMEPNG}, MaxBytes: 2 << 20}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00")
	tests := []struct {
		name string
		head []byte
		size int64
		want string
	}{
		{"good.png", png, 1000, ""},
		{"empty.png", nil, 0, "The selected file is empty"},
		{"big.png", png, 3 << 20, "The selected file must be smaller than 2MB"},
		{"doc.pdf", []byte("%PDF-1.4"), 1000, "The selected file must be a JPG or PNG"},
		{"renamed.png", []byte("%PDF-1.4"), 1000, "The selected file must be a JPG or PNG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckFile(q, tt.name, tt.head, tt.size)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckFile: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, fault.Invalid) || ve.Errors.Get("photo") != tt.want {
				t.Fatalf("CheckFile = %v, want %q", err, tt.want)
			}
		})
	}
}
