package service

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Content types CheckFile recognises by their bytes.
const (
	MIMEPDF  = "application/pdf"
	MIMEPNG  = "image/png"
	MIMEJPEG = "image/jpeg"
	MIMEGIF  = "image/gif"
	MIMEWebP = "image/webp"
	MIMEHEIC = "image/heic"
	MIMEText = "text/plain"
	MIMEDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MIMEXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	// MIMEODT is an OpenDocument text file (LibreOffice Writer): its zip
	// begins, by the format's rule, with an uncompressed "mimetype" entry.
	MIMEODT = "application/vnd.oasis.opendocument.text"
)

// DefaultMaxBytes limits a file question without max_bytes: 10 MB.
const DefaultMaxBytes = 10 << 20

var allTypes = []string{MIMEPDF, MIMEPNG, MIMEJPEG, MIMEGIF, MIMEWebP, MIMEHEIC, MIMEText, MIMEDOCX, MIMEXLSX, MIMEODT}

var typeNames = map[string]string{
	MIMEPDF: "PDF", MIMEPNG: "PNG", MIMEJPEG: "JPG", MIMEGIF: "GIF", MIMEWebP: "WebP",
	MIMEHEIC: "HEIC", MIMEText: "TXT", MIMEDOCX: "Word document (DOCX)", MIMEXLSX: "Excel spreadsheet (XLSX)", MIMEODT: "OpenDocument text (ODT)",
}

// CheckFile checks an upload for a file question before it is kept: not
// empty, within max_bytes (default 10 MB), and of an accepted type judged by
// its content, never by its name or the browser's say-so. head is the start
// of the file: 512 bytes tell most types apart; pass up to 64 KiB so Word
// and Excel files (zip archives) can be told from each other. It returns a
// *ValidationError whose message suits the GOV.UK file upload component.
func CheckFile(q *Question, name string, head []byte, size int64) error {
	fail := func(msg string) error { return FieldErrors{{q.ID, msg}}.Err() }
	if size <= 0 || len(head) == 0 {
		return fail(say(q, "The selected file is empty"))
	}
	if limit := maxBytes(q); size > limit {
		return fail(say(q, "The selected file must be smaller than %s", sizeText(limit)))
	}
	got := SniffContentType(name, head)
	if got == "" || !slices.Contains(accepted(q), got) {
		return fail(say(q, "The selected file must be %s", typeList(q, accepted(q))))
	}
	return nil
}

// SniffContentType names the type of a file from its first bytes: PDF, PNG,
// JPEG, GIF, WebP, HEIC, DOCX, XLSX, ODT or UTF-8 plain text; "" when it is none
// of these. name is only used to tell a Word from an Excel file when head is
// too short to show which.
func SniffContentType(name string, head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return MIMEPDF
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return MIMEPNG
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return MIMEJPEG
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return MIMEGIF
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return MIMEWebP
	case isHEIC(head):
		return MIMEHEIC
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) && len(head) > 38 && string(head[30:38]) == "mimetype":
		if bytes.HasPrefix(head[38:], []byte(MIMEODT)) {
			return MIMEODT
		}
		return ""
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return officeType(name, head)
	case isText(head):
		return MIMEText
	}
	return ""
}

func isHEIC(head []byte) bool {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return false
	}
	switch string(head[8:12]) {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
		return true
	}
	return false
}

// officeType tells DOCX from XLSX by the part names in the zip's local file
// headers (word/… or xl/…); other zips are refused.
func officeType(name string, head []byte) string {
	hasWord := bytes.Contains(head, []byte("word/"))
	hasXL := bytes.Contains(head, []byte("xl/"))
	switch {
	case hasWord && !hasXL:
		return MIMEDOCX
	case hasXL && !hasWord:
		return MIMEXLSX
	case !bytes.Contains(head, []byte("[Content_Types].xml")):
		return ""
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".docx":
		return MIMEDOCX
	case ".xlsx":
		return MIMEXLSX
	}
	return ""
}

// isText accepts UTF-8 without NUL or control characters other than tab,
// newlines and form feed; a character cut off at the end of head is allowed.
func isText(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n <= 1 {
			return len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:])
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7F {
			return false
		}
		i += n
	}
	return true
}

func maxBytes(q *Question) int64 {
	if q.MaxBytes > 0 {
		return q.MaxBytes
	}
	return DefaultMaxBytes
}

func accepted(q *Question) []string {
	if len(q.Accept) > 0 {
		return q.Accept
	}
	return allTypes
}

// sizeText writes a limit as people read it: 10MB, 500KB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%dKB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// typeList names types as "a PDF, JPG or PNG" ("PDF, JPG neu PNG").
func typeList(q *Question, types []string) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = typeNames[t]
	}
	if len(names) == 1 {
		return say(q, "a %s", names[0])
	}
	return say(q, "a %s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
