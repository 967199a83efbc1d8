package web

import (
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// downloadTypes are the content types a stored document is served as: the
// types uploads are accepted as (detected from their bytes). Anything else
// — a document stored before detection, a type no longer accepted — is
// application/octet-stream.
var downloadTypes = []string{service.MIMEPDF, service.MIMEPNG, service.MIMEJPEG, service.MIMEGIF,
	service.MIMEWebP, service.MIMEHEIC, service.MIMEText, service.MIMEDOCX, service.MIMEXLSX}

// SetDownloadHeaders makes a response a download of a stored document, the
// same way everywhere documents are served: always an attachment (never
// shown in our origin), named by service.StoredFileName (one extension, the
// detected type's, whatever name it arrived with) with prefix before it
// (a marking, or ""), as an ASCII filename and an RFC 6266 / RFC 8187
// filename* for the full UTF-8 name; the detected type, never sniffed;
// sandboxed if opened anyway; never cached.
func SetDownloadHeaders(h http.Header, prefix string, f service.FileRef) {
	ct := "application/octet-stream"
	if mt, _, err := mime.ParseMediaType(f.ContentType); err == nil && slices.Contains(downloadTypes, mt) {
		ct = mt
		if mt == service.MIMEText {
			ct = "text/plain; charset=utf-8"
		}
	}
	name := prefix + service.StoredFileName(f.Name, f.ContentType)
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", `attachment; filename="`+asciiFileName(name)+`"; filename*=UTF-8''`+url.PathEscape(name))
	if f.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
}

// asciiFileName is name for clients that do not read filename*: anything
// but printable ASCII, quotes and backslashes becomes "_".
func asciiFileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
}
